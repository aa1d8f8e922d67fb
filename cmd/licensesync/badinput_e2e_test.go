package main

import (
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/licensesync/licensesync/client/sim"
)

// Bad input, each with the message a person sees. (Also in errors_e2e_test.go: a
// malformed URL, plain http, a multi-line token, an HTML page, a self-signed
// certificate, no terminal for the console.)

func TestUnknownEnterpriseSlugSaysCheckEnterprise(t *testing.T) {
	t.Parallel()
	p := startInProcSim(t, baseEnv(t), sim.Options{Seed: 1, Users: 50, CloudUsers: 40}, nil)
	r := runBin(t, p.env, "enable", "--yes", "--enterprise", "globex")
	assertOneLineError(t, r)
	if r.code != 1 || !strings.Contains(r.stderr, `no enterprise "globex"`) || !strings.Contains(r.stderr, "--enterprise") {
		t.Fatalf("want the slug named with a hint at --enterprise:\n%s", r)
	}
	r = runBin(t, p.env, "users", "--cloud-enterprise", "globex")
	assertOneLineError(t, r)
	if r.code != 1 || !strings.Contains(r.stderr, "--cloud-enterprise") {
		t.Fatalf("want a hint at --cloud-enterprise:\n%s", r)
	}
	r = runBin(t, p.env, "status", "--enterprise", "not a slug")
	assertOneLineError(t, r)
	if r.code != 2 || !strings.Contains(r.stderr, "is not an enterprise slug") {
		t.Fatalf("want a usage error:\n%s", r)
	}
}

func TestTokenShapes(t *testing.T) {
	t.Parallel()
	env := append(baseEnv(t), "LICENSESYNC_SERVER=http://127.0.0.1:1", "LICENSESYNC_ENTERPRISE=acme")
	for _, tok := range []string{"", "   ", "\t\n"} {
		r := runBin(t, withEnv(env, "GH_ENTERPRISE_TOKEN", tok), "status")
		assertOneLineError(t, r)
		if r.code != 4 || !strings.Contains(r.stderr, "GH_ENTERPRISE_TOKEN") {
			t.Errorf("token %q: want exit 4 naming GH_ENTERPRISE_TOKEN:\n%s", tok, r)
		}
	}
	for _, tok := range []string{"ghp_aaaa\nghp_bbbb", "ghp_aaaa ghp_bbbb", "ghp_aaaa\x1b[2J"} {
		r := runBin(t, withEnv(env, "GH_ENTERPRISE_TOKEN", tok), "status")
		assertOneLineError(t, r)
		if r.code != 2 || !strings.Contains(r.stderr, "on one line") || strings.Contains(r.stderr, "ghp_aaaa") {
			t.Errorf("token %q: want exit 2, the token not shown:\n%s", tok, r)
		}
	}
}

func TestPlainHTTPNeedsAllowHTTP(t *testing.T) {
	t.Parallel()
	env := append(baseEnv(t), "GH_ENTERPRISE_TOKEN="+sim.ServerAdminToken, "LICENSESYNC_ENTERPRISE=acme")
	r := runBin(t, env, "status", "--server", "http://ghes.example.com")
	assertOneLineError(t, r)
	if r.code != 2 || !strings.Contains(r.stderr, "--allow-http") {
		t.Fatalf("want a hint at --allow-http:\n%s", r)
	}
	// With --allow-http it goes ahead (and here finds nothing listening).
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	r = runBin(t, env, "status", "--allow-http", "--server", "http://"+addr)
	if strings.Contains(r.stderr, "plain http") {
		t.Fatalf("--allow-http was not honoured:\n%s", r)
	}
}

