package client

import (
	"context"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client/sim"
)

func TestPaceResolve(t *testing.T) {
	for _, tc := range []struct {
		in, def, want Pace
	}{
		{Pace{}, DefaultCloudPace, Pace{900, time.Minute}},
		{Pace{}, Pace{}, Pace{0, time.Minute}},
		{Pace{Points: -1}, DefaultCloudPace, Pace{}},
		{Pace{Points: 90, Window: 6 * time.Second}, DefaultCloudPace, Pace{90, 6 * time.Second}},
		{Pace{Window: 6 * time.Second}, DefaultCloudPace, Pace{900, 6 * time.Second}},
	} {
		if got := tc.in.resolve(tc.def); got != tc.want {
			t.Errorf("%+v.resolve(%+v) = %+v, want %+v", tc.in, tc.def, got, tc.want)
		}
	}
}

// TestPacerSlidingLog checks the schedule on a fake clock: P points leave at once,
// the next only a window (and the margin) after the first.
func TestPacerSlidingLog(t *testing.T) {
	p := newPacer(Pace{Points: 3, Window: time.Second})
	now := time.Unix(1000, 0)
	p.now = func() time.Time { return now }
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // wait returns ctx.Err() instead of sleeping
	for i := range 3 {
		if err := p.wait(ctx, "GET x", 1); err != nil {
			t.Fatalf("point %d waited: %v", i, err)
		}
		p.done("GET x", false, 0)
		now = now.Add(10 * time.Millisecond)
	}
	if err := p.wait(ctx, "GET x", 1); err == nil {
		t.Fatal("a 4th point within the window was spent")
	}
	if err := p.wait(ctx, "GET y", 1); err != nil {
		t.Fatal("another endpoint has its own budget")
	}
	p.done("GET y", false, 0)
	now = time.Unix(1000, 0).Add(time.Second + p.margin)
	if err := p.wait(ctx, "GET x", 1); err != nil {
		t.Fatalf("after the window: %v", err)
	}
	p.done("GET x", true, 5*time.Second)
	now = now.Add(2 * time.Second)
	if err := p.wait(ctx, "GET x", 1); err == nil {
		t.Fatal("spent during a hold after a limit response")
	}
	now = now.Add(3 * time.Second)
	if err := p.wait(ctx, "GET x", 1); err != nil {
		t.Fatalf("after the hold: %v", err)
	}
	if p.limitHits.Load() != 1 {
		t.Fatalf("limit hits %d", p.limitHits.Load())
	}
	// After the refusal one request at a time, until a success raises the cap.
	if err := p.wait(ctx, "GET x", 1); err == nil {
		t.Fatal("two in flight right after a limit response")
	}
	p.done("GET x", false, 0)
	if err := p.wait(ctx, "GET x", 1); err != nil {
		t.Fatalf("after a success: %v", err)
	}
	p.done("GET x", false, 0)
}

// TestConsumedLicensesPacedUnderSecondaryLimit: a pace matching the server's limit
// fetches every page without one limit response.
func TestConsumedLicensesPacedUnderSecondaryLimit(t *testing.T) {
	limit := sim.SecondaryLimit{PointsPerWindow: 10, Window: 300 * time.Millisecond, MaxConcurrent: 100}
	c, srv := newSimClient(t, sim.Options{CloudUsers: 2500, SecondaryLimit: limit}, "", func(cfg *Config) {
		cfg.CloudPace = Pace{Points: 10, Window: 300 * time.Millisecond}
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
	limit := sim.SecondaryLimit{PointsPerWindow: 8, Window: 500 * time.Millisecond}
	c, srv := newSimClient(t, sim.Options{CloudUsers: 1200, SecondaryLimit: limit}, "", func(cfg *Config) {
		cfg.CloudPace = Pace{Points: -1}
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
