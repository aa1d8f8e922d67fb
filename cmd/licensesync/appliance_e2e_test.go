package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client/sim"
)

// applianceEnv starts a stock sim in the test process, writes its stub utilities and
// returns an environment with them first on PATH and no server token.
func applianceEnv(t *testing.T) (env []string, stubs string) {
	t.Helper()
	p := startInProcSim(t, baseEnv(t), sim.Options{Stock: true, Hostname: "ghes.example.com", ServerSeats: 2400}, nil)
	stubs = t.TempDir()
	if err := p.WriteApplianceStubs(stubs); err != nil {
		t.Fatal(err)
	}
	env = withEnv(p.env, "PATH", stubs+string(os.PathListSeparator)+envValue(p.env, "PATH"))
	return withEnv(env, "GH_ENTERPRISE_TOKEN", ""), stubs
}

// TestApplianceStatusWithoutServerToken is issue 11's "done when": with stub
// ghe-license/ghe-config on PATH and no GH_ENTERPRISE_TOKEN, status --json shows the
// stub's seats, expiry and source, and the hostname from ghe-config.
func TestApplianceStatusWithoutServerToken(t *testing.T) {
	t.Parallel()
	env, stubs := applianceEnv(t)
	r := runBin(t, env, "status", "--json")
	if r.code != 0 {
		t.Fatalf("status failed:\n%s", r)
	}
	var st struct {
		Server struct {
			URL      string `json:"url"`
			Hostname string `json:"hostname"`
			License  struct {
				Seats     json.RawMessage `json:"seats"`
				SeatsUsed json.RawMessage `json:"seats_used"`
				ExpiresAt *string         `json:"expires_at"`
				Source    string          `json:"source"`
				Eval      *bool           `json:"evaluation"`
				Perpetual *bool           `json:"perpetual"`
				GHAS      json.RawMessage `json:"advanced_security_seats"`
			} `json:"license"`
		} `json:"server"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
		t.Fatalf("%v\n%s", err, r)
	}
	l := st.Server.License
	if string(l.Seats) != "2400" || l.Source != "ghe-license" || l.ExpiresAt == nil || l.Eval == nil || l.Perpetual == nil || string(l.GHAS) != "50" || string(l.SeatsUsed) != "null" {
		t.Errorf("license = %+v", l)
	}
	if st.Server.Hostname != "ghes.example.com" || st.Server.URL == "" {
		t.Errorf("server = %q at %q, want the hostname from ghe-config", st.Server.Hostname, st.Server.URL)
	}
	if n := strings.Count(r.stderr, "no server token"); n != 1 {
		t.Errorf("the missing server token is said %d times, want once:\n%s", n, r.stderr)
	}
	// The human status says which name picked this server in the cloud's lists.
	human := runBin(t, env, "status")
	if !strings.Contains(human.stdout, "as ghes.example.com (from ghe-config core.github-hostname), not LICENSESYNC_SERVER's 127.0.0.1") ||
		!strings.Contains(human.stdout, "read with ghe-license") {
		t.Errorf("status does not say how this server was matched or where the license came from:\n%s", human)
	}
	calls, _ := os.ReadFile(filepath.Join(stubs, "ghe-config.calls"))
	for _, c := range strings.Split(strings.TrimSpace(string(calls)), "\n") {
		if c != "ghe-config core.github-hostname" {
			t.Errorf("ghe-config was called as %q: it may only be read", c)
		}
	}
}

// TestApplianceExportByteForByte: export -o writes ghe-license usage's output unchanged
// and says where to upload it; --json reports the instance block.
func TestApplianceExportByteForByte(t *testing.T) {
	t.Parallel()
	env, stubs := applianceEnv(t)
	file := filepath.Join(t.TempDir(), "usage.json")
	r := runBin(t, env, "export", "-o", file)
	if r.code != 0 {
		t.Fatalf("export failed:\n%s", r)
	}
	got, _ := os.ReadFile(file)
	want, _ := os.ReadFile(filepath.Join(stubs, "license-usage.json"))
	if !bytes.Equal(got, want) {
		t.Errorf("the file differs from ghe-license usage's output (%d vs %d bytes)", len(got), len(want))
	}
	if !strings.Contains(r.stderr, "ghe-license usage") || !strings.Contains(r.stderr, "/enterprises/acme-cloud/settings/license → Add server usage") {
		t.Errorf("export does not say where the file came from and where to upload it:\n%s", r)
	}
	file2 := filepath.Join(t.TempDir(), "usage.json")
	r = runBin(t, env, "export", "-o", file2, "--json")
	var rep exportReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || r.code != 0 {
		t.Fatalf("export --json: %v\n%s", err, r)
	}
	if rep.File != file2 || rep.Source != "ghe-license usage" || rep.ServerID == "" || rep.Features == nil {
		t.Errorf("export --json = %+v", rep)
	}
}

// TestVersionSaysApplianceMode checks version reports the detection both ways.
func TestVersionSaysApplianceMode(t *testing.T) {
	t.Parallel()
	env, _ := applianceEnv(t)
	if r := runBin(t, env, "version"); r.code != 0 || !strings.Contains(r.stdout, "appliance mode: detected") {
		t.Errorf("with stubs on PATH:\n%s", r)
	}
	if r := runBin(t, baseEnv(t), "version"); r.code != 0 || !strings.Contains(r.stdout, "appliance mode: not detected") {
		t.Errorf("without:\n%s", r)
	}
	r := runBin(t, baseEnv(t), "status", "--appliance", "--server", "https://ghes.example.com")
	if r.code != exitCancelled || !strings.Contains(r.stderr, "--appliance: ghe-license is not on PATH") {
		t.Errorf("--appliance without the utilities:\n%s", r)
	}
}

// TestReadUsageFileAcceptsGheLicenseUsage: upload takes ghe-license usage's file (an
// instance block and an encrypted user list) as well as a console-API export, and still
// refuses what is not a usage file.
func TestReadUsageFileAcceptsGheLicenseUsage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for name, tc := range map[string]struct {
		body string
		ok   bool
	}{
		"ghe-license usage": {`{"instance":{"server_id":"s-1","host_name":"h.example"},"users":"QUJDRA=="}`, true},
		"console export":    {`{"server_id":"s-1","hostname":"h.example","users":[]}`, true},
		"no server id":      {`{"instance":{"host_name":"h.example"},"users":"QUJDRA=="}`, false},
		"no users":          {`{"server_id":"s-1"}`, false},
		"not json":          {`server_id`, false},
	} {
		file := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".json")
		if err := os.WriteFile(file, []byte(tc.body), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := readUsageFile(file); (err == nil) != tc.ok {
			t.Errorf("%s: err = %v, want ok %v", name, err, tc.ok)
		}
	}
}
