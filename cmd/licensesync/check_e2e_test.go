package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/licensesync/licensesync/cmd/licensesync/check"
)

// The "done when": a fresh demo warns that license sync is disabled; after
// enabling it and a sync, the seeded world is over its purchased seats: CRITICAL.
func TestCheckOnTheDemoFollowsTheWorld(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	r := runBin(t, env, "check", "--demo")
	if r.code != check.Warning || !strings.HasPrefix(r.stdout, "LICENSESYNC WARNING - license sync is disabled |") || strings.Count(r.stdout, "\n") != 1 {
		t.Fatalf("fresh demo:\n%s", r)
	}
	for _, args := range [][]string{{"enable", "--demo", "--yes"}, {"sync", "--demo", "--wait"}} {
		if r := runBin(t, env, args...); r.code != 0 {
			t.Fatalf("%v:\n%s", args, r)
		}
	}
	r = runBin(t, env, "check", "--demo", "--json")
	var v check.Result
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil || r.code != check.Critical || v.State != check.Critical || !strings.Contains(v.Summary, "cloud over purchased") {
		t.Fatalf("after sync (%v):\n%s", err, r)
	}
}

func TestCheckCannotCheckIsUnknown(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	for _, args := range [][]string{{"check"}, {"check", "--demo", "--stale", "soon"}, {"check", "--demo", "--expiry-critical", "60d"},
		{"check", "--demo", "--over-warn", "200%"}, {"check", "--demo", "--over-warn", "0"}, {"check", "--demo", "--stale", "0d"},
		{"check", "--demo", "extra"}, {"check", "--demo", "--jq", ".", "--template", "x"}} {
		r := runBin(t, env, args...)
		if r.code != check.Unknown || !strings.HasPrefix(r.stdout, "LICENSESYNC UNKNOWN - ") || r.stderr != "" {
			t.Errorf("%v:\n%s", args, r)
		}
	}
}

// Thresholds that cannot work are refused as UNKNOWN, naming the valid range: a warning
// above 100% would come after the critical, and a zero --stale warns on every run.
func TestCheckRefusesImpossibleThresholds(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--over-warn", "200%"}, "--over-warn 200%: give a percentage of purchased seats above 0% and at most 100%"},
		{[]string{"--over-warn", "-5"}, "--over-warn -5%: give a percentage of purchased seats above 0% and at most 100%"},
		{[]string{"--stale", "0d"}, "--stale 0s: give how long without a successful sync is too long, more than 0, e.g. 8d"},
	} {
		r := runBin(t, env, append([]string{"check", "--demo"}, c.args...)...)
		if r.code != check.Unknown || !strings.HasPrefix(r.stdout, "LICENSESYNC UNKNOWN - "+c.want) {
			t.Errorf("%v: want UNKNOWN saying %q:\n%s", c.args, c.want, r)
		}
	}
	if r := runBin(t, env, "check", "--demo", "--over-warn", "100%", "--stale", "1h"); r.code == check.Unknown {
		t.Errorf("the edges of the ranges are refused:\n%s", r)
	}
}

// The "done when": a fresh demo's history has at least 30 daily points from
// Server Statistics, marked by source and as demo data, and the readings of commands.
func TestHistoryOnTheDemoIsBackfilledFromServerStatistics(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	if r := runBin(t, env, "status", "--demo"); r.code != 0 {
		t.Fatalf("status:\n%s", r)
	}
	r := runBin(t, env, "history", "--demo", "--json")
	var samples []struct {
		Source string `json:"source"`
		Demo   bool   `json:"demo"`
		Daily  bool   `json:"daily"`
		Used   *int   `json:"server_seats_used"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &samples); err != nil || r.code != 0 {
		t.Fatalf("%v:\n%s", err, r)
	}
	stats, observed := 0, 0
	for _, s := range samples {
		switch {
		case !s.Demo:
			t.Fatalf("a demo sample is not marked as demo data: %+v", s)
		case s.Source == "server-statistics" && s.Daily && s.Used != nil:
			stats++
		case s.Source == "observed":
			observed++
		}
	}
	if stats < 30 || observed < 1 {
		t.Fatalf("%d Server Statistics points, %d observed:\n%s", stats, observed, r.stdout)
	}
	// Real history is kept apart from the demo's; --demo-reset forgets the demo's.
	if r := runBin(t, env, "history", "--json"); r.code != 0 || strings.TrimSpace(r.stdout) != "[]" {
		t.Fatalf("history without --demo:\n%s", r)
	}
	// (history reads the status once itself: that one reading is all that is left).
	if r := runBin(t, env, "history", "--demo", "--demo-reset", "--json", "--since", "1h"); r.code != 0 || strings.Count(r.stdout, `"observed"`) != 1 {
		t.Fatalf("after --demo-reset:\n%s", r)
	}
}

// check is a --json command, so it takes --jq and --template as the others do (README);
// a filter that does not parse is UNKNOWN, as every bad flag of a monitoring plugin.
func TestCheckTakesJQAndTemplate(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	r := runBin(t, env, "check", "--demo", "--jq", ".state")
	if r.code != check.Warning || r.stdout != "WARNING\n" {
		t.Fatalf("--jq .state:\n%s", r)
	}
	r = runBin(t, env, "check", "--demo", "--template", "{{.code}} {{.summary}}")
	if r.code != check.Warning || r.stdout != "1 license sync is disabled" {
		t.Fatalf("--template:\n%s", r)
	}
	r = runBin(t, env, "check", "--demo", "--jq", ".[")
	var v check.Result
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil || r.code != check.Unknown || v.State != check.Unknown || !strings.Contains(v.Summary, "--jq") {
		t.Fatalf("a --jq that does not parse (%v):\n%s", err, r)
	}
}

// export --json takes --jq and --template too (README: every --json command).
func TestExportTakesJQ(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	out := t.TempDir() + "/usage.json"
	r := runBin(t, env, "export", "--demo", "-o", out, "--jq", ".source")
	if r.code != 0 || r.stdout != "the console API\n" {
		t.Fatalf("export --jq .source:\n%s", r)
	}
}
