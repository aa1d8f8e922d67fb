package client

import (
	"net/http"
	"testing"
	"time"
)

// The budgets kept are the ones the headers state as counts; anything else is dropped,
// never kept as a 0.
func TestRateBookKeepsOnlyPlausibleBudgets(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	header := func(kv ...string) http.Header {
		h := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
		return h
	}
	c := &Client{}
	b := &c.rates
	b.see("cloud", header("X-Ratelimit-Remaining", "4990", "X-Ratelimit-Limit", "5000", "X-Ratelimit-Reset", "1800000600"), now)
	b.see("cloud", header("X-Ratelimit-Resource", "graphql", "X-Ratelimit-Remaining", "4999", "X-Ratelimit-Limit", "5000"), now)
	b.see("cloud", header("X-Ratelimit-Resource", "search", "X-Ratelimit-Remaining", "1", "X-Ratelimit-Limit", "30"), now)
	b.see("server", header("X-Ratelimit-Remaining", "9000", "X-Ratelimit-Limit", "5000"), now) // more left than allowed
	b.see("server", header("X-Ratelimit-Remaining", "-1", "X-Ratelimit-Limit", "5000"), now)
	b.see("server", header("X-Ratelimit-Remaining", "x", "X-Ratelimit-Limit", "5000"), now)
	b.see("server", http.Header{}, now) // rate limits off: no headers
	got := c.RatesRemaining()
	if len(got) != 2 || got[0].Resource != "core" || got[0].Remaining != 4990 || got[0].Limit != 5000 ||
		!got[0].Reset.Equal(time.Unix(1800000600, 0)) || got[1].Resource != "graphql" || got[1].Remaining != 4999 {
		t.Fatalf("%+v", got)
	}
}
