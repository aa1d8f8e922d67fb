package transport

import (
	"context"
	"math/rand/v2"
	"time"
)

// retryPolicy says how often and how patiently a request is tried again.
type RetryPolicy struct {
	MaxTries     int           // tries in all, the first included
	Base         time.Duration // first back-off; doubles each time, with equal jitter (see backoff)
	MaxBackoff   time.Duration // cap of one back-off
	MaxRateWait  time.Duration // rate-limit waits longer than this in all end in KindRateLimited
	MaxRateTries int           // refusals by a rate limit after which KindRateLimited is returned
}

func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{
		MaxTries:     4,
		Base:         300 * time.Millisecond,
		MaxBackoff:   5 * time.Second,
		MaxRateWait:  60 * time.Second,
		MaxRateTries: 10,
	}
}

// backoff is the pause before try number attempt+1 (attempt counts from 1): a random
// duration in [d/2, d] where d = base·2^(attempt-1), capped at maxBackoff.
func (p RetryPolicy) Backoff(attempt int) time.Duration {
	d := p.Base << (attempt - 1)
	if d > p.MaxBackoff || d <= 0 {
		d = p.MaxBackoff
	}
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + rand.N(half+1)
}

// sleep waits for d or until ctx is done, whichever comes first.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
