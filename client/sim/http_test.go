package sim

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestAuth(t *testing.T) {
	s, _ := newTestSim(t, Options{})
	cases := []struct {
		name, method, path, token string
		status                    int
		message                   string
	}{
		{"no token", "GET", "/api/v3/enterprise/settings/license", "", 401, "Requires authentication"},
		{"bad token", "GET", "/api/v3/enterprise/settings/license", "ghp_nope", 401, "Bad credentials"},
		{"cloud token on server", "GET", "/api/v3/user", CloudAdminToken, 401, "Bad credentials"},
		{"bad token on public", "GET", "/api/v3/meta", "ghp_nope", 401, "Bad credentials"},
		{"non-admin license", "GET", "/api/v3/enterprise/settings/license", ServerUserToken, 404, "Not Found"},
		{"non-admin console", "POST", pathSync, ServerUserToken, 404, "Not Found"},
		{"unknown enterprise", "GET", "/api/v3/enterprises/globex/settings/github-connect", ServerAdminToken, 404, "Enterprise not found"},
		{"unknown cloud enterprise", "GET", "/cloud/enterprises/globex/consumed-licenses", CloudAdminToken, 404, "Not Found"},
		{"missing scope", "GET", pathConsumed, CloudNoScopeToken, 403, "read:enterprise"},
		{"unknown path", "GET", "/api/v3/nope", ServerAdminToken, 404, "Not Found"},
		{"non-admin may read itself", "GET", "/api/v3/user", ServerUserToken, 200, ""},
		{"cloud under api/v3", "GET", "/cloud/api/v3/enterprises/acme-cloud/license-sync-status", CloudAdminToken, 200, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := do(t, s, c.method, c.path, c.token, "")
			wantStatus(t, rec, c.status)
			if c.message != "" {
				e := decode[apiError](t, rec)
				if !strings.Contains(e.Message, c.message) || e.DocumentationURL == "" {
					t.Errorf("body %s", rec.Body.String())
				}
			}
			h := rec.Header()
			if h.Get("X-GitHub-Request-Id") == "" || h.Get("X-RateLimit-Limit") == "" || h.Get("X-RateLimit-Remaining") == "" {
				t.Errorf("headers %v", h)
			}
		})
	}
	if s := do(t, s, "GET", "/api/v3/user", ServerUserToken, ""); decode[map[string]any](t, s)["site_admin"] != false {
		t.Error("the non-admin token is a site admin")
	}
	for _, tok := range []string{ServerAdminToken, ServerUserToken, CloudAdminToken, CloudNoScopeToken} {
		if len(tok) != 40 || !strings.HasPrefix(tok, "ghp_demo") {
			t.Errorf("token %q does not look like a demo PAT", tok)
		}
	}
}

