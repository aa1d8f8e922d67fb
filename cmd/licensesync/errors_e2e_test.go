package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client/sim"
)

func TestBadTokenExitsFourNamingTheVariable(t *testing.T) {
	t.Parallel()
	env := withEnv(startSim(t, baseEnv(t)), "GH_ENTERPRISE_TOKEN", "ghp_wrongWrongWrongWrongWrongWrong0000000")
	r := runBin(t, env, "status")
	assertOneLineError(t, r)
	if r.code != 4 || !strings.Contains(r.stderr, "GH_ENTERPRISE_TOKEN") {
		t.Fatalf("want exit 4 naming GH_ENTERPRISE_TOKEN:\n%s", r)
	}
	assertNoSecret(t, r, "ghp_wrongWrongWrong")
}

func TestMissingTokenExitsFour(t *testing.T) {
	t.Parallel()
	env := withEnv(startSim(t, baseEnv(t)), "GH_ENTERPRISE_TOKEN", "")
	r := runBin(t, env, "status")
	assertOneLineError(t, r)
	if r.code != 4 || !strings.Contains(r.stderr, "GH_ENTERPRISE_TOKEN") {
		t.Fatalf("want exit 4 naming GH_ENTERPRISE_TOKEN:\n%s", r)
	}
}

func TestNonAdminTokenSaysASiteAdminIsNeeded(t *testing.T) {
	t.Parallel()
	env := withEnv(startSim(t, baseEnv(t)), "GH_ENTERPRISE_TOKEN", sim.ServerUserToken)
	r := runBin(t, env, "enable", "--yes")
	assertOneLineError(t, r)
	if r.code != 4 || !strings.Contains(r.stderr, "site admin") {
		t.Fatalf("want exit 4 saying a site admin is needed:\n%s", r)
	}
	assertNoSecret(t, r, sim.ServerUserToken)
}

func TestUnreachableHostIsOneLine(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	env := append(baseEnv(t), "GH_ENTERPRISE_TOKEN="+sim.ServerAdminToken)
	r := runBin(t, env, "status", "--server", "http://"+addr)
	assertOneLineError(t, r)
	if r.code != 1 || !strings.Contains(r.stderr, addr) {
		t.Fatalf("want exit 1 naming the address:\n%s", r)
	}
	assertNoSecret(t, r, sim.ServerAdminToken)
}

func TestSelfSignedCertificateNeedsCACert(t *testing.T) {
	t.Parallel()
	env := startSim(t, baseEnv(t), "--tls", "--tls-dir", t.TempDir())
	caFile := envValue(env, "LICENSESYNC_CA_CERT")
	if caFile == "" {
		t.Fatal("sim --tls --print-env did not name LICENSESYNC_CA_CERT")
	}
	r := runBin(t, withEnv(env, "LICENSESYNC_CA_CERT", ""), "status")
	assertOneLineError(t, r)
	if r.code != 1 || !strings.Contains(r.stderr, "--ca-cert") {
		t.Fatalf("want a hint about --ca-cert:\n%s", r)
	}
	if ok := runBin(t, env, "status"); ok.code != 0 {
		t.Fatalf("with the CA file it must work:\n%s", ok)
	}
}

func TestServerErrorsAreOneLine(t *testing.T) {
	t.Parallel()
	env := startSim(t, baseEnv(t), "--fail-rate", "1")
	r := runBin(t, env, "status")
	assertOneLineError(t, r)
	if r.code != 1 || !strings.Contains(r.stderr, "50") {
		t.Fatalf("want exit 1 with the server error:\n%s", r)
	}
	assertNoSecret(t, r, sim.ServerAdminToken, sim.CloudAdminToken)
}

func TestProxyHTMLPageIsOneLine(t *testing.T) {
	t.Parallel()
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusOK)
		w.Write([]byte("<!DOCTYPE html><html><body><h1>Please sign in to the corporate proxy</h1></body></html>"))
	}))
	defer proxy.Close()
	env := append(baseEnv(t), "GH_ENTERPRISE_TOKEN="+sim.ServerAdminToken)
	r := runBin(t, env, "status", "--server", proxy.URL)
	assertOneLineError(t, r)
	if r.code != 1 || !strings.Contains(strings.ToLower(r.stderr), "html") {
		t.Fatalf("want a word about the HTML page:\n%s", r)
	}
	assertNoSecret(t, r, sim.ServerAdminToken)
}

func TestBadInputIsAUsageError(t *testing.T) {
	t.Parallel()
	env := append(baseEnv(t), "GH_ENTERPRISE_TOKEN="+sim.ServerAdminToken)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"status", "--server", "https://exa mple.com"}, "URL"},
		{[]string{"status", "--server", "http://ghes.example.com"}, "http"},
		{[]string{"status"}, "--server"},
		{[]string{"status", "--bogus"}, "bogus"},
		{[]string{"users", "--json", "--csv", "--demo"}, "--csv and --json go separately: pick one"},
		{[]string{"upload"}, "FILE"},
		{[]string{"bogus"}, `unknown command "bogus"`},
		{[]string{"status", "extra"}, `unknown command "extra"`},
		{[]string{"completion", "nope"}, "nope"},
		{[]string{"users", "--demo", "--concurrency", "100"}, "--concurrency 100: choose 1 to 16"},
	}
	for _, c := range cases {
		r := runBin(t, env, c.args...)
		assertOneLineError(t, r)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: want exit 2 mentioning %q:\n%s", c.args, c.want, r)
		}
	}
	multi := runBin(t, withEnv(env, "GH_ENTERPRISE_TOKEN", "ghp_a\nghp_b"), "status", "--server", "http://127.0.0.1:1")
	if multi.code != 2 || strings.Contains(multi.stderr, "ghp_a") {
		t.Errorf("a multi-line token must be refused without showing it:\n%s", multi)
	}
	noTTY := runBin(t, env)
	if noTTY.code != 2 || !strings.Contains(noTTY.stderr, "--json") {
		t.Errorf("the console without a terminal must point at the commands:\n%s", noTTY)
	}
}

func TestUnknownEnterpriseSlugFails(t *testing.T) {
	t.Parallel()
	env := withEnv(startSim(t, baseEnv(t)), "LICENSESYNC_ENTERPRISE", "acme-typo")
	r := runBin(t, env, "status")
	assertOneLineError(t, r)
	if r.code != 1 || !strings.Contains(r.stderr, "--enterprise") {
		t.Fatalf("want exit 1 pointing at --enterprise:\n%s", r)
	}
}

func TestStatusSaysWhenTheCloudRefuses(t *testing.T) {
	t.Parallel()
	env := startSim(t, baseEnv(t))
	bad := runBin(t, withEnv(env, "GH_TOKEN", "ghp_wrongCloudWrongCloudWrongCloud000000"), "status", "--json")
	if bad.code != 4 || !strings.HasPrefix(bad.stdout, "{") || !strings.Contains(bad.stderr, "GH_TOKEN") {
		t.Errorf("a refused cloud token: the server side is printed, exit 4:\n%s", bad)
	}
	assertNoSecret(t, bad, "ghp_wrongCloud")
	wrong := runBin(t, env, "status", "--cloud-enterprise", "nope")
	if wrong.code != 1 || !strings.Contains(wrong.stderr, "--cloud-enterprise") {
		t.Errorf("an unknown cloud enterprise: exit 1 naming the flag:\n%s", wrong)
	}
}