// fakeServer answers every request with h and counts Authorization headers.
func fakeServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func TestBadBodiesAreOneLine(t *testing.T) {
	t.Parallel()
	env := append(baseEnv(t), "GH_ENTERPRISE_TOKEN="+sim.ServerAdminToken, "LICENSESYNC_ENTERPRISE=acme")
	big := strings.Repeat("x", 1<<20)
	cases := []struct {
		name string
		h    http.HandlerFunc
		want string
	}{
		{"truncated JSON", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"installed_version":"3.2`))
		}, "not complete JSON"},
		{"not JSON", func(w http.ResponseWriter, _ *http.Request) {
			w.Write([]byte("OK"))
		}, "not complete JSON"},
		{"invalid JSON", func(w http.ResponseWriter, _ *http.Request) {
			w.Write([]byte(`{"installed_version": 3.22.0}`))
		}, "not complete JSON"},
		{"too large", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"installed_version":"`))
			for range 33 {
				w.Write([]byte(big))
			}
		}, "more than 32 MiB"},
	}
	for _, c := range cases {
		srv := fakeServer(t, c.h)
		r := runBin(t, env, "status", "--server", srv.URL)
		assertOneLineError(t, r)
		if r.code != 1 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%s: want exit 1 saying %q:\n%s", c.name, c.want, r)
		}
		assertNoSecret(t, r, sim.ServerAdminToken)
	}
}

func TestRedirectToAnotherHostNeverCarriesTheToken(t *testing.T) {
	t.Parallel()
	var sawAuth atomic.Int32
	var hits atomic.Int32
	other := fakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.Header.Get("Authorization") != "" {
			sawAuth.Add(1)
		}
		http.Error(w, `{"message":"Requires authentication"}`, http.StatusUnauthorized)
	})
	// The other host is "localhost" where the server is 127.0.0.1: another host name.
	otherURL := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
	server := fakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, otherURL+r.URL.Path, http.StatusFound)
	})
	env := append(baseEnv(t), "GH_ENTERPRISE_TOKEN="+sim.ServerAdminToken, "LICENSESYNC_ENTERPRISE=acme")
	r := runBin(t, env, "status", "--server", server.URL, "--debug")
	assertNoSecret(t, r, sim.ServerAdminToken)
	if hits.Load() != 0 || sawAuth.Load() != 0 {
		t.Fatalf("the redirect to another host was followed (%d requests, %d with a token)", hits.Load(), sawAuth.Load())
	}
	if r.code != 1 || !strings.Contains(r.stderr, "another host; the token is not sent there") || !strings.Contains(r.stderr, "--server") {
		t.Fatalf("want the redirect named, with a hint at --server:\n%s", r)
	}
}

// A mistyped --server is said as such even when no token is set yet: a new admin tries
// the URL first, and "no token" would send them after the wrong fix. A port out of range
// is a usage error before any dial.
func TestBadServerURLIsSaidBeforeMissingToken(t *testing.T) {
	t.Parallel()
	env := append(baseEnv(t), "LICENSESYNC_ENTERPRISE=acme")
	for _, c := range []struct{ url, want string }{
		{"ht!tp://x y", "is not a valid URL"},
		{"ftp://ghes.example.com", "is not a valid URL"},
		{"http://ghes.example.com", "--allow-http"},
		{"ghes.example.com:99999", "port 99999"},
	} {
		r := runBin(t, env, "status", "--server", c.url)
		assertOneLineError(t, r)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) || strings.Contains(r.stderr, "no token") {
			t.Errorf("--server %q without a token: want exit 2 saying %q:\n%s", c.url, c.want, r)
		}
	}
	r := runBin(t, withEnv(env, "GH_ENTERPRISE_TOKEN", sim.ServerAdminToken), "status", "--server", "ghes.example.com:0")
	assertOneLineError(t, r)
	if r.code != 2 || !strings.Contains(r.stderr, "port 0") {
		t.Errorf("port 0 with a token: want exit 2 naming the port:\n%s", r)
	}
}