func TestUsersPagingBySince(t *testing.T) {
	s, _ := newTestSim(t, Options{Users: 250})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	seen := map[int64]bool{}
	next := srv.URL + "/api/v3/users?per_page=100"
	for pages := 0; next != ""; pages++ {
		if pages > 5 {
			t.Fatal("too many pages")
		}
		req, _ := http.NewRequest("GET", next, nil)
		req.Header.Set("Authorization", "token "+ServerAdminToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var users []wireSimpleUser
		json.NewDecoder(resp.Body).Decode(&users)
		resp.Body.Close()
		for _, u := range users {
			if seen[u.ID] {
				t.Fatalf("user %d twice", u.ID)
			}
			seen[u.ID] = true
		}
		next = linkRel(resp.Header.Get("Link"), "next")
		if next != "" && !strings.HasPrefix(next, srv.URL+"/api/v3/users?") {
			t.Fatalf("next link %q", next)
		}
	}
	if len(seen) != 250 {
		t.Fatalf("saw %d users", len(seen))
	}
}

func TestConsumedLinks(t *testing.T) {
	s, _ := newTestSim(t, Options{CloudUsers: 95})
	rec := do(t, s, "GET", pathConsumed+"?per_page=10&page=3", CloudAdminToken, "")
	link := rec.Header().Get("Link")
	for rel, page := range map[string]string{"next": "4", "last": "10", "first": "1", "prev": "2"} {
		u := linkRel(link, rel)
		if !strings.HasPrefix(u, "http://sim.test"+pathConsumed+"?") || !strings.Contains(u, "page="+page+"&per_page=10") {
			t.Errorf("%s = %q in %s", rel, u, link)
		}
	}
	if c := decode[wireConsumed](t, rec); len(c.Users) != 10 || c.TotalSeatsConsumed != 95 {
		t.Errorf("page 3: %d users, total %d", len(c.Users), c.TotalSeatsConsumed)
	}
	last := do(t, s, "GET", pathConsumed+"?per_page=10&page=10", CloudAdminToken, "")
	if l := last.Header().Get("Link"); linkRel(l, "next") != "" || linkRel(l, "prev") == "" {
		t.Errorf("last page links %s", l)
	}
	if c := decode[wireConsumed](t, last); len(c.Users) != 5 || c.TotalSeatsConsumed != 95 {
		t.Errorf("last page %d users", len(c.Users))
	}
	if c := decode[wireConsumed](t, do(t, s, "GET", pathConsumed+"?per_page=500", CloudAdminToken, "")); len(c.Users) != 95 {
		t.Errorf("per_page over 100: %d users", len(c.Users))
	}
}

func TestNotModified(t *testing.T) {
	s, clock := newTestSim(t, Options{})
	first := do(t, s, "GET", pathConsumed, CloudAdminToken, "")
	tag := first.Header().Get("ETag")
	used := first.Header().Get("X-RateLimit-Used")
	rec := do(t, s, "GET", pathConsumed, CloudAdminToken, "", "If-None-Match", tag)
	wantStatus(t, rec, http.StatusNotModified)
	if rec.Body.Len() != 0 || rec.Header().Get("X-RateLimit-Used") != used {
		t.Fatalf("304 body %q, used %s then %s", rec.Body.String(), used, rec.Header().Get("X-RateLimit-Used"))
	}
	enableSync(t, s)
	do(t, s, "POST", pathSync, ServerAdminToken, "")
	clock.Advance(time.Minute)
	rec = do(t, s, "GET", pathConsumed, CloudAdminToken, "", "If-None-Match", tag)
	wantStatus(t, rec, http.StatusOK)
	if rec.Header().Get("ETag") == tag {
		t.Error("ETag unchanged after a sync")
	}
	settings := do(t, s, "GET", pathConnect, ServerAdminToken, "")
	wantStatus(t, do(t, s, "GET", pathConnect, ServerAdminToken, "", "If-None-Match", settings.Header().Get("ETag")), http.StatusNotModified)
	if st := s.Stats(); st.NotModified != 2 {
		t.Errorf("not_modified %d", st.NotModified)
	}
}

func TestFailRate(t *testing.T) {
	s, _ := newTestSim(t, Options{FailRate: 1})
	codes := map[int]int{}
	for range 40 {
		codes[do(t, s, "GET", "/api/v3/meta", "", "").Code]++
	}
	if codes[502]+codes[500] != 40 || codes[502] == 0 || codes[500] == 0 {
		t.Fatalf("codes %v", codes)
	}
	half, _ := newTestSim(t, Options{FailRate: 0.5, Seed: 9})
	again, _ := newTestSim(t, Options{FailRate: 0.5, Seed: 9})
	var a, b []int
	for range 50 {
		a = append(a, do(t, half, "GET", "/api/v3/meta", "", "").Code)
		b = append(b, do(t, again, "GET", "/api/v3/meta", "", "").Code)
	}
	if !equalInts(a, b) {
		t.Fatalf("fault sequence differs for one seed:\n%v\n%v", a, b)
	}
	if st := half.Stats(); st.InjectedFailures == 0 || st.InjectedFailures == 50 {
		t.Errorf("injected %d of 50", st.InjectedFailures)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestResetRate(t *testing.T) {
	s, _ := newTestSim(t, Options{ResetRate: 1})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	_, err := http.Get(srv.URL + "/api/v3/meta")
	if err == nil {
		t.Fatal("no error from a reset connection")
	}
	if s.Stats().Resets != 1 {
		t.Errorf("resets %d", s.Stats().Resets)
	}
}

func TestPrimaryLimit(t *testing.T) {
	s, _ := newTestSim(t, Options{PrimaryLimit: PrimaryLimit{Limit: 3}})
	for i := range 3 {
		rec := do(t, s, "GET", "/api/v3/user", ServerAdminToken, "")
		wantStatus(t, rec, 200)
		if rec.Header().Get("X-RateLimit-Remaining") != strconv.Itoa(2-i) {
			t.Errorf("remaining %s", rec.Header().Get("X-RateLimit-Remaining"))
		}
	}
	rec := do(t, s, "GET", "/api/v3/user", ServerAdminToken, "")
	wantStatus(t, rec, http.StatusForbidden)
	if rec.Header().Get("X-RateLimit-Remaining") != "0" || rec.Header().Get("X-RateLimit-Reset") == "" ||
		!strings.Contains(decode[apiError](t, rec).Message, "API rate limit exceeded") {
		t.Fatalf("primary limit answer %v %s", rec.Header(), rec.Body.String())
	}
	// Another token has its own budget.
	wantStatus(t, do(t, s, "GET", "/api/v3/user", ServerUserToken, ""), 200)
	if st := s.Stats(); st.PrimaryLimitHits != 1 || st.LimitHits != 1 {
		t.Errorf("stats %+v", st)
	}
}

func TestSecondaryPoints(t *testing.T) {
	s, _ := newTestSim(t, Options{SecondaryLimit: SecondaryLimit{PointsPerWindow: 5, Window: 30 * time.Second}})
	for range 5 {
		wantStatus(t, do(t, s, "GET", pathConsumed, CloudAdminToken, ""), 200)
	}
	rec := do(t, s, "GET", pathConsumed, CloudAdminToken, "")
	wantStatus(t, rec, http.StatusTooManyRequests)
	e := decode[apiError](t, rec)
	if rec.Header().Get("Retry-After") != "30" || !strings.HasSuffix(e.DocumentationURL, "#secondary-rate-limits") ||
		!strings.Contains(e.Message, "secondary rate limit") || rec.Header().Get("X-RateLimit-Remaining") == "0" {
		t.Fatalf("secondary answer %v %s", rec.Header(), rec.Body.String())
	}
	// Points are per endpoint.
	wantStatus(t, do(t, s, "GET", pathStatus, CloudAdminToken, ""), 200)
}

func TestSecondaryConcurrency(t *testing.T) {
	s, _ := newTestSim(t, Options{Latency: 150 * time.Millisecond, SecondaryLimit: SecondaryLimit{MaxConcurrent: 2}})
	var wg sync.WaitGroup
	codes := make([]int, 6)
	retry := make([]string, 6)
	for i := range codes {
		wg.Go(func() {
			rec := do(t, s, "GET", "/api/v3/meta", "", "")
			codes[i], retry[i] = rec.Code, rec.Header().Get("Retry-After")
		})
	}
	wg.Wait()
	limited := 0
	for i, c := range codes {
		if c == http.StatusForbidden {
			limited++
			if retry[i] == "" {
				t.Error("403 without Retry-After")
			}
		}
	}
	if limited == 0 || s.Stats().MaxConcurrent < 3 {
		t.Fatalf("codes %v, max concurrent %d", codes, s.Stats().MaxConcurrent)
	}
}

func TestBodyLimit(t *testing.T) {
	s, _ := newTestSim(t, Options{})
	big := bytes.Repeat([]byte("x"), maxBody+1)
	wantStatus(t, do(t, s, "PATCH", pathConnect, ServerAdminToken, string(big)), http.StatusRequestEntityTooLarge)
}

func TestStateFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "state.json")
	clock := newFakeClock()
	opts := Options{Seed: 4, Users: 200, CloudUsers: 150, StateFile: file, Now: clock.Now}
	a, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	enableSync(t, a)
	job := decode[wireJob](t, do(t, a, "POST", pathSync, ServerAdminToken, ""))
	if info, err := os.Stat(file); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("state file %v %v", info, err)
	}
	// A second process, later: the job has finished there too.
	clock.Advance(time.Minute)
	b, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	got := decode[wireJob](t, do(t, b, "GET", pathSync, ServerAdminToken, ""))
	if got.ID != job.ID || got.State != jobSucceeded {
		t.Fatalf("job in the second process %+v", got)
	}
	if v := decode[wireConnect](t, do(t, b, "GET", pathConnect, ServerAdminToken, "")); v.Version != 2 || v.Features.LicenseSync != featureOn {
		t.Fatalf("settings in the second process %+v", v)
	}
	if c := decode[wireConsumed](t, do(t, b, "GET", pathConsumed, CloudAdminToken, "")); c.TotalSeatsConsumed != naiveConsumed(b.w, true) {
		t.Fatalf("consumed in the second process %d", c.TotalSeatsConsumed)
	}
	other := opts
	other.Seed = 5
	if _, err := New(other); err == nil || !strings.Contains(err.Error(), "another world") {
		t.Errorf("another seed: %v", err)
	}
	os.WriteFile(file, []byte("{not json"), 0o600)
	if _, err := New(opts); err == nil || !strings.Contains(err.Error(), "corrupt") {
		t.Errorf("corrupt file: %v", err)
	}
}

