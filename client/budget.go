package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/licensesync/licensesync/client/transport"
)

// primaryWindow is how often GitHub's primary rate limit starts over: an hour. GET
// /rate_limit says when the present window ends, not how long the next one lasts.
const primaryWindow = time.Hour

// RateBudget is what remains of one side's primary rate limit (GET /rate_limit).
type RateBudget struct {
	Limit, Remaining int
	Reset            time.Time // when Remaining is Limit again
}

// rateBudget asks side's GET /rate_limit, which does not count against the limit. It
// is nil when the side says nothing usable: a 404 (GHES with rate limiting disabled),
// an error, or an answer without a limit. Only a cancelled ctx is an error.
func (c *Client) rateBudget(ctx context.Context, s side) (*RateBudget, error) {
	r := request{side: s, method: http.MethodGet, path: "rate_limit", op: "read " + c.sideName(s) + "'s rate limit", area: areaPublic}
	w, _, err := sendJSON[struct {
		Resources struct {
			Core struct {
				Limit     int   `json:"limit"`
				Remaining int   `json:"remaining"`
				Reset     int64 `json:"reset"`
			} `json:"core"`
		} `json:"resources"`
	}](ctx, c, r)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err != nil {
		return nil, nil // no budget to plan: the read goes on and meets the limit, if any, as it comes
	}
	core := w.Resources.Core
	if core.Limit <= 0 || core.Remaining < 0 || core.Remaining > core.Limit || core.Reset <= 0 {
		return nil, nil
	}
	return &RateBudget{Limit: core.Limit, Remaining: core.Remaining, Reset: time.Unix(core.Reset, 0)}, nil
}

// BudgetPlan is a paged read measured against a side's rate limit before it is made:
// Config.OnBudget gets it when the read will not fit.
type BudgetPlan struct {
	Side      string // "the cloud"
	Needed    int    // requests the read still needs (pages held with a validator are free)
	Remaining int    // requests the side's rate limit has left until Reset
	Limit     int    // requests a window of the limit holds
	Reset     time.Time
	// DoneAt is when the read would be done waiting for the limit as often as it takes:
	// what remains now, then a window at a time from Reset, at the pace.
	DoneAt time.Time
}

// Fits reports whether the read fits in what remains.
func (p BudgetPlan) Fits() bool { return p.Needed <= p.Remaining }

// ErrOverBudget is wrapped by the error of a read stopped before it began because it
// would not fit in what remains of the rate limit (Config.WaitForBudget false).
var ErrOverBudget = errors.New("not enough of the rate limit remains for this read")

// planBudget measures needed requests on side s against its rate limit. It is nil when
// the side has no budget to plan.
func (c *Client) planBudget(ctx context.Context, s side, needed int) (*BudgetPlan, error) {
	b, err := c.rateBudget(ctx, s)
	if b == nil || err != nil {
		return nil, err
	}
	p := &BudgetPlan{Side: "the " + c.sideName(s), Needed: needed, Remaining: b.Remaining, Limit: b.Limit, Reset: b.Reset}
	p.DoneAt = c.now().Add(c.paceTime(s, min(needed, b.Remaining)))
	if rest := needed - b.Remaining; rest > 0 {
		windows := (rest - 1) / b.Limit // whole windows spent before the last one
		p.DoneAt = b.Reset.Add(time.Duration(windows)*primaryWindow + c.paceTime(s, rest-windows*b.Limit))
	}
	return p, nil
}

// paceTime is the least time n requests to one endpoint of side s take at its pace.
func (c *Client) paceTime(s side, n int) time.Duration {
	pace := c.cfg.CloudPace.Resolve(transport.DefaultCloudPace)
	if s == sideServer {
		pace = c.cfg.ServerPace.Resolve(transport.Pace{})
	}
	if pace.Points <= 0 || n <= pace.Points {
		return 0
	}
	return time.Duration((n-1)/pace.Points) * pace.Window
}

// overBudget is the error of a read stopped before it spent more.
func (c *Client) overBudget(op string, p *BudgetPlan) *Error {
	return &Error{Kind: KindRateLimited, Op: op, ResetAt: p.Reset.UTC().Truncate(time.Second),
		Err:  fmt.Errorf("%w (%d requests needed, %d remain until %s); nothing more was spent", ErrOverBudget, p.Needed, p.Remaining, p.Reset.UTC().Format("15:04 UTC")),
		Hint: fmt.Sprintf("Run it again after %s, or with --wait to wait for the reset and go on.", p.Reset.UTC().Format("15:04 UTC"))}
}

// rateOfHeaders is what a response's x-ratelimit headers say remains of its side's
// primary limit; nil when they are missing or odd.
func rateOfHeaders(h http.Header) *RateBudget {
	limit, err1 := strconv.Atoi(strings.TrimSpace(h.Get("X-Ratelimit-Limit")))
	remaining, err2 := strconv.Atoi(strings.TrimSpace(h.Get("X-Ratelimit-Remaining")))
	reset, err3 := strconv.ParseInt(strings.TrimSpace(h.Get("X-Ratelimit-Reset")), 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || limit <= 0 || remaining < 0 || remaining > limit || reset <= 0 {
		return nil
	}
	return &RateBudget{Limit: limit, Remaining: remaining, Reset: time.Unix(reset, 0)}
}