// --demo has its own server, enterprise, cloud and certificate: a --server,
// --enterprise, --cloud or --ca-cert beside it (even a bad slug such as "ac..me") was
// silently dropped, and the admin read acme's numbers as theirs. It is now a usage
// error that says which flag to drop.
func TestDemoRefusesServerAndEnterpriseFlags(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	for _, c := range []struct {
		args []string
		drop string
	}{
		{[]string{"status", "--demo", "--enterprise", "ac..me"}, "drop --enterprise,"},
		{[]string{"status", "--demo", "--enterprise", "globex"}, "drop --enterprise,"},
		{[]string{"users", "--demo", "--server", "https://ghes.example.com"}, "drop --server,"},
		{[]string{"status", "--demo", "--cloud", "https://api.example.com/"}, "drop --cloud,"},
		{[]string{"status", "--demo", "--ca-cert", "/etc/ssl/corp.pem", "--cloud", "https://x.test/"}, "drop --cloud and --ca-cert,"},
	} {
		r := runBin(t, env, c.args...)
		assertOneLineError(t, r)
		if r.code != 2 || !strings.Contains(r.stderr, "--demo brings its own server, enterprise (acme), cloud and certificate: "+c.drop) || r.stdout != "" {
			t.Errorf("%v: want exit 2, %q and nothing printed as if it were that enterprise:\n%s", c.args, c.drop, r)
		}
	}
}

// The demo's requests keep LICENSESYNC_REQUEST_TIMEOUT like any other session's: a bad
// one was silently ignored with --demo and is now the same usage error as without it.
func TestDemoReadsTheRequestTimeout(t *testing.T) {
	t.Parallel()
	env := append(baseEnv(t), "LICENSESYNC_REQUEST_TIMEOUT=5ms")
	r := runBin(t, env, "status", "--demo")
	assertOneLineError(t, r)
	if r.code != 2 || !strings.Contains(r.stderr, `LICENSESYNC_REQUEST_TIMEOUT "5ms": give a duration of at least 100ms`) {
		t.Errorf("want the bad timeout refused with --demo too:\n%s", r)
	}
	if r := runBin(t, append(baseEnv(t), "LICENSESYNC_REQUEST_TIMEOUT=20s"), "status", "--demo"); r.code != 0 {
		t.Errorf("a good timeout:\n%s", r)
	}
}

// status --json prints an object in every case: when the server cannot be used at all
// (here it refuses the token), the object carries the error under the part "server"
// instead of printing nothing, so a script reading errors[] is not left with no JSON.
func TestStatusJSONOfAnUnusableServerHasItsError(t *testing.T) {
	t.Parallel()
	srv := fakeServer(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"message":"Bad credentials"}`))
	})
	env := append(baseEnv(t), "GH_ENTERPRISE_TOKEN="+sim.ServerAdminToken, "LICENSESYNC_ENTERPRISE=acme", "LICENSESYNC_SERVER="+srv.URL)
	r := runBin(t, env, "status", "--json")
	var st struct {
		Errors []struct{ Part, Kind string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil || r.code != 4 || len(st.Errors) != 1 ||
		st.Errors[0].Part != "server" || st.Errors[0].Kind != "unauthorized" {
		t.Fatalf("want exit 4 and errors [{server unauthorized}] (%v):\n%s", err, r)
	}
	assertNoSecret(t, r, sim.ServerAdminToken)
}

// Two flags that exclude each other are named in plain words with what to do, not in
// cobra's "if any flags in the group [json csv] are set none of the others can be".
func TestExclusiveFlagsSaidPlainly(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	r := runBin(t, env, "users", "--demo", "--csv", "--json")
	assertOneLineError(t, r)
	if r.code != 2 || !strings.Contains(r.stderr, "--csv and --json go separately: pick one") || strings.Contains(r.stderr, "group") {
		t.Fatalf("users --csv --json:\n%s", r)
	}
}

// sim's bad numbers are usage errors named by their flags (exit 2), not the
// simulator's option names ("FailRate and ResetRate are fractions") with exit 1.
func TestSimBadNumbersNameTheirFlags(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--users", "-1"}, "--users -1"},
		{[]string{"--cloud-users", "0"}, "--cloud-users 0"},
		{[]string{"--fail-rate", "2"}, "--fail-rate 2"},
		{[]string{"--servers", "0"}, "--servers 0"},
	} {
		r := runBin(t, env, append([]string{"sim", "--print-env"}, c.args...)...)
		assertOneLineError(t, r)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) || r.stdout != "" {
			t.Errorf("sim %v: want exit 2 naming %q:\n%s", c.args, c.want, r)
		}
	}
}
