package client

import (
	"context"
	"time"
)

// consumedBudget measures the pages from..last of a consumed-licenses read against the
// cloud's rate limit, before any of them is asked for. Pages the snapshot holds with a
// validator are free (a 304 does not count against the limit); page 1's own
// x-ratelimit headers answer first, and only when they say the rest will not fit is
// GET /rate_limit asked (it is free too, and says what remains now).
//
// It is nil when the read fits or there is no limit to plan. When it will not fit,
// Config.OnBudget is told; without Config.WaitForBudget the read stops here, having
// spent page 1 only (ErrOverBudget), unless the reset is as near as a refused request
// would wait for anyway (the retry policy's MaxRateWait); else the plan is what
// fetchWithinBudget keeps to.
func (c *Client) consumedBudget(ctx context.Context, snap *Snapshot, from, last int, first pageMeta) (*BudgetPlan, error) {
	needed := 0
	for p := from; p <= last; p++ {
		if snap.etag(p) == "" {
			needed++
		}
	}
	if needed == 0 || first.rate != nil && first.rate.Remaining >= needed {
		return nil, nil
	}
	plan, err := c.planBudget(ctx, SideCloud, needed)
	if err != nil || plan == nil || plan.Fits() {
		return nil, err
	}
	if c.cfg.OnBudget != nil {
		c.cfg.OnBudget(*plan)
	}
	if !c.cfg.WaitForBudget && plan.Reset.Sub(c.now()) > c.retry.MaxRateWait {
		return nil, c.overBudget("read the cloud's consumed licenses", plan)
	}
	return plan, nil
}

// fetchWithinBudget fetches pages from..last as fetchPagesConcurrently does. With a
// plan (a read that does not fit), it goes a part at a time: as many pages as remain
// of the limit, then the reset waited for (said through Config.OnWait, within the
// command's cap), then the budget asked again, until every page is in.
func (c *Client) fetchWithinBudget(ctx context.Context, path string, from, last int, snap *Snapshot, acc *consumedAccumulator, guard *pagingGuard, plan *BudgetPlan) error {
	if plan == nil {
		return c.fetchPagesConcurrently(ctx, path, from, last, snap, acc, guard)
	}
	remaining, reset := plan.Remaining, plan.Reset
	for from <= last {
		to, cost := from-1, 0
		for to < last && remaining > 0 {
			page := 0
			if snap.etag(to+1) == "" {
				page = 1
			}
			if cost+page > remaining {
				break
			}
			to, cost = to+1, cost+page
		}
		if to >= from {
			if err := c.fetchPagesConcurrently(ctx, path, from, to, snap, acc, guard); err != nil {
				return err
			}
			from, remaining = to+1, remaining-cost
			continue
		}
		until := reset.Add(time.Second) // the reset's second itself may still be refused
		notice := WaitNotice{Wait: max(until.Sub(c.now()), time.Second), Reason: "the cloud's rate limit to reset", Until: until}
		acc.waiting(until) // the console's countdown
		if err := c.wait(ctx, "read the cloud's consumed licenses", notice); err != nil {
			return err
		}
		b, err := c.rateBudget(ctx, SideCloud)
		if err != nil {
			return err
		}
		if b == nil { // no limit any more to plan: the rest as it comes
			return c.fetchPagesConcurrently(ctx, path, from, last, snap, acc, guard)
		}
		remaining, reset = b.Remaining, b.Reset
	}
	return nil
}
