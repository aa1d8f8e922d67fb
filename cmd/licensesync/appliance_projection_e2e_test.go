package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestApplianceProjectionBeforeFirstSync is issue 12 item 3 on a stock appliance: with
// the stub utilities (ghe-user-csv among them) and no server token, before the first
// sync status --json projects what the cloud will count, from ghe-user-csv; a list
// whose columns cannot be found leaves the projection null and says why.
func TestApplianceProjectionBeforeFirstSync(t *testing.T) {
	t.Parallel()
	env, stubs := applianceEnv(t)
	projected := func() (json.RawMessage, result) {
		t.Helper()
		r := runBin(t, env, "status", "--json")
		var st struct {
			Reconcile struct {
				Consumed  int             `json:"consumed"`
				Both      int             `json:"both"`
				Projected json.RawMessage `json:"projected_after_sync"`
			} `json:"reconcile"`
		}
		if r.code != 0 || json.Unmarshal([]byte(r.stdout), &st) != nil || st.Reconcile.Consumed == 0 || st.Reconcile.Both != 0 {
			t.Fatalf("status --json before the first sync:\n%s", r)
		}
		return st.Reconcile.Projected, r
	}
	p, r := projected()
	var n int
	if json.Unmarshal(p, &n) != nil || n <= 0 {
		t.Fatalf("projected_after_sync = %s, want a number from ghe-user-csv:\n%s", p, r)
	}
	calls, _ := os.ReadFile(filepath.Join(stubs, "ghe-user-csv.calls"))
	if !strings.Contains(string(calls), "ghe-user-csv -o -d") {
		t.Errorf("ghe-user-csv was not run as ghe-user-csv -o -d: %q", calls)
	}
	if human := runBin(t, env, "status"); !strings.Contains(human.stdout, "read with ghe-user-csv") {
		t.Errorf("status does not say where the projection comes from:\n%s", human)
	}

	csvFile := filepath.Join(stubs, "users.csv")
	data, _ := os.ReadFile(csvFile)
	if err := os.WriteFile(csvFile, []byte(strings.Replace(string(data), "email", "contact", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	p, r = projected()
	if string(p) != "null" || !strings.Contains(r.stderr, "No projection of the first sync") || !strings.Contains(r.stderr, "no email column") {
		t.Errorf("without an email column: projected_after_sync = %s\n%s", p, r)
	}
}