// TestStateFileShared: two processes on one state file (an open demo console and an
// "enable --demo --yes" from another shell) see each other's changes, and neither's
// next save undoes the other's.
func TestStateFileShared(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	clock := newFakeClock()
	opts := Options{Seed: 4, Users: 200, CloudUsers: 150, StateFile: file, Now: clock.Now}
	console, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	shell, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	connect := func(s *Sim) wireConnect {
		t.Helper()
		return decode[wireConnect](t, do(t, s, "GET", pathConnect, ServerAdminToken, ""))
	}
	if v := connect(console); v.Features.LicenseSync != featureOff {
		t.Fatalf("license sync starts %q", v.Features.LicenseSync)
	}

	enableSync(t, shell)
	clock.Advance(time.Second)
	if v := connect(console); v.Features.LicenseSync != featureOn || v.Version != 2 {
		t.Fatalf("the console does not see the shell's change: %+v", v)
	}
	// The console's next change keeps the shell's, and the shell sees it in turn.
	wantStatus(t, do(t, console, http.MethodPatch, pathConnect, ServerAdminToken, `{"features":{"server_statistics":"enabled"}}`), http.StatusOK)
	if v := connect(shell); v.Features.LicenseSync != featureOn || v.Features.ServerStatistics != featureOn || v.Version != 3 {
		t.Fatalf("after the console's change the shell sees %+v", v)
	}
	// A change with no read before it (the console saves straight away) keeps it too.
	wantStatus(t, do(t, shell, http.MethodPatch, pathConnect, ServerAdminToken, `{"features":{"unified_search":"enabled"}}`), http.StatusOK)
	wantStatus(t, do(t, console, http.MethodPost, pathSync, ServerAdminToken, ""), http.StatusAccepted)
	third, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	if v := connect(third); v.Features.LicenseSync != featureOn || v.Features.ServerStatistics != featureOn || v.Features.UnifiedSearch != featureOn || v.Version != 4 {
		t.Fatalf("the file holds %+v", v)
	}
	if j := decode[wireJob](t, do(t, third, "GET", pathSync, ServerAdminToken, "")); j.Trigger != triggerManual {
		t.Fatalf("the console's sync job is lost: %+v", j)
	}

	// A save that finds the file changed since this process read it writes nothing.
	enableSync(t, console) // no change: nothing saved
	wantStatus(t, do(t, third, http.MethodPatch, pathConnect, ServerAdminToken, `{"features":{"actions":"enabled"}}`), http.StatusOK)
	shell.mu.Lock()
	shell.st.Version = 99
	err = shell.save()
	shell.mu.Unlock()
	if !errors.Is(err, errStateChanged) {
		t.Fatalf("save over another process's change: %v", err)
	}
	if v := connect(console); v.Features.Actions != featureOn || v.Version != 5 {
		t.Fatalf("after a refused save the file holds %+v", v)
	}
}

