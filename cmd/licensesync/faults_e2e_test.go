package main

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client/sim"
)

// The fault matrix: the real binary against a simulator that fails in the ways GitHub
// and the proxies in front of it do. Each row runs in parallel; the whole matrix stays
// well under a minute.

// faultWorld is the seeded world every row uses: small enough to be quick, large enough
// for several consumed-licenses pages fetched concurrently.
func faultWorld() sim.Options {
	return sim.Options{Seed: 7, Users: 2000, CloudUsers: 1200, LicenseSyncEnabled: true, SyncDuration: 300 * time.Millisecond}
}

// userKeys is the users --json output as a sorted list of canonical JSON records.
func userKeys(t *testing.T, r result) []string {
	t.Helper()
	var users []json.RawMessage
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &users) != nil {
		t.Fatalf("users --json:\n%s", r)
	}
	keys := make([]string, len(users))
	for i, u := range users {
		var v any
		_ = json.Unmarshal(u, &v)
		b, _ := json.Marshal(v)
		keys[i] = string(b)
	}
	slices.Sort(keys)
	return keys
}

func TestFaultMatrix(t *testing.T) {
	t.Parallel()
	clean := startInProcSim(t, baseEnv(t), faultWorld(), nil)
	want := userKeys(t, runBin(t, clean.env, "users", "--json"))
	if len(want) < 300 {
		t.Fatalf("the clean world has only %d users: too few pages to test", len(want))
	}
	rows := []struct {
		name string
		mod  func(*sim.Options)
		hits func(sim.Stats) int64 // how many faults the row must have injected
		runs int                   // users --json runs: enough requests for the faults to land
	}{
		{"10% 502/500, resets, latency spikes", func(o *sim.Options) {
			o.FailRate, o.ResetRate, o.SpikeRate, o.SpikeLatency = 0.10, 0.04, 0.05, 400*time.Millisecond
		}, func(s sim.Stats) int64 { return s.InjectedFailures + s.Resets }, 3},
		{"exhausted primary limit with its reset", func(o *sim.Options) {
			o.PrimaryLimit = sim.PrimaryLimit{Limit: 15, Window: 4 * time.Second} // 4s: spent even when -race on a busy machine sends slowly
		}, func(s sim.Stats) int64 {
			// The read plans its pages against the budget and waits for the reset (GET
			// /rate_limit), so it is not refused; status meets the limit either way.
			return s.PrimaryLimitHits + s.ByRoute["GET cloud rate_limit"]
		}, 1},
		{"secondary limits with Retry-After", func(o *sim.Options) {
			o.SecondaryLimit = sim.SecondaryLimit{MaxConcurrent: 2, PointsPerWindow: 5, Window: time.Second}
		}, func(s sim.Stats) int64 { return s.SecondaryLimitHits }, 1},
	}
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			opts := faultWorld()
			row.mod(&opts)
			faulty := startInProcSim(t, baseEnv(t), opts, nil)
			for range row.runs {
				got := userKeys(t, runBin(t, faulty.env, "users", "--json"))
				if !slices.Equal(got, want) {
					t.Errorf("users --json under faults: %d users, clean run %d; the sets differ", len(got), len(want))
				}
			}
			st := runBin(t, faulty.env, "status")
			if st.code != 0 || !strings.Contains(st.stdout, "GitHub Connect") {
				t.Errorf("status did not complete:\n%s", st)
			}
			stats := faulty.Stats()
			if row.hits(stats) == 0 {
				t.Errorf("no fault was injected: %+v", stats)
			}
			t.Logf("%s: %d requests, %d failures, %d resets, %d spikes, %d primary / %d secondary limit hits, %s",
				row.name, stats.Requests, stats.InjectedFailures, stats.Resets, stats.Spikes,
				stats.PrimaryLimitHits, stats.SecondaryLimitHits, time.Since(start).Round(time.Millisecond))
		})
	}
}

// TestEnableUnderFaultsTakesEffectOnce: the write's answer is lost after the change was
// made; the client reads back instead of writing again.
func TestEnableUnderFaultsTakesEffectOnce(t *testing.T) {
	t.Parallel()
	opts := faultWorld()
	opts.LicenseSyncEnabled = false
	opts.LostWriteReplies = 1
	p := startInProcSim(t, baseEnv(t), opts, nil)
	v0, _ := p.settings(t)
	r := runBin(t, p.env, "enable", "--yes")
	if r.code != 0 || !strings.Contains(r.stdout, "Disabled → Enabled") {
		t.Fatalf("enable with a lost reply:\n%s", r)
	}
	v1, ls := p.settings(t)
	st := p.Stats()
	if ls != "enabled" || v1 != v0+1 || st.Writes != 1 || st.LostReplies != 1 {
		t.Fatalf("want one write applied once: version %d → %d, license_sync %s, %d writes, %d lost replies", v0, v1, ls, st.Writes, st.LostReplies)
	}
}

