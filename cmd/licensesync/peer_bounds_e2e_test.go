package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client/replay"
)

// Nothing a peer sends can take licensesync down (docs/RELIABILITY.md, "Bounds"): a
// hostile replay of the cloud produces each class of misbehaviour, and each run ends
// with one clear line, the documented exit code, bounded memory and no token.

// maxPeakRSS is the most memory (peak resident set) one run may use against a hostile
// peer. A run that trusted the peer's numbers would grow without end.
const maxPeakRSS = 160 << 20

// measured is a run with the child's peak resident set size.
type measured struct {
	result
	peakRSS int64 // bytes
}

// runBinMeasured is runBin that also reads the child's peak RSS (getrusage), measured
// by this test binary started afresh as its parent (peakrss_test.go).
func runBinMeasured(t *testing.T, env []string, args ...string) measured {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	report, reportW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer report.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, self, append([]string{binary}, args...)...)
	cmd.Env = append(append([]string{}, env...), peakRSSEnv+"=1", "GOCOVERDIR="+t.TempDir())
	cmd.ExtraFiles = []*os.File{reportW}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	reportW.Close()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running %v: %v", args, err)
	}
	var rss int64
	if _, err := fmt.Fscan(report, &rss); err != nil {
		t.Fatalf("running %v: no peak RSS from the helper: %v\n%s", args, err, errb.String())
	}
	return measured{result{out.String(), errb.String(), code}, rss}
}

// hostileEnv is replayEnv with the cloud's pace off (the bounds, not the pace, must
// stop a hostile chain).
func hostileEnv(t *testing.T, h replay.Hostility) (*replay.Server, []string) {
	t.Helper()
	srv, env := replayEnv(t, replay.Options{Hostile: h})
	return srv, append(env, "LICENSESYNC_PACE=off")
}

// tokenFragments are the 8-character pieces of the replay's tokens.
func tokenFragments() []string {
	var out []string
	for _, tok := range []string{replay.ServerToken, replay.CloudToken} {
		for i := 0; i+8 <= len(tok); i++ {
			out = append(out, tok[i:i+8])
		}
	}
	return out
}

func assertNoTokenFragment(t *testing.T, what string, r result) {
	t.Helper()
	for _, f := range tokenFragments() {
		if strings.Contains(r.stdout, f) || strings.Contains(r.stderr, f) {
			t.Errorf("%s: a piece of a token (%q) was written:\n%s", what, f, r)
			return
		}
	}
}

func TestHostilePagingStopsWithOneErrorAndBoundedMemory(t *testing.T) {
	t.Parallel()
	for name, h := range map[string]replay.Hostility{
		"huge rel=last":        replay.HugeLast,
		"overflowing rel=last": replay.OverflowLast,
		"endless next chain":   replay.EndlessNext,
		"looping next chain":   replay.LoopingNext,
		"empty pages":          replay.EmptyNext,
		"many large pages":     replay.LargePages,
	} {
		_, env := hostileEnv(t, h)
		for _, args := range [][]string{{"users"}, {"users", "--json"}, {"users", "--csv"}} {
			r := runBinMeasured(t, env, append(args, "--no-snapshot")...)
			what := name + ": " + strings.Join(args, " ")
			assertOneLineError(t, r.result)
			if r.code != 1 || !strings.Contains(r.stderr, "the cloud's paging is inconsistent") {
				t.Errorf("%s: want exit 1 saying the paging is inconsistent:\n%s", what, r.result)
			}
			if r.peakRSS <= 0 || r.peakRSS > maxPeakRSS {
				t.Errorf("%s: peak RSS %d MiB, want under %d MiB", what, r.peakRSS>>20, maxPeakRSS>>20)
			}
			t.Logf("%s: peak RSS %.1f MiB", what, float64(r.peakRSS)/(1<<20))
			assertNoTokenFragment(t, what, r.result)
		}
	}
}

