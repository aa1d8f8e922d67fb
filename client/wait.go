package client

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/licensesync/licensesync/client/transport"
)

// DefaultMaxWait is how long one command waits in all, for rate limits, back-offs and
// a budget's reset together, when it sets no other bound (WithWaitCap).
const DefaultMaxWait = 5 * time.Minute

// WaitNotice says a wait before it begins (Config.OnWait): what it waits for, how long,
// and which try follows.
type WaitNotice struct {
	Wait   time.Duration
	Reason string    // what is waited for: "GitHub's rate limit", "a retry after a failure", "the cloud's rate limit to reset"
	Until  time.Time // when the wait ends, on the client's clock
	// Attempt is the try that follows the wait and Of the most there will be; both 0
	// for a wait that is no retry (a budget's reset).
	Attempt, Of int
}

// String is the notice as the commands print it:
// "waiting 20 s for GitHub's rate limit (attempt 2 of 3)".
func (n WaitNotice) String() string {
	s := "waiting " + waitWords(n.Wait) + " for " + n.Reason
	if n.Of > 0 {
		s += " (attempt " + strconv.Itoa(n.Attempt) + " of " + strconv.Itoa(n.Of) + ")"
	}
	return s
}

// waitWords says a wait in milliseconds under a second ("300 ms"), in whole seconds
// under two minutes ("20 s"), else rounded to the second ("12m3s").
func waitWords(d time.Duration) string {
	if d < time.Second {
		return strconv.Itoa(int(max(d.Round(time.Millisecond), time.Millisecond)/time.Millisecond)) + " ms"
	}
	d = d.Round(time.Second)
	if d < 2*time.Minute {
		return strconv.Itoa(int(d/time.Second)) + " s"
	}
	return d.String()
}

// waitCap is the bound on one command's waits in all, and what they came to so far.
type waitCap struct {
	mu     sync.Mutex
	max    time.Duration
	waited time.Duration
}

type waitCapKey struct{}

// WithWaitCap bounds the waits of every request made with ctx, in all, at max (the
// commands' --max-wait; 0: DefaultMaxWait). A wait that would pass it is not begun: the
// request ends in KindRateLimited saying so (ErrWaitCap).
func WithWaitCap(ctx context.Context, max time.Duration) context.Context {
	if max <= 0 {
		max = DefaultMaxWait
	}
	return context.WithValue(ctx, waitCapKey{}, &waitCap{max: max})
}

// ErrWaitCap is wrapped by the error of a request that stopped rather than wait past
// its command's bound (WithWaitCap).
var ErrWaitCap = errors.New("stopped waiting")

// take counts d against the cap, unless it would pass it.
func (w *waitCap) take(d time.Duration) (waited time.Duration, ok bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.waited+d > w.max {
		return w.waited, false
	}
	w.waited += d
	return w.waited, true
}

// wait says n (Config.OnWait) and sleeps it, within the context's cap: a wait past it
// is not begun, and ends op in a KindRateLimited error naming the cap. A cancelled
// context ends the sleep with its error.
func (c *Client) wait(ctx context.Context, op string, n WaitNotice) error {
	if n.Wait <= 0 {
		return ctx.Err()
	}
	if n.Until.IsZero() {
		n.Until = c.now().Add(n.Wait)
	}
	if cp, ok := ctx.Value(waitCapKey{}).(*waitCap); ok {
		if waited, ok := cp.take(n.Wait); !ok {
			return &Error{Kind: KindRateLimited, Op: op, ResetAt: n.Until.UTC().Truncate(time.Second),
				Err: fmt.Errorf("%w: %s more for %s would pass the %s this command may wait in all (%s waited already)",
					ErrWaitCap, waitWords(n.Wait), n.Reason, cp.max, waited.Round(time.Second)),
				Hint: fmt.Sprintf("Try again after %s, or allow a longer wait with --max-wait.", n.Until.UTC().Format("15:04:05 UTC"))}
		}
	}
	if c.cfg.OnWait != nil {
		c.cfg.OnWait(n)
	}
	if err := transport.Sleep(ctx, n.Wait); err != nil {
		return &Error{Kind: KindOther, Op: op, Err: err}
	}
	return nil
}
