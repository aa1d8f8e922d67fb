package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// The "done when": a fresh demo warns that license sync is disabled; after
// enabling it and a sync, the seeded world is over its purchased seats: CRITICAL.
func TestCheckOnTheDemoFollowsTheWorld(t *testing.T) {
	env := baseEnv(t)
	r := runBin(t, env, "check", "--demo")
	if r.code != checkWarning || !strings.HasPrefix(r.stdout, "LICENSESYNC WARNING - license sync is disabled |") || strings.Count(r.stdout, "\n") != 1 {
		t.Fatalf("fresh demo:\n%s", r)
	}
	for _, args := range [][]string{{"enable", "--demo", "--yes"}, {"sync", "--demo", "--wait"}} {
		if r := runBin(t, env, args...); r.code != 0 {
			t.Fatalf("%v:\n%s", args, r)
		}
	}
	r = runBin(t, env, "check", "--demo", "--json")
	var v checkResult
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil || r.code != checkCritical || v.State != checkCritical || !strings.Contains(v.Summary, "cloud over purchased") {
		t.Fatalf("after sync (%v):\n%s", err, r)
	}
}

func TestCheckCannotCheckIsUnknown(t *testing.T) {
	env := baseEnv(t)
	for _, args := range [][]string{{"check"}, {"check", "--demo", "--stale", "soon"}, {"check", "--demo", "--expiry-critical", "60d"}} {
		r := runBin(t, env, args...)
		if r.code != checkUnknown || !strings.HasPrefix(r.stdout, "LICENSESYNC UNKNOWN - ") || r.stderr != "" {
			t.Errorf("%v:\n%s", args, r)
		}
	}
}