// TestNextChainWithoutLastIsFollowed: a cloud (or proxy) that sends rel="next" only is
// read page by page to the end.
func TestNextChainWithoutLastIsFollowed(t *testing.T) {
	t.Parallel()
	srv, env := replayEnv(t, replay.Options{Hostile: replay.NextWithoutLast, UserCopies: 3})
	r := runBin(t, env, "users", "--json", "--no-snapshot")
	var list []struct {
		IDs []string `json:"enterprise_server_user_ids"`
	}
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &list) != nil || len(list) != 6 {
		t.Fatalf("want the 6 users of 6 pages linked by next only:\n%s", r)
	}
	if hits := srv.Hits("/cloud/enterprises/acme-cloud/consumed-licenses"); hits != 6 {
		t.Errorf("%d requests for 6 pages", hits)
	}
}

func TestWrongShapesAreSaidNotShown(t *testing.T) {
	t.Parallel()
	_, env := hostileEnv(t, replay.NullBody)
	r := runBin(t, env, "users")
	assertOneLineError(t, r)
	if r.code != 1 || !strings.Contains(r.stderr, "the answer is a JSON null, not a JSON object") {
		t.Errorf("null body: want exit 1 naming the shape:\n%s", r)
	}
	_, env = hostileEnv(t, replay.WrongTypeBody)
	r = runBin(t, env, "users")
	assertOneLineError(t, r)
	if r.code != 1 || !strings.Contains(r.stderr, "the answer is a JSON list, not a JSON object") {
		t.Errorf("a list body: want exit 1 naming the shape:\n%s", r)
	}
	r = runBin(t, env, "status")
	assertOneLineError(t, r)
	if r.code != 1 || !strings.Contains(r.stderr, "the answer is a JSON string, not a JSON object") {
		t.Errorf("a string license: want exit 1 naming the shape:\n%s", r)
	}

	_, env = hostileEnv(t, replay.NonObjectUsers)
	r = runBin(t, env, "users", "--json")
	var list []map[string]any
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &list) != nil || len(list) != 2 {
		t.Fatalf("want the 2 users that are objects:\n%s", r)
	}
	if !strings.Contains(r.stderr, "had 4 entries that are not user objects") || !strings.Contains(r.stderr, "lists 2 people but counts 5") {
		t.Errorf("the left-out entries and the count are not said:\n%s", r)
	}
}

func TestImpossibleNumbersAreSaidNotShown(t *testing.T) {
	t.Parallel()
	_, env := hostileEnv(t, replay.ImpossibleNumbers)
	r := runBin(t, env, "status")
	// Said in place of each value, with its source; never shown as a fact.
	for _, want := range []string{
		"seats                  impossible (-1 from the server license)",
		"seats used             impossible (-9,223,372,036,854,775,808 from the server license)",
		"seats consumed         impossible (-9,223,372,036,854,775,808 from the cloud's consumed licenses)",
		"seats purchased        impossible (-5 from the cloud's consumed licenses)",
		"users                  100 · 3 admins", // the rest of the picture
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("status lacks %q:\n%s", want, r)
		}
	}
	if r.code != 1 || strings.Contains(r.stdout, "available)") || strings.Contains(r.stdout, " consumed of ") {
		t.Fatalf("want exit 1 and no impossible number shown as a fact:\n%s", r)
	}
	if !strings.Contains(r.stderr, "The server license sent seats_used -9,223,372,036,854,775,808, which cannot be true (a count cannot be negative)") ||
		!strings.Contains(r.stderr, "5 number(s) cannot be true and are not shown: seats from the server license, seats_used from the server license") {
		t.Errorf("the impossible numbers are not said:\n%s", r)
	}
	j := runBin(t, env, "status", "--json")
	var st statusJSON
	if j.code != 1 || json.Unmarshal([]byte(j.stdout), &st) != nil {
		t.Fatalf("status --json:\n%s", j)
	}
	if len(st.Errors) != 0 {
		t.Errorf("errors = %+v; impossible numbers are not parts that failed", st.Errors)
	}
	if l := st.Server.License; l == nil || l.Seats != nil || l.SeatsUsed != nil || l.SeatsAvailable != nil || l.Kind != "standard" || st.Cloud.SeatsConsumed != nil || st.Cloud.SeatsPurchased != nil {
		t.Errorf("impossible numbers reached the JSON, or the license's other fields did not: %s", j.stdout)
	}
	if compact := compactJSON(t, j.stdout); !strings.Contains(compact, `{"source":"server license","field":"seats_used","value":-9223372036854775808,"reason":"a count cannot be negative"}`) ||
		!strings.Contains(compact, `{"source":"cloud's consumed licenses","field":"seats_purchased","value":-5,"reason":"a count cannot be negative"}`) {
		t.Errorf("impossible lacks the entries: %s", j.stdout)
	}
	u := runBin(t, env, "users")
	assertOneLineError(t, u)
	if u.code != 1 || strings.Contains(u.stderr, "-9223372036854775808 ") {
		t.Errorf("users:\n%s", u)
	}
}

