package client

import (
	"context"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestErrorKinds checks each failure's kind and its one actionable sentence, and that
// no token leaks into the message or the trace.
func TestErrorKinds(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		handler http.HandlerFunc
		call    func(*Client) error
		kind    Kind
		want    []string
	}{
		{
			name:    "401 names the env var",
			handler: status(401, `{"message":"Bad credentials"}`),
			call:    func(c *Client) error { _, err := c.Meta(ctx); return err },
			kind:    KindUnauthorized, want: []string{"HTTP 401", "GH_ENTERPRISE_TOKEN was refused", "set GH_ENTERPRISE_TOKEN"},
		},
		{
			name:    "cloud 401 names the cloud env var",
			handler: status(401, `{"message":"Bad credentials"}`),
			call:    func(c *Client) error { _, err := c.LicenseSyncStatus(ctx); return err },
			kind:    KindUnauthorized, want: []string{"GH_TOKEN was refused"},
		},
		{
			name:    "404 on an admin endpoint: not a site admin",
			handler: status(404, `{"message":"Not Found"}`),
			call:    func(c *Client) error { _, err := c.License(ctx); return err },
			kind:    KindNotSiteAdmin, want: []string{"not a site admin", "site admin's classic token"},
		},
		{
			name:    "site_admin false",
			handler: status(200, `{"login":"mona","site_admin":false}`),
			call:    func(c *Client) error { _, err := c.Viewer(ctx); return err },
			kind:    KindNotSiteAdmin, want: []string{"mona is not a site admin", "Use a classic token of a site admin"},
		},
		{
			name:    "cloud 403: read:enterprise",
			handler: status(403, `{"message":"Resource not accessible"}`),
			call:    func(c *Client) error { _, err := c.ConsumedLicenses(ctx, nil); return err },
			kind:    KindMissingScope, want: []string{"read:enterprise", "GH_TOKEN"},
		},
		{
			name: "rate limited for long",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Retry-After", "3600")
				status(429, `{"message":"slow down"}`)(w, r)
			},
			call: func(c *Client) error { _, err := c.Meta(ctx); return err },
			kind: KindRateLimited, want: []string{"rate limit", "Wait until", "UTC"},
		},
		{
			name:    "unknown cloud enterprise",
			handler: status(404, `{"message":"Not Found"}`),
			call:    func(c *Client) error { _, err := c.LicenseSyncStatus(ctx); return err },
			kind:    KindNotFound, want: []string{`"acme-cloud"`, "check --cloud-enterprise"},
		},
		{
			name:    "unknown appliance enterprise",
			handler: status(404, `{"message":"Enterprise not found"}`),
			call:    func(c *Client) error { _, err := c.ConnectSettings(ctx); return err },
			kind:    KindNotFound, want: []string{`"acme"`, "check --enterprise"},
		},
		{
			name:    "5xx",
			handler: status(503, `{"message":"unavailable"}`),
			call:    func(c *Client) error { _, err := c.Meta(ctx); return err },
			kind:    KindServer, want: []string{"HTTP 503", "try again in a minute"},
		},
		{
			name:    "HTML page with 200",
			handler: status(200, "<!DOCTYPE html><html><body>Sign in to the proxy</body></html>"),
			call:    func(c *Client) error { _, err := c.Meta(ctx); return err },
			kind:    KindBadResponse, want: []string{"answered with an HTML page, not GitHub's API; is a proxy in the way?"},
		},
		{
			name:    "HTML page with 404",
			handler: status(404, "<html><head><title>404</title></head></html>"),
			call:    func(c *Client) error { _, err := c.License(ctx); return err },
			kind:    KindBadResponse, want: []string{"HTML page"},
		},
		{
			name:    "truncated JSON",
			handler: status(200, `{"seats": 14`),
			call:    func(c *Client) error { _, err := c.License(ctx); return err },
			kind:    KindBadResponse, want: []string{"not complete JSON", "truncated or not JSON"},
		},
		{
			name: "body over 32 MiB",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Write([]byte(`{"installed_version":"`))
				chunk := []byte(strings.Repeat("x", 1<<20))
				for range 33 {
					w.Write(chunk)
				}
				w.Write([]byte(`"}`))
			},
			call: func(c *Client) error { _, err := c.Meta(ctx); return err },
			kind: KindBadResponse, want: []string{"more than 32 MiB"},
		},
		{
			name:    "409 on sync now: enable first",
			handler: status(409, `{"message":"License sync is disabled. You can enable it in the GitHub Connect settings"}`),
			call:    func(c *Client) error { _, err := c.StartSync(ctx); return err },
			kind:    KindConflict, want: []string{"License sync is disabled", "licensesync enable"},
		},
		{
			name:    "message with control characters and the token is cleaned",
			handler: status(403, `{"message":"bad \u001b]52;c;aGk=\u0007 token ghp_cloudSECRETtoken00000000000000000"}`),
			call:    func(c *Client) error { _, err := c.LicenseSyncStatus(ctx); return err },
			kind:    KindMissingScope, want: []string{"bad  token [redacted]"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, trace := newHandlerClient(t, tc.handler)
			err := tc.call(c)
			if KindOf(err) != tc.kind {
				t.Fatalf("err = %v (kind %d), want kind %d", err, KindOf(err), tc.kind)
			}
			msg := err.Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
			if strings.Contains(msg, "\n") || strings.Contains(msg, "\x1b") || strings.Contains(msg, "goroutine") {
				t.Errorf("message is not one clean line: %q", msg)
			}
			if e := err.(*Error); e.Hint == "" || strings.Count(e.Hint, ". ") > 0 {
				t.Errorf("hint is not one sentence: %q", e.Hint)
			}
			assertNoToken(t, "error", msg)
			assertNoToken(t, "trace", trace.String())
		})
	}
}

