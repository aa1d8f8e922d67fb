package main

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client/sim"
)

// The token budget, end to end: the real binary against a sim whose primary limit is
// small (20 requests a window), with 35 pages of consumed licenses to read (3,000
// cloud members and the server's users who synced).

const (
	consumedRoute  = "GET cloud enterprises/{e}/consumed-licenses"
	rateLimitRoute = "GET cloud rate_limit"
)

// budgetWorld is 35 pages of consumed licenses under a primary limit of 20 a window.
func budgetWorld(window time.Duration) sim.Options {
	o := faultWorld()
	o.CloudUsers = 3000
	o.PrimaryLimit = sim.PrimaryLimit{Limit: 20, Window: window}
	return o
}

var planLine = regexp.MustCompile(`licensesync: the cloud's rate limit: this read needs 34 requests, \d+ remain until \d\d:\d\d UTC; done about \d\d:\d\d UTC`)

// A read that cannot fit, its reset far away: the plan is said first, with its
// numbers, and the command stops with the rate-limit exit code having asked for page 1
// only.
func TestUsersOverBudgetStopsUpFrontWithTheRateLimitExitCode(t *testing.T) {
	t.Parallel()
	p := startInProcSim(t, baseEnv(t), budgetWorld(time.Hour), nil)
	r := runBin(t, p.env, "users", "--json")
	if r.code != exitRateLimited || r.stdout != "" || !planLine.MatchString(r.stderr) {
		t.Fatalf("want the plan and exit %d:\n%s", exitRateLimited, r)
	}
	if !strings.Contains(r.stderr, "nothing more was spent") || !strings.Contains(r.stderr, "or with --wait") {
		t.Errorf("the stop does not say what to do:\n%s", r.stderr)
	}
	if st := p.Stats(); st.ByRoute[consumedRoute] != 1 || st.ByRoute[rateLimitRoute] != 1 || st.PrimaryLimitHits != 0 {
		t.Errorf("want page 1 and GET /rate_limit only, no refusal: %v, %d refusals", st.ByRoute, st.PrimaryLimitHits)
	}
}

// A read that cannot fit whose reset is near: the plan is said before the second page
// is asked for, the wait for the reset is said, and the read finishes with every user
// of a read that had the budget, each page asked for once and no refusal.
func TestUsersOverBudgetWaitsForANearResetThenFinishes(t *testing.T) {
	t.Parallel()
	opts := faultWorld()
	opts.CloudUsers = 3000
	clean := startInProcSim(t, baseEnv(t), opts, nil)
	want := userKeys(t, runBin(t, clean.env, "users", "--json"))

	p := startInProcSim(t, baseEnv(t), budgetWorld(3*time.Second), nil)
	r := runBin(t, p.env, "users", "--json", "--wait", "--debug")
	if got := userKeys(t, r); !slices.Equal(got, want) {
		t.Fatalf("%d users, want %d", len(got), len(want))
	}
	plan := planLine.FindStringIndex(r.stderr)
	page1 := strings.Index(r.stderr, "/consumed-licenses?")
	page2 := page1 + 1 + strings.Index(r.stderr[page1+1:], "/consumed-licenses?")
	if plan == nil || page1 < 0 || page2 <= page1 || plan[0] > page2 {
		t.Fatalf("the plan is not said before page 2 is asked for:\n%s", r.stderr)
	}
	if !regexp.MustCompile(`licensesync: waiting \d s for the cloud's rate limit to reset`).MatchString(r.stderr) {
		t.Errorf("the wait for the reset is not said:\n%s", r.stderr)
	}
	if st := p.Stats(); st.ByRoute[consumedRoute] != 35 || st.PrimaryLimitHits != 0 {
		t.Errorf("%d consumed-licenses requests, %d refusals: want 35, 0", st.ByRoute[consumedRoute], st.PrimaryLimitHits)
	}
}

