package main

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client/sim"
)

// reclaimWorld is a small simulated enterprise: a handful of dormant users, so that a
// run paced a second a write stays short, one of them LDAP-managed (GitHub refuses to
// suspend it).
var reclaimWorld = sim.Options{Seed: 26, Users: 60, CloudUsers: 40}

// suspended reads a server user's suspended_at straight from the sim.
func (p *inProcSim) suspended(t *testing.T, login string) bool {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "http://sim.test/api/v3/users/"+login, nil)
	req.Header.Set("Authorization", "token "+sim.ServerAdminToken)
	rec := httptest.NewRecorder()
	p.Handler().ServeHTTP(rec, req)
	var u struct {
		SuspendedAt *string `json:"suspended_at"`
	}
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &u) != nil {
		t.Fatalf("reading %s from the sim: %d %s", login, rec.Code, rec.Body)
	}
	return u.SuspendedAt != nil
}

// writesTo is how many writes of method reached the sim for each user's suspension.
func (p *inProcSim) writesTo(method string) map[string]int64 {
	out := map[string]int64{}
	for target, n := range p.Stats().ByTarget {
		if login, ok := strings.CutPrefix(target, method+" server users/"); ok {
			out[strings.TrimSuffix(login, "/suspended")] = n
		}
	}
	return out
}

// reclaimPlan is the part of `reclaim --json` the tests read.
type reclaimPlan struct {
	Actions []struct {
		Target string `json:"target"`
		Kind   string `json:"kind"`
	} `json:"actions"`
}

func planTargets(t *testing.T, r result) []string {
	t.Helper()
	var p reclaimPlan
	if err := json.Unmarshal([]byte(r.stdout), &p); err != nil {
		t.Fatalf("plan JSON: %v\n%s", err, r)
	}
	var out []string
	for _, a := range p.Actions {
		out = append(out, a.Target)
	}
	return out
}