func TestDeterminism(t *testing.T) {
	paths := []struct{ path, token string }{
		{pathConsumed + "?per_page=100", CloudAdminToken},
		{pathConsumed + "?per_page=100&page=3", CloudAdminToken},
		{"/api/v3/users?per_page=100", ServerAdminToken},
		{"/api/v3/enterprise/settings/license", ServerAdminToken},
		{"/api/v3/enterprise/stats/all", ServerAdminToken},
		{pathUsage, ServerAdminToken},
		{pathConnect, ServerAdminToken},
		{pathStatus, CloudAdminToken},
	}
	a, _ := newTestSim(t, Options{Seed: 11, LicenseSyncEnabled: true})
	b, _ := newTestSim(t, Options{Seed: 11, LicenseSyncEnabled: true})
	c, _ := newTestSim(t, Options{Seed: 12, LicenseSyncEnabled: true})
	differs := false
	for _, p := range paths {
		ra, rb, rc := do(t, a, "GET", p.path, p.token, ""), do(t, b, "GET", p.path, p.token, ""), do(t, c, "GET", p.path, p.token, "")
		wantStatus(t, ra, 200)
		if !bytes.Equal(ra.Body.Bytes(), rb.Body.Bytes()) {
			t.Errorf("%s differs for one seed", p.path)
		}
		differs = differs || !bytes.Equal(ra.Body.Bytes(), rc.Body.Bytes())
	}
	if !differs {
		t.Error("two seeds gave the same world")
	}
}

