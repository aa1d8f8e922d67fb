package client

import (
	"context"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client/sim"
	"github.com/licensesync/licensesync/client/transport"
)

// TestConsumedLicensesPacedUnderSecondaryLimit: a pace a little under the server's
// limit fetches every page without one limit response. (Not at the limit itself: at a
// 300ms window the pacer's jitter margin is 26ms, less than the scheduling delays of a
// loaded machine under -race; the default pace's one-minute window has 1.2s.)
func TestConsumedLicensesPacedUnderSecondaryLimit(t *testing.T) {
	limit := sim.SecondaryLimit{PointsPerWindow: 10, Window: 300 * time.Millisecond, MaxConcurrent: 100}
	c, srv := newSimClient(t, sim.Options{CloudUsers: 2500, SecondaryLimit: limit}, func(cfg *Config) {
		cfg.CloudPace = transport.Pace{Points: 7, Window: 300 * time.Millisecond}
		cfg.Concurrency = 8
	})
	got, err := c.ConsumedLicenses(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if hits := srv.Stats().SecondaryLimitHits; hits != 0 || got.Fetch.LimitHits != 0 {
		t.Fatalf("limit hits: sim %d, client %d", hits, got.Fetch.LimitHits)
	}
	seen := map[string]bool{}
	for _, u := range got.Users {
		if seen[u.GithubComLogin] {
			t.Fatalf("%s twice", u.GithubComLogin)
		}
		seen[u.GithubComLogin] = true
	}
	if len(got.Users) != 2500 || got.Fetch.Pages != 25 || got.Fetch.PaceWait <= 0 {
		t.Fatalf("%d users, %+v", len(got.Users), got.Fetch)
	}
}

// TestConsumedLicensesUnpacedRecoversFromLimit: without a pace the server's refusals
// are waited out (Retry-After) and the result is still complete.
func TestConsumedLicensesUnpacedRecoversFromLimit(t *testing.T) {
	t.Parallel() // it waits out a limit or a timeout: let the others run meanwhile
	// 3 points in 1.5s: the 12 pages overrun it even when -race on a busy machine makes
	// each request slow (8 in 500ms was not overrun at 150ms a request).
	limit := sim.SecondaryLimit{PointsPerWindow: 3, Window: 1500 * time.Millisecond}
	c, srv := newSimClient(t, sim.Options{CloudUsers: 1200, SecondaryLimit: limit}, func(cfg *Config) {
		cfg.CloudPace = transport.Pace{Points: -1}
		cfg.Concurrency = 2
	})
	got, err := c.ConsumedLicenses(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if srv.Stats().SecondaryLimitHits == 0 || got.Fetch.LimitHits == 0 {
		t.Fatalf("expected limit responses: sim %d, client %d", srv.Stats().SecondaryLimitHits, got.Fetch.LimitHits)
	}
	if len(got.Users) != 1200 {
		t.Fatalf("%d users", len(got.Users))
	}
}
