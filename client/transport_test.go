package client

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

func TestRedirectToAnotherHostDropsAuthorization(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]string{}
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen["other"] = r.Header.Get("Authorization")
		mu.Unlock()
		status(200, `{"installed_version":"3.22.0"}`)(w, r)
	}))
	defer other.Close()
	c, trace := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen[r.URL.Path] = r.Header.Get("Authorization")
		mu.Unlock()
		switch r.URL.Path {
		case "/api/v3/meta":
			http.Redirect(w, r, other.URL+"/api/v3/meta", http.StatusFound)
		case "/api/v3/user":
			http.Redirect(w, r, "/api/v3/user2", http.StatusFound)
		default:
			status(200, `{"login":"admin","site_admin":true}`)(w, r)
		}
	})
	// A redirect to another host is not followed: the token could not go with it.
	_, err := c.Meta(context.Background())
	if KindOf(err) != KindBadResponse || !strings.Contains(err.Error(), "another host; the token is not sent there") || !strings.Contains(err.Error(), "--server") {
		t.Fatalf("Meta after a redirect to another host: %v", err)
	}
	assertNoToken(t, "error", err.Error())
	if _, err := c.Viewer(context.Background()); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if seen["/api/v3/meta"] != "Bearer "+testServerToken {
		t.Errorf("the configured host did not get the token: %q", seen["/api/v3/meta"])
	}
	if _, contacted := seen["other"]; contacted {
		t.Errorf("the other host was contacted (Authorization %q)", seen["other"])
	}
	if seen["/api/v3/user2"] != "Bearer "+testServerToken {
		t.Errorf("a same-host redirect lost the token: %q", seen["/api/v3/user2"])
	}
	assertNoToken(t, "trace", trace.String())
}

func TestCloudTokenOnlyToCloudHost(t *testing.T) {
	var got string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Get("Authorization")
		status(200, `{"server_instances":[]}`)(w, r)
	}))
	defer ts.Close()
	srv := httptest.NewServer(status(200, `{}`))
	defer srv.Close()
	c, err := New(Config{ServerURL: srv.URL, ServerToken: testServerToken, CloudURL: ts.URL, CloudToken: testCloudToken, CloudEnterprise: "e"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.LicenseSyncStatus(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got != "Bearer "+testCloudToken {
		t.Errorf("cloud Authorization = %q", got)
	}
}

func TestDebugTraceOneLinePerExchange(t *testing.T) {
	c, trace := newHandlerClient(t, status(200, `{"installed_version":"3.22.0"}`))
	if _, err := c.Meta(context.Background()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(trace.String()), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], "GET http://127.0.0.1:") || !strings.Contains(lines[0], "/api/v3/meta -> 200 (") {
		t.Errorf("trace = %q", trace.String())
	}
	assertNoToken(t, "trace", trace.String())
	if strings.Contains(trace.String(), "Bearer") || strings.Contains(trace.String(), "Authorization") {
		t.Errorf("trace mentions auth: %q", trace.String())
	}
}
