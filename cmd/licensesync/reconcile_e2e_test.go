package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/client/sim"
)

func keysOf(m map[string]json.RawMessage) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// status --json carries "reconcile" exactly as README's contract says, before the
// first sync (with a projection) and after it (the parts add up to the list); users
// --duplicates --json has the contract's fields, one person each.
func TestReconcileContract(t *testing.T) {
	t.Parallel()
	for _, synced := range []bool{false, true} {
		p := startInProcSim(t, baseEnv(t), sim.Options{Seed: 5, Users: 300, CloudUsers: 200, LicenseSyncEnabled: synced}, nil)
		r := runBin(t, p.env, "status", "--json")
		var st struct {
			Reconcile map[string]json.RawMessage `json:"reconcile"`
		}
		if r.code != 0 || json.Unmarshal([]byte(r.stdout), &st) != nil {
			t.Fatalf("status --json:\n%s", r)
		}
		want := []string{"both", "cloud_only", "consumed", "counted_twice", "free", "other", "over", "pending_invitations",
			"projected_after_sync", "purchased", "server_only"}
		if got := keysOf(st.Reconcile); !slices.Equal(got, want) {
			t.Fatalf("reconcile keys %v, want %v", got, want)
		}
		var twice map[string]json.RawMessage
		_ = json.Unmarshal(st.Reconcile["counted_twice"], &twice)
		if got, want := keysOf(twice), []string{"exact_email_split", "lookalike", "no_verified_email", "people", "saml_mismatch", "vs_unmatched"}; !slices.Equal(got, want) {
			t.Fatalf("counted_twice keys %v, want %v", got, want)
		}
		num := func(k string) int {
			var n int
			_ = json.Unmarshal(st.Reconcile[k], &n)
			return n
		}
		if sum := num("both") + num("server_only") + num("cloud_only") + num("other"); sum != num("consumed") {
			t.Errorf("synced=%v: the parts add up to %d, consumed %d", synced, sum, num("consumed"))
		}
		projected := string(st.Reconcile["projected_after_sync"])
		if (projected == "null") != synced {
			t.Errorf("synced=%v: projected_after_sync %s", synced, projected)
		}
		if !synced {
			// Before the first sync: who it will count twice, from the server's accounts.
			d := runBin(t, p.env, "users", "--duplicates", "--json")
			var projected []json.RawMessage
			if d.code != 0 || json.Unmarshal([]byte(d.stdout), &projected) != nil || len(projected) < 2 ||
				!strings.Contains(d.stderr, "the first sync will count twice") {
				t.Fatalf("users --duplicates --json before the sync:\n%s", d)
			}
			continue
		}
		d := runBin(t, p.env, "users", "--duplicates", "--json")
		var findings []map[string]json.RawMessage
		if d.code != 0 || json.Unmarshal([]byte(d.stdout), &findings) != nil || len(findings) == 0 {
			t.Fatalf("users --duplicates --json:\n%s", d)
		}
		seen := map[string]bool{}
		for _, f := range findings {
			if got, want := keysOf(f), []string{"cloud_emails", "cloud_login", "confidence", "fix", "kind", "server_emails", "server_user_ids", "why"}; !slices.Equal(got, want) {
				t.Fatalf("finding keys %v, want %v", got, want)
			}
			var ids []string
			_ = json.Unmarshal(f["server_user_ids"], &ids)
			for _, id := range ids {
				if seen[id] {
					t.Errorf("server user %s in two findings", id)
				}
				seen[id] = true
			}
		}
		var people struct{ People int }
		_ = json.Unmarshal(st.Reconcile["counted_twice"], &people)
		if people.People != len(findings) {
			t.Errorf("status says %d people counted twice, users --duplicates lists %d", people.People, len(findings))
		}
		c := runBin(t, p.env, "users", "--duplicates", "--csv")
		recs, err := csv.NewReader(strings.NewReader(c.stdout)).ReadAll()
		if c.code != 0 || err != nil || len(recs) != len(findings)+1 || strings.Join(recs[0], ",") != strings.Join(seats.FindingCSVHeader, ",") {
			t.Errorf("users --duplicates --csv (%v):\n%s", err, c)
		}
	}
}

// A warm status takes the breakdown kept next to the snapshot: the same words and the
// same "reconcile" as when it was counted, and as --fresh counts them; the kept file
// is the owner's alone and names no person.
func TestWarmStatusTakesTheKeptBreakdown(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	p := startInProcSim(t, env, sim.Options{Seed: 5, Users: 300, CloudUsers: 200, LicenseSyncEnabled: true}, nil)
	home := strings.TrimPrefix(env[1], "HOME=")
	breakdown := func(args ...string) (text, reconcile string) {
		t.Helper()
		r := runBin(t, p.env, append([]string{"status"}, args...)...)
		j := runBin(t, p.env, append([]string{"status", "--json"}, args...)...)
		var st struct {
			Reconcile json.RawMessage `json:"reconcile"`
		}
		if r.code != 0 || j.code != 0 || json.Unmarshal([]byte(j.stdout), &st) != nil || len(st.Reconcile) < 10 {
			t.Fatalf("status %v:\n%s\n%s", args, r, j)
		}
		_, text, _ = strings.Cut(r.stdout, "Where the seats go")
		_, text, _ = strings.Cut(text, "\n") // after "(users read 2s ago)"
		return text, string(st.Reconcile)
	}
	counted, countedJSON := breakdown()
	files, _ := filepath.Glob(filepath.Join(home, ".cache", "licensesync", "*.breakdown"))
	if len(files) != 1 {
		t.Fatalf("kept breakdowns: %v", files)
	}
	info, err := os.Stat(files[0])
	data, _ := os.ReadFile(files[0])
	if err != nil || info.Mode().Perm() != 0o600 || strings.Contains(string(data), "@") {
		t.Fatalf("the kept breakdown (%v, %v): %s", info.Mode(), err, data)
	}
	kept, keptJSON := breakdown()
	fresh, freshJSON := breakdown("--fresh")
	if kept != counted || fresh != counted || keptJSON != countedJSON || freshJSON != countedJSON || !strings.Contains(counted, "counted twice") {
		t.Fatalf("counted:\n%s\n%s\nkept:\n%s\n%s\nfresh:\n%s\n%s", counted, countedJSON, kept, keptJSON, fresh, freshJSON)
	}
}