func TestStartTLS(t *testing.T) {
	dir := t.TempDir()
	srv, err := Start(Options{Users: 50, CloudUsers: 40}, "127.0.0.1:0", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if !strings.HasPrefix(srv.URL, "https://127.0.0.1:") || srv.CloudURL() != srv.URL+"/cloud/" || srv.ServerURL() != srv.URL {
		t.Fatalf("urls %s %s", srv.URL, srv.CloudURL())
	}
	env := strings.Join(srv.Env(), "\n")
	for _, want := range []string{"export LICENSESYNC_SERVER=" + srv.URL, "LICENSESYNC_CLOUD=" + srv.CloudURL(), "GH_ENTERPRISE_TOKEN=" + ServerAdminToken,
		"GH_TOKEN=" + CloudAdminToken, "LICENSESYNC_ENTERPRISE=acme", "LICENSESYNC_CLOUD_ENTERPRISE=acme-cloud", "LICENSESYNC_CA_CERT=" + srv.CACertFile} {
		if !strings.Contains(env, want) {
			t.Errorf("env lacks %q:\n%s", want, env)
		}
	}
	client, err := clientTrusting(srv.CACertFile)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Get(srv.URL + "/api/v3/meta")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if _, err := Start(Options{}, "0.0.0.0:0", ""); err == nil {
		t.Error("a non-loopback address was accepted")
	}
	if err := srv.Close(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		t.Error(err)
	}
}

// lineWriter hands each write to a channel.
type lineWriter chan string

func (w lineWriter) Write(p []byte) (int, error) {
	w <- string(p)
	return len(p), nil
}

// TestStartLog: net/http's own error lines (here a TLS handshake the client aborts) go to
// Options.Log, and without one nowhere: never to the process's stderr, which an
// in-process demo's terminal is.
func TestStartLog(t *testing.T) {
	logged := make(lineWriter, 10)
	srv, err := Start(Options{Users: 50, CloudUsers: 40, Log: logged}, "127.0.0.1:0", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if _, err := http.Get(srv.URL + "/api/v3/meta"); err == nil { // the certificate is not trusted
		t.Fatal("an untrusted certificate was accepted")
	}
	select {
	case line := <-logged:
		if !strings.HasPrefix(line, "sim: ") || !strings.Contains(line, "TLS handshake error") {
			t.Errorf("logged %q", line)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("nothing was logged")
	}

	quiet, err := Start(Options{Users: 50, CloudUsers: 40}, "127.0.0.1:0", "")
	if err != nil {
		t.Fatal(err)
	}
	defer quiet.Close()
	if l := quiet.srv.ErrorLog; l == nil || l.Writer() != io.Discard {
		t.Errorf("without Options.Log the server logs to %v", l)
	}
}