func TestRateLimitedCarriesResetTime(t *testing.T) {
	reset := time.Now().Add(2 * time.Hour).Unix()
	c, _ := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", fmt.Sprint(reset))
		status(403, `{"message":"API rate limit exceeded"}`)(w, r)
	})
	_, err := c.LicenseSyncStatus(context.Background())
	var e *Error
	if KindOf(err) != KindRateLimited {
		t.Fatalf("err = %v", err)
	}
	e = err.(*Error)
	if d := e.ResetAt.Sub(time.Unix(reset, 0)); d < -2*time.Second || d > 2*time.Second {
		t.Errorf("ResetAt = %v, want about %v", e.ResetAt, time.Unix(reset, 0))
	}
}

func TestTLSFailureAndCACert(t *testing.T) {
	ts := httptest.NewTLSServer(status(200, `{"installed_version":"3.22.0"}`))
	defer ts.Close()
	c, err := New(Config{ServerURL: ts.URL, ServerToken: testServerToken})
	if err != nil {
		t.Fatal(err)
	}
	_, err = fast(c).Meta(context.Background())
	if KindOf(err) != KindTLS || !strings.Contains(err.Error(), "pass --ca-cert FILE") {
		t.Fatalf("err = %v", err)
	}
	file := filepath.Join(t.TempDir(), "ca.pem")
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ts.Certificate().Raw})
	if err := os.WriteFile(file, pemBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	c, err = New(Config{ServerURL: ts.URL, ServerToken: testServerToken, CACertFile: file})
	if err != nil {
		t.Fatal(err)
	}
	if m, err := c.Meta(context.Background()); err != nil || m.InstalledVersion != "3.22.0" {
		t.Errorf("with --ca-cert: %+v, %v", m, err)
	}
}

