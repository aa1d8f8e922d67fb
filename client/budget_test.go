package client

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client/sim"
)

const (
	consumedRouteName  = "GET cloud enterprises/{e}/consumed-licenses"
	rateLimitRouteName = "GET cloud rate_limit"
)

// A read that will not fit in what remains of the cloud's primary limit is said up
// front with its numbers and, without WaitForBudget and with the reset far away, stops
// having spent page 1 only: KindRateLimited, ErrOverBudget, the reset's time.
func TestOverBudgetReadStopsUpFront(t *testing.T) {
	t.Parallel()
	var plans []BudgetPlan
	c, srv := newSimClient(t, sim.Options{CloudUsers: 3000, PrimaryLimit: sim.PrimaryLimit{Limit: 20, Window: 2 * time.Minute}}, func(cfg *Config) {
		cfg.OnBudget = func(p BudgetPlan) { plans = append(plans, p) }
	})
	_, err := c.ConsumedLicenses(context.Background(), nil)
	if !errors.Is(err, ErrOverBudget) || KindOf(err) != KindRateLimited {
		t.Fatalf("err = %v, want ErrOverBudget as KindRateLimited", err)
	}
	if !strings.Contains(err.Error(), "29 requests needed, 19 remain until") || !strings.Contains(err.Error(), "--wait") {
		t.Errorf("error %q: want the numbers and --wait", err)
	}
	if len(plans) != 1 {
		t.Fatalf("plans %+v, want one", plans)
	}
	p := plans[0]
	if p.Side != "the cloud" || p.Needed != 29 || p.Remaining != 19 || p.Limit != 20 || p.Fits() || p.DoneAt.Before(p.Reset) {
		t.Errorf("plan %+v", p)
	}
	st := srv.Stats()
	if st.ByRoute[consumedRouteName] != 1 || st.ByRoute[rateLimitRouteName] != 1 || st.PrimaryLimitHits != 0 {
		t.Errorf("want page 1 and one GET /rate_limit, no refusal: %+v", st.ByRoute)
	}
}

// With WaitForBudget the read spends what remains, waits for the reset (said through
// OnWait) and finishes: every page asked for once, no refusal from the limit.
func TestOverBudgetReadWaitsForTheResetAndFinishes(t *testing.T) {
	t.Parallel()
	var log noticeLog
	var plans []BudgetPlan
	c, srv := newSimClient(t, sim.Options{CloudUsers: 3000, PrimaryLimit: sim.PrimaryLimit{Limit: 20, Window: 2 * time.Second}}, func(cfg *Config) {
		cfg.WaitForBudget = true
		cfg.OnWait = log.add
		cfg.OnBudget = func(p BudgetPlan) { plans = append(plans, p) }
	})
	var waiting []PageProgress // the console's countdown
	got, err := c.ConsumedLicenses(context.Background(), func(p PageProgress) {
		if !p.WaitingUntil.IsZero() {
			waiting = append(waiting, p)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(waiting) != 1 || waiting[0].Page != 20 || waiting[0].LastPage != 30 || len(waiting[0].Users) != 0 {
		t.Errorf("progress while waiting: %+v, want one after page 20 of 30", waiting)
	}
	if len(got.Users) != 3000 || len(plans) != 1 {
		t.Fatalf("%d users, plans %+v", len(got.Users), plans)
	}
	resets := 0
	for _, n := range log.all() {
		if n.Reason == "the cloud's rate limit to reset" {
			resets++
		}
	}
	st := srv.Stats()
	if resets != 1 || st.ByRoute[consumedRouteName] != 30 || st.PrimaryLimitHits != 0 {
		t.Errorf("%d waits for the reset, %d consumed-licenses requests, %d refusals: want 1, 30, 0 (notices %+v)",
			resets, st.ByRoute[consumedRouteName], st.PrimaryLimitHits, log.all())
	}
}

// Without a primary limit (GHES with rate limiting off: GET /rate_limit is a 404)
// there is nothing to plan: the read goes on whatever page 1's headers said.
func TestNoRateLimitMeansNoBudgetToPlan(t *testing.T) {
	t.Parallel()
	c, _ := newSimClient(t, sim.Options{CloudUsers: 300}, nil)
	b, err := c.rateBudget(context.Background(), SideCloud)
	if b != nil || err != nil {
		t.Fatalf("rateBudget = %+v, %v; want none", b, err)
	}
	limited, _ := newSimClient(t, sim.Options{CloudUsers: 300, PrimaryLimit: sim.PrimaryLimit{Limit: 50, Window: time.Minute}}, nil)
	b, err = limited.rateBudget(context.Background(), SideCloud)
	if err != nil || b == nil || b.Limit != 50 || b.Remaining != 50 || b.Reset.Before(time.Now()) {
		t.Fatalf("rateBudget = %+v, %v; want 50 of 50, free", b, err)
	}
}

// memStore is a SnapshotStore in memory: what was saved last, and every save.
type memStore struct {
	mu    sync.Mutex
	saved *Snapshot
	saves []SnapshotHead
}

func (m *memStore) Path(cloudURL, key string) string { return "mem" }

func (m *memStore) Load(string, bool) (*Snapshot, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.saved, nil
}

func (m *memStore) Save(_ string, head SnapshotHead, pages [][]ConsumedUser, all []ConsumedUser, confirmed time.Time) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.saved = &Snapshot{Head: head, Pages: pages, All: all, Confirmed: confirmed}
	m.saves = append(m.saves, head)
	return m.saved.Fingerprint(), nil
}

func (m *memStore) Confirm(string, time.Time) error { return nil }

// An unfinished read keeps its pages on disk as it goes (a partial snapshot), not only
// when it fails: a crash or a kill at page 10 leaves the 9 before it for the next run.
func TestUnfinishedReadKeepsItsPagesAsItGoes(t *testing.T) {
	t.Parallel()
	store := &memStore{}
	c, _ := newSimClient(t, sim.Options{CloudUsers: 2000}, func(cfg *Config) {
		cfg.Snapshots = store
		cfg.Concurrency = 1
	})
	c.checkpointEvery = 0 // every page
	var atTen *Snapshot
	_, err := c.ConsumedLicenses(context.Background(), func(p PageProgress) {
		if p.Page == 10 {
			atTen, _ = store.Load("mem", false)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if atTen == nil || !atTen.Head.Partial || atTen.Head.LastPage != 20 || len(atTen.Pages) != 9 {
		t.Fatalf("on disk at page 10: %+v", atTen)
	}
	if last := store.saved; last == nil || last.Head.Partial || len(last.Pages) != 20 {
		t.Fatalf("after the read: %+v", last)
	}
}