// TestEnableAndSyncUnderRandomFaults: with 10% 502s and 500s and 4% resets, each
// change still happens exactly once, and every write the binary sent is in its trace.
func TestEnableAndSyncUnderRandomFaults(t *testing.T) {
	t.Parallel()
	for _, seed := range []int64{3, 11, 19, 23, 42} {
		opts := faultWorld()
		opts.Seed, opts.LicenseSyncEnabled = seed, false
		opts.FailRate, opts.ResetRate = 0.10, 0.04
		p := startInProcSim(t, baseEnv(t), opts, nil)
		v0, _ := p.settings(t)
		r := runBin(t, p.env, "enable", "--yes", "--debug")
		v1, ls := p.settings(t)
		patches := int64(strings.Count(r.stderr, "http: PATCH "))
		if r.code != 0 || ls != "enabled" || v1 != v0+1 || p.Stats().Writes != patches {
			t.Fatalf("seed %d: version %d → %d, license_sync %s, %d writes at the sim, %d in the trace:\n%s", seed, v0, v1, ls, p.Stats().Writes, patches, r)
		}
		s := runBin(t, p.env, "sync", "--wait")
		if js := p.Stats().JobsStarted; s.code != 0 || js != 1 {
			t.Fatalf("seed %d: sync --wait under faults started %d jobs:\n%s", seed, js, s)
		}
		assertNoSecret(t, r, sim.ServerAdminToken, sim.CloudAdminToken)
	}
}

// TestEnableSaysWhenSomeoneElseChangedTheSettings: between the command's read and its
// write another admin changes a setting; nothing is overwritten and the current value
// is shown.
func TestEnableSaysWhenSomeoneElseChangedTheSettings(t *testing.T) {
	t.Parallel()
	opts := faultWorld()
	opts.LicenseSyncEnabled = false
	var p *inProcSim
	other := func(next http.Handler) http.Handler {
		once := make(chan struct{}, 1)
		once <- struct{}{}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPatch {
				select {
				case <-once: // the other admin turns Dependabot on first
					req, _ := http.NewRequest(http.MethodPatch, p.srv.URL+r.URL.Path, strings.NewReader(`{"features":{"dependabot":"disabled"}}`))
					req.Header.Set("Authorization", "token "+sim.ServerAdminToken)
					if resp, err := http.DefaultClient.Do(req); err == nil {
						resp.Body.Close()
					}
				default:
				}
			}
			next.ServeHTTP(w, r)
		})
	}
	p = startInProcSim(t, baseEnv(t), opts, other)
	v0, _ := p.settings(t)
	r := runBin(t, p.env, "enable", "--yes")
	assertOneLineErrorAfterNotes(t, r)
	if r.code != 1 || !strings.Contains(r.stderr, "Someone else changed the GitHub Connect settings") ||
		!strings.Contains(r.stderr, "is now Disabled") || !strings.Contains(r.stderr, "Nothing was overwritten") {
		t.Fatalf("want the change by someone else shown:\n%s", r)
	}
	v1, ls := p.settings(t)
	if ls != "disabled" || v1 != v0+1 {
		t.Fatalf("license_sync %s, version %d → %d: only the other admin's change may have applied", ls, v0, v1)
	}
	// Run again: it reads the new version and applies.
	if again := runBin(t, p.env, "enable", "--yes"); again.code != 0 || !strings.Contains(again.stdout, "Disabled → Enabled") {
		t.Fatalf("enable again:\n%s", again)
	}
}

// assertOneLineErrorAfterNotes is assertOneLineError for commands that may print notes
// before the error: the last line is the error, and there is no stack trace.
func assertOneLineErrorAfterNotes(t *testing.T, r result) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if r.code == 0 || !strings.HasPrefix(lines[len(lines)-1], "licensesync: ") || strings.Contains(r.stderr, "goroutine ") {
		t.Fatalf("want an error line last on stderr and a failing exit:\n%s", r)
	}
}
