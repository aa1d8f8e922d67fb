package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client/sim"
)

// cloudOwnerEnv is a cloud enterprise owner's environment: GH_TOKEN and the cloud
// enterprise, no server and no server token.
func cloudOwnerEnv(t *testing.T) []string {
	t.Helper()
	p := startInProcSim(t, baseEnv(t), sim.Options{Stock: true, LicenseSyncEnabled: true}, nil)
	env := p.env
	for _, name := range []string{"LICENSESYNC_SERVER", "LICENSESYNC_ENTERPRISE", "GH_ENTERPRISE_TOKEN"} {
		env = withEnv(env, name, "")
	}
	return env
}

// TestCloudOwnerWithoutServerToken: status, users and users --duplicates work with only
// GH_TOKEN and the cloud enterprise; what needs the server says so once, and a command
// that needs the server fails with that sentence instead of refusing to start.
func TestCloudOwnerWithoutServerToken(t *testing.T) {
	t.Parallel()
	env := cloudOwnerEnv(t)
	r := runBin(t, env, "status", "--json")
	if r.code != 0 {
		t.Fatalf("status:\n%s", r)
	}
	var st struct {
		Server struct {
			License *json.RawMessage `json:"license"`
		} `json:"server"`
		Cloud struct {
			Enterprise    string `json:"enterprise"`
			SeatsConsumed *int   `json:"seats_consumed"`
		} `json:"cloud"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil || st.Cloud.Enterprise != "acme-cloud" || st.Cloud.SeatsConsumed == nil || st.Server.License != nil {
		t.Errorf("status --json = %s (%v)", r.stdout, err)
	}
	if n := strings.Count(r.stderr, "This needs the server"); n != 1 || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("want the server said once, and nothing else:\n%s", r.stderr)
	}
	for _, args := range [][]string{{"users"}, {"users", "--duplicates"}} {
		if r := runBin(t, env, args...); r.code != 0 || r.stdout == "" {
			t.Errorf("%v:\n%s", args, r)
		}
	}
	r = runBin(t, env, "sync")
	assertOneLineError(t, r)
	if r.code != exitAuth || !strings.Contains(r.stderr, "This needs the server: set --server and GH_ENTERPRISE_TOKEN") {
		t.Errorf("sync without the server:\n%s", r)
	}
}