// A status whose breakdown cannot fit in what remains says the plan, prints all it
// read, and exits with the rate-limit exit code (only the limit stopped a part), as
// users does; a part that failed otherwise keeps exit 1 (statusOutcome's own test).
func TestStatusOverBudgetExitsWithTheRateLimitExitCode(t *testing.T) {
	t.Parallel()
	p := startInProcSim(t, baseEnv(t), budgetWorld(time.Hour), nil)
	r := runBin(t, p.env, "status")
	if r.code != exitRateLimited || !planLine.MatchString(r.stderr) || !strings.Contains(r.stdout, "consumed of") ||
		!strings.Contains(r.stderr, "could not be read: cloud.consumed_licenses") {
		t.Fatalf("want the plan, the status and exit %d:\n%s", exitRateLimited, r)
	}
}

// --wait spends what is left before it waits; a reset past --max-wait then stops the
// command with the rate-limit exit code, saying the cap, and the pages read are kept.
func TestUsersWaitStopsAtMaxWait(t *testing.T) {
	t.Parallel()
	p := startInProcSim(t, baseEnv(t), budgetWorld(time.Hour), nil)
	r := runBin(t, p.env, "users", "--json", "--wait", "--max-wait", "2s")
	if r.code != exitRateLimited || !planLine.MatchString(r.stderr) || !strings.Contains(r.stderr, "this command may wait in all") ||
		!strings.Contains(r.stderr, "--max-wait") {
		t.Fatalf("want the plan, then the cap, exit %d:\n%s", exitRateLimited, r)
	}
	if n := p.Stats().ByRoute[consumedRoute]; n < 15 || n > 20 {
		t.Errorf("%d consumed-licenses requests: --wait spends what is left (about 19) first", n)
	}
	bad := runBin(t, p.env, "users", "--max-wait", "soon")
	if bad.code != exitCancelled || !strings.Contains(bad.stderr, `--max-wait "soon": want a duration such as 10m`) {
		t.Errorf("a bad --max-wait:\n%s", bad)
	}
}

// An interrupted read (the budget spent elsewhere meanwhile: page 15 is refused with
// a reset an hour away) keeps the pages it has; the next run resumes after them and
// the two runs together ask for each of the 35 pages once, plus page 1 again (a 304).
func TestInterruptedReadResumedFetchesEachPageOnce(t *testing.T) {
	t.Parallel()
	opts := faultWorld()
	opts.CloudUsers = 3000
	clean := startInProcSim(t, baseEnv(t), opts, nil)
	want := userKeys(t, runBin(t, clean.env, "users", "--json"))

	var refuse atomic.Bool
	refuse.Store(true)
	refused := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			page, _ := strconv.Atoi(r.URL.Query().Get("page"))
			if refuse.Load() && strings.HasSuffix(r.URL.Path, "/consumed-licenses") && page >= 15 {
				w.Header().Set("X-Ratelimit-Remaining", "0")
				w.Header().Set("X-Ratelimit-Reset", strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10))
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusForbidden)
				_, _ = w.Write([]byte(`{"message":"API rate limit exceeded for user ID 1."}`))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	p := startInProcSim(t, baseEnv(t), opts, refused)
	first := runBin(t, p.env, "users", "--json", "--concurrency", "1")
	if first.code != exitRateLimited || first.stdout != "" {
		t.Fatalf("the refused read:\n%s", first)
	}
	refuse.Store(false)
	second := runBin(t, p.env, "users", "--json")
	if got := userKeys(t, second); !slices.Equal(got, want) {
		t.Fatalf("resumed: %d users, want %d as an uninterrupted read", len(got), len(want))
	}
	st := p.Stats()
	if st.ByRoute[consumedRoute] != 36 || st.NotModified != 1 {
		t.Errorf("%d consumed-licenses requests (%d answered 304): want 36, each of the 35 pages once and page 1 again as a 304",
			st.ByRoute[consumedRoute], st.NotModified)
	}
}