func TestReclaimPlansAppliesOnceUndoesAndKeepsHistory(t *testing.T) {
	p := startInProcSim(t, baseEnv(t), reclaimWorld, nil)
	plan := runBin(t, p.env, "reclaim", "--dormant", "--json")
	targets := planTargets(t, plan)
	if plan.code != 0 || len(targets) == 0 {
		t.Fatalf("plan: %d targets\n%s", len(targets), plan)
	}
	text := runBin(t, p.env, "reclaim")
	if text.code != 0 || !strings.Contains(text.stdout, "Suspend dormant users") || !strings.Contains(text.stdout, "Nothing was changed") {
		t.Fatalf("text plan:\n%s", text)
	}
	refused := runBin(t, p.env, "reclaim", "--apply")
	if refused.code != exitCancelled || !strings.Contains(refused.stderr, "--yes") {
		t.Errorf("--apply without a terminal or --yes should refuse:\n%s", refused)
	}
	if w := p.Stats().ByTarget; len(w) != 0 {
		t.Fatalf("planning wrote to the sim: %v", w)
	}

	applied := runBin(t, p.env, "reclaim", "--dormant", "--apply", "--yes", "--json")
	var res struct {
		RunID    string `json:"run_id"`
		Outcomes []struct {
			Action struct {
				Target string `json:"target"`
			} `json:"action"`
			Outcome string `json:"outcome"`
			Detail  string `json:"detail"`
		} `json:"outcomes"`
	}
	if err := json.Unmarshal([]byte(applied.stdout), &res); err != nil || len(res.Outcomes) != len(targets) {
		t.Fatalf("apply: %v\n%s", err, applied)
	}
	puts := p.writesTo(http.MethodPut)
	var done, notDone []string
	for _, o := range res.Outcomes {
		login := o.Action.Target
		if n := puts[login]; n != 1 {
			t.Errorf("%s: %d suspension writes, want exactly 1", login, n)
		}
		switch o.Outcome {
		case "done":
			done = append(done, login)
			if !p.suspended(t, login) {
				t.Errorf("%s reported done but not suspended in the sim", login)
			}
		case "refused":
			notDone = append(notDone, login) // an LDAP-managed account: GitHub's 403
			if !strings.Contains(o.Detail, "LDAP") || !strings.Contains(o.Detail, "in the directory") {
				t.Errorf("%s refused without GitHub's words and what to do: %q", login, o.Detail)
			}
		default:
			t.Errorf("%s: outcome %s", login, o.Outcome)
		}
	}
	if len(puts) != len(targets) || len(done) == 0 {
		t.Fatalf("writes %v for %d planned targets, %d done", puts, len(targets), len(done))
	}
	if len(notDone) != 1 || applied.code != exitFailure || !strings.Contains(applied.stderr, "1 refused") {
		t.Errorf("want the one LDAP-managed account refused, counted, and exit 1; got %v, exit %d\n%s", notDone, applied.code, applied)
	}

	// Again, keeping the refused accounts out: nothing left to do, nothing written.
	keep := filepath.Join(t.TempDir(), "keep.txt")
	if err := os.WriteFile(keep, []byte("# LDAP-managed\n"+strings.Join(notDone, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	before := p.Stats().Writes
	again := runBin(t, p.env, "reclaim", "--dormant", "--apply", "--yes", "--keep", keep)
	if again.code != 0 || !strings.Contains(again.stdout, "Nothing to reclaim") || p.Stats().Writes != before {
		t.Fatalf("second apply wrote %d times:\n%s", p.Stats().Writes-before, again)
	}

	undo := runBin(t, p.env, "reclaim", "--undo", "--yes")
	if undo.code != 0 || !strings.Contains(undo.stdout, "Undo run") {
		t.Fatalf("undo:\n%s", undo)
	}
	deletes := p.writesTo(http.MethodDelete)
	for _, login := range done {
		if deletes[login] != 1 || p.suspended(t, login) {
			t.Errorf("%s after undo: %d unsuspensions, suspended %v", login, deletes[login], p.suspended(t, login))
		}
	}
	if len(deletes) != len(done) {
		t.Errorf("undo wrote %v; want one write per account the run suspended (%d)", deletes, len(done))
	}

	hist := runBin(t, p.env, "reclaim", "--history", "--json")
	var runs []struct {
		ID, Kind, UndoOf string
		Finished         bool
	}
	if err := json.Unmarshal([]byte(hist.stdout), &runs); err != nil || len(runs) != 2 ||
		runs[0].ID != res.RunID || runs[0].Kind != "apply" || runs[1].Kind != "undo" || !runs[1].Finished {
		t.Fatalf("history: %v %+v\n%s", err, runs, hist)
	}
	if last := runBin(t, p.env, "reclaim", "--undo", "--yes"); last.code == 0 || !strings.Contains(last.stderr, "no applied reclaim run is left") {
		t.Errorf("a second undo should find nothing:\n%s", last)
	}
}

// TestReclaimKilledMidApplyContinuesEveryActionOnce kills the process (SIGKILL, no
// chance to tidy up) in the middle of an apply, then applies again: the run continues
// and every planned account got exactly one write in all.
func TestReclaimKilledMidApplyContinuesEveryActionOnce(t *testing.T) {
	p := startInProcSim(t, baseEnv(t), reclaimWorld, nil)
	targets := planTargets(t, runBin(t, p.env, "reclaim", "--dormant", "--json"))
	if len(targets) < 4 {
		t.Fatalf("want at least 4 planned actions, got %v", targets)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, "reclaim", "--dormant", "--apply", "--yes")
	cmd.Env = p.env
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if strings.Contains(sc.Text(), "[3/") { // two writes made, the third under way
			break
		}
	}
	cmd.Process.Kill()
	_ = cmd.Wait()
	partial := p.writesTo(http.MethodPut)
	if len(partial) == 0 || len(partial) >= len(targets) {
		t.Fatalf("killed run wrote %v of %d; the kill came too late or too early", partial, len(targets))
	}
	history := runBin(t, p.env, "reclaim", "--history")
	if !strings.Contains(history.stdout, "unfinished") {
		t.Errorf("the killed run is not listed as unfinished:\n%s", history)
	}

	again := runBin(t, p.env, "reclaim", "--dormant", "--apply", "--yes")
	if again.code != 0 && again.code != exitFailure {
		t.Fatalf("continuing:\n%s", again)
	}
	puts := p.writesTo(http.MethodPut)
	for _, login := range targets {
		if puts[login] != 1 {
			t.Errorf("%s: %d suspension writes in all, want exactly 1 (%v)", login, puts[login], puts)
		}
	}
	if len(puts) != len(targets) {
		t.Errorf("writes to %d accounts, %d planned: %v", len(puts), len(targets), puts)
	}
}
