package sim

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

// FuzzStateFile loads arbitrary state files: a file that cannot be used is an error,
// never a panic; one that loads serves every console route without a server error.
func FuzzStateFile(f *testing.F) {
	opts := Options{Seed: 4, Users: 30, CloudUsers: 20}
	dir := f.TempDir()
	good := filepath.Join(dir, "good.json")
	s, _ := newTestSim(f, Options{Seed: 4, Users: 30, CloudUsers: 20, StateFile: good, LicenseSyncEnabled: true})
	enableSync(f, s)
	wantStatus(f, do(f, s, http.MethodPost, pathSync, ServerAdminToken, ""), http.StatusAccepted)
	if data, err := os.ReadFile(good); err == nil {
		f.Add(data)
	}
	for _, seed := range []string{``, `{}`, `null`, `[]`, `{"format":1}`, `{"format":1,"seed":4,"users":30,"cloud_users":20}`,
		`{"format":1,"seed":4,"users":30,"cloud_users":20,"features":{"license_sync":"maybe"},"version":1,"clock":1,"real_anchor":"2026-11-24T05:00:00Z"}`,
		`{"format":1,"seed":4,"users":30,"cloud_users":20,"features":{},"version":-3,"clock":1e308,"real_anchor":"2026-11-24T05:00:00Z"}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "state.json")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		o := opts
		o.StateFile = path
		clock := newFakeClock()
		o.Now = clock.Now
		s, err := New(o)
		if err != nil {
			return
		}
		for _, r := range []struct{ method, path, token string }{
			{http.MethodGet, pathConnect, ServerAdminToken},
			{http.MethodGet, pathSync, ServerAdminToken},
			{http.MethodPost, pathSync, ServerAdminToken},
			{http.MethodGet, "/api/v3/enterprises/acme/settings/license/usage", ServerAdminToken},
			{http.MethodGet, pathConsumed, CloudAdminToken},
			{http.MethodGet, "/cloud/enterprises/acme-cloud/license-sync-status", CloudAdminToken},
		} {
			clock.Advance(1e9)
			if rec := do(t, s, r.method, r.path, r.token, ""); rec.Code >= 500 {
				t.Fatalf("%s %s on a loaded state: %d %s", r.method, r.path, rec.Code, rec.Body)
			}
		}
	})
}
