package main

import (
	"encoding/json"
	"slices"
	"testing"
)

// TestStatusRecordsTheCountedTwiceInHistory is issue 13 item 1: each sample status
// records carries the people counted twice that the same status computed
// (reconcile.counted_twice.people), before and after the demo's first sync.
func TestStatusRecordsTheCountedTwiceInHistory(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	people := func() int {
		t.Helper()
		r := runBin(t, env, "status", "--demo", "--json")
		var st struct {
			Reconcile *struct {
				CountedTwice struct {
					People int `json:"people"`
				} `json:"counted_twice"`
			} `json:"reconcile"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &st); err != nil || r.code != 0 || st.Reconcile == nil {
			t.Fatalf("status --json (%v):\n%s", err, r)
		}
		return st.Reconcile.CountedTwice.People
	}
	before := people()
	for _, args := range [][]string{{"enable", "--demo", "--yes"}, {"sync", "--demo", "--wait"}} {
		if r := runBin(t, env, args...); r.code != 0 {
			t.Fatalf("%v:\n%s", args, r)
		}
	}
	after := people()
	if before == after {
		t.Fatalf("the demo counts %d people twice before and after its first sync: the test cannot tell them apart", before)
	}
	r := runBin(t, env, "history", "--demo", "--json", "--since", "1h")
	var samples []struct {
		Source       string `json:"source"`
		CountedTwice *int   `json:"counted_twice"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &samples); err != nil || r.code != 0 {
		t.Fatalf("history (%v):\n%s", err, r)
	}
	var recorded []int
	for _, s := range samples {
		if s.Source == "observed" && s.CountedTwice != nil {
			recorded = append(recorded, *s.CountedTwice)
		}
	}
	if !slices.Contains(recorded, before) || !slices.Contains(recorded, after) {
		t.Errorf("history's counted-twice counts %v, want %d (before the sync) and %d (after)\n%s", recorded, before, after, r.stdout)
	}
}
