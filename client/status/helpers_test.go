package status

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/appliance"
	"github.com/licensesync/licensesync/client/replay"
	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/client/sim"
)

// Test tokens: every error message is checked not to contain them.
const (
	testServerToken = "ghp_serverSECRETtoken0000000000000000"
	testCloudToken  = "ghp_cloudSECRETtoken00000000000000000"
)

// statsPath is the acme-cloud enterprise's Server Statistics under a handler's /cloud/.
const statsPath = "/cloud/enterprise-installation/acme-cloud/server-statistics"

// reader is a Reader of cfg's client; app is the admin shell's utilities, or nil.
func reader(t testing.TB, cfg client.Config, app *appliance.Appliance) *Reader {
	t.Helper()
	cfg.ApplianceMode = app != nil
	c, err := client.New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return New(c, app)
}

// newSimClient starts a simulated enterprise on 127.0.0.1 and reads it with the sim's
// admin tokens; mod may change the configuration and set the appliance's utilities.
func newSimClient(t testing.TB, opts sim.Options, mod func(*client.Config, **appliance.Appliance)) (*Reader, *sim.Server) {
	t.Helper()
	srv, err := sim.Start(opts, "127.0.0.1:0", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	cfg := client.Config{
		ServerURL: srv.ServerURL(), ServerToken: sim.ServerAdminToken, Enterprise: "acme",
		CloudURL: srv.CloudURL(), CloudToken: sim.CloudAdminToken, CloudEnterprise: "acme-cloud",
	}
	var app *appliance.Appliance
	if mod != nil {
		mod(&cfg, &app)
	}
	return reader(t, cfg, app), srv
}

// newReplayClient reads a replay server with its tokens.
func newReplayClient(t *testing.T, srv *replay.Server, mod func(*client.Config)) *Reader {
	t.Helper()
	cfg := client.Config{
		ServerURL: srv.URL, ServerToken: srv.ServerToken, Enterprise: srv.Enterprise,
		CloudURL: srv.CloudURL, CloudToken: srv.CloudToken, CloudEnterprise: srv.CloudEnterprise,
	}
	if mod != nil {
		mod(&cfg)
	}
	return reader(t, cfg, nil)
}

// newHandlerClient serves h on 127.0.0.1 as both sides (GHES under /api/v3/, the cloud
// under /cloud/) and reads it with the test tokens; mod may change the configuration.
func newHandlerClient(t *testing.T, h http.HandlerFunc, mod func(*client.Config)) *Reader {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	cfg := client.Config{
		ServerURL: ts.URL, ServerToken: testServerToken, ServerTokenSource: "GH_ENTERPRISE_TOKEN", Enterprise: "acme",
		CloudURL: ts.URL + "/cloud", CloudToken: testCloudToken, CloudTokenSource: "GH_TOKEN", CloudEnterprise: "acme-cloud",
	}
	if mod != nil {
		mod(&cfg)
	}
	return reader(t, cfg, nil)
}

// status is a handler that always answers code with body.
func status(code int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(body, "<") {
			w.Header().Set("Content-Type", "text/html")
		} else {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(code)
		fmt.Fprint(w, body)
	}
}

// assertNoToken fails when a token shows in s.
func assertNoToken(t *testing.T, what, s string) {
	t.Helper()
	for _, tok := range []string{testServerToken, testCloudToken, replay.ServerToken, replay.CloudToken, "SECRET"} {
		if strings.Contains(s, tok) {
			t.Errorf("%s contains a token: %q", what, s)
		}
	}
}

func yes() client.FlexBool { v := true; return client.FlexBool{V: &v} }

// findingKey names a finding by kind, cloud login and server ids.
func findingKey(f seats.Finding) string {
	return f.Kind + "/" + f.Confidence + ":" + f.CloudLogin + "<" + strings.Join(f.ServerUserIDs, ",")
}
