package main

import (
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTrustedCertificateIsSavedAndUsed: the console's trust callbacks read the server's
// certificate, save only the one whose fingerprint was shown (0600, in the configuration
// folder's trusted/), and every later command finds it; --ca-cert is untouched.
func TestTrustedCertificateIsSavedAndUsed(t *testing.T) {
	t.Parallel()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte(`{"installed_version":"3.22.0"}`))
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)

	home := t.TempDir()
	env := map[string]string{"HOME": home, "XDG_CONFIG_HOME": filepath.Join(home, "config"),
		"LICENSESYNC_SERVER": srv.URL, "GH_ENTERPRISE_TOKEN": "ghp_x"}
	a := &app{getenv: func(k string) string { return env[k] }}
	cfg, err := a.resolveConfig()
	if err != nil || cfg.TrustedCertFile != "" {
		t.Fatalf("nothing trusted yet: %v %q", err, cfg.TrustedCertFile)
	}
	read, trust := a.certificateTrust(&cfg)
	cert, err := read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := trust("00:11"); err == nil {
		t.Fatal("a fingerprint other than the one shown was trusted")
	}
	b, path, err := trust(cert.Fingerprint)
	if err != nil {
		t.Fatal(err)
	}
	if m, err := b.Meta(context.Background()); err != nil || m.InstalledVersion != "3.22.0" {
		t.Fatalf("the trusting client: %v", err)
	}
	want := filepath.Join(home, "config", "licensesync", "trusted", "127.0.0.1_"+strings.Split(srv.URL, ":")[2]+".pem")
	info, err := os.Stat(path)
	if path != want || err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("saved to %s (%v), want %s with mode 0600", path, err, want)
	}
	saved, _ := os.ReadFile(path)
	if !strings.Contains(string(saved), "BEGIN CERTIFICATE") {
		t.Fatalf("not a PEM certificate: %q", saved)
	}
	again := &app{getenv: func(k string) string { return env[k] }}
	if cfg, err := again.resolveConfig(); err != nil || cfg.TrustedCertFile != path {
		t.Fatalf("the next run does not use it: %v %q", err, cfg.TrustedCertFile)
	}
	r := runInProcess(env, "status", "--json")
	if strings.Contains(r.stderr, "could not be verified") {
		t.Fatalf("status still refuses the trusted certificate:\n%s", r)
	}
}
