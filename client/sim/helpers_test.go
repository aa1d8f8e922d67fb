package sim

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a wall clock the test moves by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 11, 24, 5, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// newTestSim is a small world on a fake clock.
func newTestSim(t testing.TB, opts Options) (*Sim, *fakeClock) {
	t.Helper()
	clock := newFakeClock()
	if opts.Now == nil {
		opts.Now = clock.Now
	}
	if opts.Users == 0 {
		opts.Users = 300
	}
	if opts.CloudUsers == 0 {
		opts.CloudUsers = 200
	}
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return s, clock
}

// do sends one request through the handler.
func do(t testing.TB, s *Sim, method, path, token, body string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, "http://sim.test"+path, r)
	if token != "" {
		req.Header.Set("Authorization", "token "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	return rec
}

// decode unmarshals a recorder's body, failing the test on error.
func decode[T any](t testing.TB, rec *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("decode %q: %v", rec.Body.String(), err)
	}
	return v
}

func wantStatus(t testing.TB, rec *httptest.ResponseRecorder, status int) {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status %d, want %d; body %s", rec.Code, status, rec.Body.String())
	}
}

const (
	pathConnect  = "/api/v3/enterprises/acme/settings/github-connect"
	pathSync     = "/api/v3/enterprises/acme/settings/license/sync"
	pathUsage    = "/api/v3/enterprises/acme/settings/license/usage"
	pathConsumed = "/cloud/enterprises/acme-cloud/consumed-licenses"
	pathStatus   = "/cloud/enterprises/acme-cloud/license-sync-status"
	pathUpload   = "/cloud/enterprises/acme-cloud/server-usage"
)

// enableSync turns license sync on.
func enableSync(t testing.TB, s *Sim) {
	t.Helper()
	wantStatus(t, do(t, s, http.MethodPatch, pathConnect, ServerAdminToken, `{"features":{"license_sync":"enabled"}}`), http.StatusOK)
}

// allConsumed fetches every consumed-licenses page by following Link through a
// real loopback server.
func allConsumed(t testing.TB, s *Sim) (wireConsumed, int) {
	t.Helper()
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	var all wireConsumed
	pages := 0
	next := srv.URL + pathConsumed + "?per_page=100"
	for next != "" {
		req, _ := http.NewRequest(http.MethodGet, next, nil)
		req.Header.Set("Authorization", "Bearer "+CloudAdminToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var page wireConsumed
		if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		pages++
		all.TotalSeatsConsumed, all.TotalSeatsPurchased = page.TotalSeatsConsumed, page.TotalSeatsPurchased
		all.Users = append(all.Users, page.Users...)
		next = linkRel(resp.Header.Get("Link"), "next")
	}
	return all, pages
}

// linkRel extracts one relation's URL from a Link header.
func linkRel(link, rel string) string {
	for _, part := range strings.Split(link, ",") {
		u, params, ok := strings.Cut(strings.TrimSpace(part), ";")
		if ok && strings.TrimSpace(params) == `rel="`+rel+`"` {
			return strings.Trim(u, "<>")
		}
	}
	return ""
}
