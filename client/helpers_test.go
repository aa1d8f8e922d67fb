package client

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client/replay"
	"github.com/licensesync/licensesync/client/sim"
)

// Test tokens: every error message and trace is checked not to contain them.
const (
	testServerToken = "ghp_serverSECRETtoken0000000000000000"
	testCloudToken  = "ghp_cloudSECRETtoken00000000000000000"
)

// syncBuffer is a goroutine-safe buffer for Debug output.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// fast makes retries and polling instant enough for tests.
func fast(c *Client) *Client {
	c.retry.Base = time.Millisecond
	c.retry.MaxBackoff = 5 * time.Millisecond
	c.pollInterval = time.Millisecond
	return c
}

// newReplayClient points a client at a replay server with its tokens.
func newReplayClient(t *testing.T, srv *replay.Server, mod func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		ServerURL: srv.URL, ServerToken: srv.ServerToken, Enterprise: srv.Enterprise,
		CloudURL: srv.CloudURL, CloudToken: srv.CloudToken, CloudEnterprise: srv.CloudEnterprise,
	}
	if mod != nil {
		mod(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return fast(c)
}

// newHandlerClient serves h on 127.0.0.1 as both sides (GHES under /api/v3/, the cloud
// under /cloud/) and returns a client with the test tokens and a Debug trace.
func newHandlerClient(t *testing.T, h http.HandlerFunc) (*Client, *syncBuffer) {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	trace := &syncBuffer{}
	c, err := New(Config{
		ServerURL: ts.URL, ServerToken: testServerToken, ServerTokenSource: "GH_ENTERPRISE_TOKEN", Enterprise: "acme",
		CloudURL: ts.URL + "/cloud", CloudToken: testCloudToken, CloudTokenSource: "GH_TOKEN", CloudEnterprise: "acme-cloud",
		Debug: trace,
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return fast(c), trace
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

// roundTripFunc is an http.RoundTripper made of a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// newSimClient starts a sim on loopback and returns a client of it keeping snapshots
// in dir.
func newSimClient(t testing.TB, opts sim.Options, mod func(*Config)) (*Client, *sim.Server) {
	t.Helper()
	srv, err := sim.Start(opts, "127.0.0.1:0", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	cfg := Config{
		ServerURL: srv.ServerURL(), ServerToken: sim.ServerAdminToken, Enterprise: "acme",
		CloudURL: srv.CloudURL(), CloudToken: sim.CloudAdminToken, CloudEnterprise: "acme-cloud",
	}
	if mod != nil {
		mod(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return fast(c), srv
}
