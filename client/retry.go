package client

import (
	"context"
	"math/rand/v2"
	"time"
)

// retryPolicy says how often and how patiently a request is tried again.
type retryPolicy struct {
	maxTries     int           // tries in all, the first included
	base         time.Duration // first back-off; doubles each time, with equal jitter (see backoff)
	maxBackoff   time.Duration // cap of one back-off
	maxRateWait  time.Duration // rate-limit waits longer than this in all end in KindRateLimited
	maxRateTries int           // refusals by a rate limit after which KindRateLimited is returned
}

func defaultRetryPolicy() retryPolicy {
	return retryPolicy{
		maxTries:     4,
		base:         300 * time.Millisecond,
		maxBackoff:   5 * time.Second,
		maxRateWait:  60 * time.Second,
		maxRateTries: 10,
	}
}

// backoff is the pause before try number attempt+1 (attempt counts from 1): a random
// duration in [d/2, d] where d = base·2^(attempt-1), capped at maxBackoff.
func (p retryPolicy) backoff(attempt int) time.Duration {
	d := p.base << (attempt - 1)
	if d > p.maxBackoff || d <= 0 {
		d = p.maxBackoff
	}
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + rand.N(half+1)
}

// sleep waits for d or until ctx is done, whichever comes first.
func sleep(ctx context.Context, d time.Duration) error {
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