// TestStalledConsumedReadFailsStatus: a consumed-licenses read that never answers is a
// timeout after the retries: the rest is shown, the part is listed, the exit is 1.
func TestStalledConsumedReadFailsStatus(t *testing.T) {
	t.Parallel()
	_, env := hostileEnv(t, replay.StallConsumed)
	env = append(env, "LICENSESYNC_REQUEST_TIMEOUT=300ms")
	r := runBin(t, env, "status", "--json")
	var st statusJSON
	if r.code != 1 || json.Unmarshal([]byte(r.stdout), &st) != nil {
		t.Fatalf("want exit 1 with the status still printed:\n%s", r)
	}
	if len(st.Errors) != 1 || st.Errors[0].Part != "cloud.consumed_licenses" || st.Errors[0].Kind != "timeout" || st.Errors[0].Message == "" {
		t.Errorf("errors = %+v", st.Errors)
	}
	if st.Cloud.SeatsConsumed != nil || st.Server.Version != "3.22.0" || len(st.Cloud.Servers) != 2 {
		t.Errorf("the other parts are not shown, or a missing number is: %s", r.stdout)
	}
	if lines := strings.Split(strings.TrimSpace(r.stderr), "\n"); !strings.HasPrefix(lines[len(lines)-1], "licensesync: 1 part(s) of the status could not be read: cloud.consumed_licenses") {
		t.Errorf("the last line does not say what failed:\n%s", r)
	}
}

func TestTokenEchoedOrRedirectedNeverShown(t *testing.T) {
	t.Parallel()
	_, env := hostileEnv(t, replay.EchoToken)
	for _, args := range [][]string{{"users"}, {"users", "--debug"}, {"status"}, {"status", "--json", "--debug"}} {
		r := runBin(t, env, args...)
		if r.code == 0 {
			t.Errorf("%v succeeded against a failing cloud:\n%s", args, r)
		}
		assertNoTokenFragment(t, "echo: "+strings.Join(args, " "), r)
	}
	_, env = hostileEnv(t, replay.RedirectToken)
	r := runBin(t, env, "users", "--debug", "--no-snapshot")
	if r.code != 0 || !strings.Contains(r.stderr, "access_token=…") {
		t.Errorf("want the redirect followed and its query named, not shown:\n%s", r)
	}
	assertNoTokenFragment(t, "redirect", r)
}

// TestCSVNeverCarriesAFormula: cells that begin like a formula, also behind a tab, an
// escape sequence or a zero-width space, reach the CSV neutralised.
func TestCSVNeverCarriesAFormula(t *testing.T) {
	t.Parallel()
	_, env := hostileEnv(t, replay.FormulaNames)
	r := runBin(t, env, "users", "--csv")
	if r.code != 0 {
		t.Fatalf("users --csv:\n%s", r)
	}
	recs, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil || len(recs) != len(replay.FormulaLogins)+1 {
		t.Fatalf("%d records, %v:\n%s", len(recs), err, r.stdout)
	}
	for _, rec := range recs[1:] {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("cell %q begins a formula", cell)
			}
		}
		if !strings.HasPrefix(rec[0], "'") {
			t.Errorf("login %q is not neutralised", rec[0])
		}
	}
	assertTerminalSafe(t, "users --csv", r.stdout, true)
}
