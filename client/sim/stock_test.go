package sim

import (
	"net/http"
	"testing"
)

func TestStockApplianceHasOnlyThePublicAPI(t *testing.T) {
	s, _ := newTestSim(t, Options{Stock: true, LicenseSyncEnabled: true})
	for _, req := range []struct{ method, path string }{
		{http.MethodGet, "/api/v3/enterprises/acme/settings/github-connect"},
		{http.MethodPatch, "/api/v3/enterprises/acme/settings/github-connect"},
		{http.MethodGet, "/api/v3/enterprises/acme/settings/license/sync"},
		{http.MethodPost, "/api/v3/enterprises/acme/settings/license/sync"},
		{http.MethodGet, "/api/v3/enterprises/acme/settings/license/usage"},
	} {
		wantStatus(t, do(t, s, req.method, req.path, ServerAdminToken, `{}`), http.StatusNotFound)
	}
	wantStatus(t, do(t, s, http.MethodPost, "/cloud/enterprises/acme-cloud/server-usage", CloudAdminToken, `{}`), http.StatusNotFound)
	for _, path := range []string{"/api/v3/meta", "/api/v3/enterprise/settings/license"} {
		wantStatus(t, do(t, s, http.MethodGet, path, ServerAdminToken, ""), http.StatusOK)
	}
	// The server that was syncing before still shows on the cloud.
	st := decode[wireSyncStatus](t, do(t, s, http.MethodGet, "/cloud/enterprises/acme-cloud/license-sync-status", CloudAdminToken, ""))
	if len(st.ServerInstances) != 1 || st.ServerInstances[0].LastSync.Status != "success" {
		t.Fatalf("license-sync-status on a stock appliance that syncs: %+v", st)
	}
}