func TestNewRefusesBadConfig(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "x.pem")
	os.WriteFile(notPEM, []byte("hello"), 0o600)
	good := Config{ServerURL: "https://ghes.acme.test", ServerToken: "tok"}
	for name, tc := range map[string]struct {
		mod  func(*Config)
		want string
	}{
		"no server":         {func(c *Config) { c.ServerURL = "" }, "--server"},
		"malformed URL":     {func(c *Config) { c.ServerURL = "https://exa mple.com:99999/%zz" }, "not a valid URL"},
		"ftp URL":           {func(c *Config) { c.ServerURL = "ftp://ghes.acme.test" }, "not a valid URL"},
		"plain http remote": {func(c *Config) { c.ServerURL = "http://ghes.acme.test" }, "plain http"},
		"plain http cloud":  {func(c *Config) { c.CloudURL = "http://api.example.com" }, "plain http"},
		"empty token":       {func(c *Config) { c.ServerToken = "" }, "GH_ENTERPRISE_TOKEN"},
		"blank token":       {func(c *Config) { c.ServerToken = "  \t" }, "blank"},
		"multi-line token":  {func(c *Config) { c.ServerToken = "abc\ndef" }, "line break"},
		"blank cloud token": {func(c *Config) { c.CloudToken = " "; c.CloudTokenSource = "GITHUB_TOKEN" }, "GITHUB_TOKEN"},
		"bad slug":          {func(c *Config) { c.Enterprise = "acme/../x" }, "--enterprise"},
		"bad cloud slug":    {func(c *Config) { c.CloudEnterprise = "a b" }, "--cloud-enterprise"},
		"missing CA file":   {func(c *Config) { c.CACertFile = filepath.Join(dir, "none.pem") }, "cannot read --ca-cert"},
		"CA file not PEM":   {func(c *Config) { c.CACertFile = notPEM }, "no PEM certificate"},
	} {
		cfg := good
		cfg.ServerToken = "ghp_SECRETvalue"
		tc.mod(&cfg)
		_, err := New(cfg)
		if KindOf(err) != KindUsage || !strings.Contains(err.Error(), tc.want) || err.(*Error).Hint == "" {
			t.Errorf("%s: err = %v", name, err)
			continue
		}
		assertNoToken(t, name, err.Error())
	}
	for name, cfg := range map[string]Config{
		"bare host":          {ServerURL: "ghes.acme.test", ServerToken: "t"},
		"http loopback":      {ServerURL: "http://127.0.0.1:8080", ServerToken: "t"},
		"http localhost":     {ServerURL: "http://localhost:8080/", ServerToken: "t"},
		"http allowed":       {ServerURL: "http://ghes.lan", ServerToken: "t", AllowHTTP: true},
		"token with newline": {ServerURL: "https://ghes.lan", ServerToken: "tok\n"},
	} {
		if _, err := New(cfg); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestCloudBaseGetsTrailingSlash(t *testing.T) {
	c, err := New(Config{ServerURL: "http://127.0.0.1:1", ServerToken: "t", CloudURL: "http://127.0.0.1:2/cloud"})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.cloud.BaseURL.String(); got != "http://127.0.0.1:2/cloud/" {
		t.Errorf("cloud base = %s", got)
	}
	if got := c.server.BaseURL.String(); got != "http://127.0.0.1:1/api/v3/" {
		t.Errorf("server base = %s", got)
	}
	d, _ := New(Config{ServerURL: "https://ghes.lan", ServerToken: "t"})
	if d.cloud.BaseURL.String() != DefaultCloudURL {
		t.Errorf("default cloud base = %s", d.cloud.BaseURL)
	}
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

func TestRefusedTokenHintFitsTheSource(t *testing.T) {
	cases := map[string]string{
		"GH_ENTERPRISE_TOKEN":       "set GH_ENTERPRISE_TOKEN to a valid",
		"hosts.yml (/home/a/h.yml)": "gh auth login --hostname ghes.acme.test",
		"the console":               "That token was refused",
	}
	for source, want := range cases {
		c, err := New(Config{ServerURL: "https://ghes.acme.test", ServerToken: "t", ServerTokenSource: source})
		if err != nil {
			t.Fatal(err)
		}
		if got := c.refusedTokenHint(sideServer); !strings.Contains(got, want) {
			t.Errorf("source %q: hint %q lacks %q", source, got, want)
		}
	}
}

func TestErrorMessageHasNoDoublePeriod(t *testing.T) {
	e := &Error{Op: "read it", Err: errors.New("this token has: repo, read:org."), Hint: "Use another token."}
	if got := e.Error(); strings.Contains(got, "..") || got != "read it: this token has: repo, read:org. Use another token." {
		t.Fatalf("Error() = %q", got)
	}
}

func TestUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	var tries atomic.Int32
	next := http.DefaultTransport.(*http.Transport).Clone()
	counting := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		tries.Add(1)
		return next.RoundTrip(r)
	})
	c, err := New(Config{ServerURL: "http://" + addr, ServerToken: testServerToken, HTTPClient: &http.Client{Transport: counting}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = fast(c).Meta(context.Background())
	if KindOf(err) != KindUnreachable || !strings.Contains(err.Error(), "http://"+addr) || !strings.Contains(err.Error(), "check --server") {
		t.Errorf("err = %v", err)
	}
	// A refused connection is given up on after the policy's tries, not tried on and on.
	if n := int(tries.Load()); n < 1 || n > c.retry.MaxTries {
		t.Errorf("a refused connection was tried %d times, want 1..%d", n, c.retry.MaxTries)
	}
	assertNoToken(t, "error", err.Error())
}
