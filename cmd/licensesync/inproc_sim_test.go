package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/licensesync/licensesync/client/sim"
)

// inProcSim is a simulator served by the test process on 127.0.0.1, so that a test can
// give it any Options (faults, hostile names, limits), wrap its handler, and read its
// counters directly. The binary reaches it over a real socket, as it would `licensesync sim`.
type inProcSim struct {
	*sim.Sim
	srv *httptest.Server
	env []string
}

// startInProcSim serves a sim built from opts (wrapped by wrap when not nil) and returns
// it with env pointing the binary at it. Enterprise slugs are the sim's defaults.
func startInProcSim(t *testing.T, env []string, opts sim.Options, wrap func(http.Handler) http.Handler) *inProcSim {
	t.Helper()
	s, err := sim.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	var h http.Handler = s.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	out := append([]string{}, env...)
	out = append(out,
		"LICENSESYNC_SERVER="+srv.URL,
		"LICENSESYNC_ENTERPRISE=acme",
		"LICENSESYNC_CLOUD="+srv.URL+"/cloud/",
		"LICENSESYNC_CLOUD_ENTERPRISE=acme-cloud",
		"GH_ENTERPRISE_TOKEN="+sim.ServerAdminToken,
		"GH_TOKEN="+sim.CloudAdminToken,
	)
	return &inProcSim{Sim: s, srv: srv, env: out}
}

// settings reads the GitHub Connect settings straight from the handler, past any
// injected fault (it asks again until it gets a 200).
func (p *inProcSim) settings(t *testing.T) (version int, licenseSync string) {
	t.Helper()
	for range 50 {
		req := httptest.NewRequest(http.MethodGet, "http://sim.test/api/v3/enterprises/acme/settings/github-connect", nil)
		req.Header.Set("Authorization", "token "+sim.ServerAdminToken)
		rec := httptest.NewRecorder()
		func() {
			defer func() { _ = recover() }() // an injected reset aborts the handler
			p.Handler().ServeHTTP(rec, req)
		}()
		if rec.Code != http.StatusOK {
			continue
		}
		var s struct {
			Version  int `json:"version"`
			Features struct {
				LicenseSync string `json:"license_sync"`
			} `json:"features"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &s); err == nil {
			return s.Version, s.Features.LicenseSync
		}
	}
	t.Fatal("could not read the settings from the sim")
	return 0, ""
}
