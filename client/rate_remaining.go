package client

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/licensesync/licensesync/client/transport"
)

// RateRemaining is what the last answer of one side said of one rate-limit budget
// (GitHub's x-ratelimit-* headers): requests left in the window, of how many, and when
// the window resets.
type RateRemaining struct {
	Side      string    // "server" or "cloud"
	Resource  string    // "core" (REST) or "graphql"
	Remaining int       // requests left in the window
	Limit     int       // requests the window allows
	Reset     time.Time // when the window starts again
	Seen      time.Time // when the answer came
}

// rateResources are the budgets kept: GitHub names others (search, code_scanning_upload),
// which licensesync does not spend. A name from the peer outside this set is not kept.
var rateResources = map[string]bool{"core": true, "graphql": true}

// rateBook keeps the last RateRemaining per side and resource. Safe for concurrent use.
type rateBook struct {
	mu   sync.Mutex
	last map[[2]string]RateRemaining
}

// see keeps what h says of its budget; an answer without the headers (an appliance
// with rate limits off) or with numbers that are not counts keeps nothing.
func (b *rateBook) see(side string, h http.Header, now time.Time) {
	if h == nil {
		return
	}
	resource := h.Get("X-Ratelimit-Resource")
	if resource == "" {
		resource = "core"
	}
	remaining, err1 := strconv.Atoi(h.Get("X-Ratelimit-Remaining"))
	limit, err2 := strconv.Atoi(h.Get("X-Ratelimit-Limit"))
	reset, err3 := strconv.ParseInt(h.Get("X-Ratelimit-Reset"), 10, 64)
	if !rateResources[resource] || err1 != nil || err2 != nil || remaining < 0 || limit <= 0 || remaining > limit {
		return
	}
	r := RateRemaining{Side: side, Resource: resource, Remaining: remaining, Limit: limit, Seen: now}
	if err3 == nil && reset > 0 {
		r.Reset = time.Unix(reset, 0)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.last == nil {
		b.last = map[[2]string]RateRemaining{}
	}
	b.last[[2]string{side, resource}] = r
}

// seeReply keeps the budget an exchange's answer, or its error's answer, reported.
func (b *rateBook) seeReply(side string, rep *reply, err error, now time.Time) {
	switch {
	case rep != nil:
		b.see(side, rep.header, now)
	case err != nil:
		if resp := transport.ResponseOf(err); resp != nil {
			b.see(side, resp.Header, now)
		}
	}
}

// RatesRemaining is the last word of each side's rate-limit budgets, server first, then
// cloud, core before graphql; a budget no answer spoke of is not listed.
func (c *Client) RatesRemaining() []RateRemaining {
	c.rates.mu.Lock()
	defer c.rates.mu.Unlock()
	var out []RateRemaining
	for _, side := range []string{"server", "cloud"} {
		for _, resource := range []string{"core", "graphql"} {
			if r, ok := c.rates.last[[2]string{side, resource}]; ok {
				out = append(out, r)
			}
		}
	}
	return out
}
