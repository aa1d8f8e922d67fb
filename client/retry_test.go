package client

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestGetRetriedOn5xxThenSucceeds(t *testing.T) {
	var hits atomic.Int32
	c, _ := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) < 3 {
			status(502, "<html><body>Bad Gateway</body></html>")(w, r)
			return
		}
		status(200, `{"installed_version":"3.22.0"}`)(w, r)
	})
	if m, err := c.Meta(context.Background()); err != nil || m.InstalledVersion != "3.22.0" {
		t.Fatalf("Meta = %+v, %v", m, err)
	}
	if hits.Load() != 3 {
		t.Errorf("hits = %d, want 3", hits.Load())
	}
}

func TestGetGivesUpAfterMaxTries(t *testing.T) {
	var hits atomic.Int32
	c, _ := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		status(500, `{"message":"boom"}`)(w, r)
	})
	if _, err := c.Meta(context.Background()); KindOf(err) != KindServer {
		t.Fatalf("err = %v", err)
	}
	if hits.Load() != int32(c.retry.MaxTries) {
		t.Errorf("hits = %d, want %d", hits.Load(), c.retry.MaxTries)
	}
}

func TestGetRetriedOnConnectionReset(t *testing.T) {
	var hits atomic.Int32
	c, _ := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		status(200, `{"installed_version":"3.22.0"}`)(w, r)
	})
	if _, err := c.Meta(context.Background()); err != nil {
		t.Fatal(err)
	}
	if hits.Load() != 2 {
		t.Errorf("hits = %d, want 2", hits.Load())
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	t.Parallel() // it waits out a limit or a timeout: let the others run meanwhile
	var hits atomic.Int32
	c, _ := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			status(429, `{"message":"secondary rate limit"}`)(w, r)
			return
		}
		status(200, `{"installed_version":"3.22.0"}`)(w, r)
	})
	start := time.Now()
	if _, err := c.Meta(context.Background()); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 900*time.Millisecond {
		t.Errorf("retried after %v, before Retry-After's 1s", d)
	}
}

func TestSecondaryRateLimit403Honoured(t *testing.T) {
	t.Parallel() // it waits out a limit or a timeout: let the others run meanwhile
	var hits atomic.Int32
	c, _ := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			status(403, `{"message":"You have exceeded a secondary rate limit","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}`)(w, r)
			return
		}
		status(200, `{"server_instances":[]}`)(w, r)
	})
	start := time.Now()
	if _, err := c.LicenseSyncStatus(context.Background()); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 900*time.Millisecond || hits.Load() != 2 {
		t.Errorf("waited %v, %d hits", d, hits.Load())
	}
}

// consoleFake is a console API whose write fails after applying, as a proxy timing out
// on its way back would.
type consoleFake struct {
	patches, posts atomic.Int32
	applied        atomic.Bool
	jobState       string
}

func (f *consoleFake) handler(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodPatch:
		f.patches.Add(1)
		f.applied.Store(true)
		status(502, "<html>Bad Gateway</html>")(w, r)
	case r.Method == http.MethodPost:
		f.posts.Add(1)
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close()
	case strings.HasSuffix(r.URL.Path, "/github-connect"):
		value := "disabled"
		if f.applied.Load() {
			value = "enabled"
		}
		w.Header().Set("ETag", `"8"`)
		status(200, `{"connected":true,"cloud_enterprise":"acme-cloud","features":{"license_sync":"`+value+`"}}`)(w, r)
	case strings.HasSuffix(r.URL.Path, "/license/sync"):
		status(200, `{"id":4,"state":"`+f.jobState+`"}`)(w, r)
	}
}

func TestWriteNotRetriedButReadBack(t *testing.T) {
	f := &consoleFake{jobState: JobRunning}
	c, _ := newHandlerClient(t, f.handler)
	s, err := c.SetLicenseSync(context.Background(), true, "")
	if err != nil || s.LicenseSync() != FeatureEnabled || s.ETag != `"8"` {
		t.Fatalf("SetLicenseSync = %+v, %v", s, err)
	}
	if f.patches.Load() != 1 {
		t.Errorf("PATCH sent %d times, want once", f.patches.Load())
	}
	// Asking for the other value: every read-back disagrees at the same version, so the
	// write is sent again, conditionally, up to maxTries times; then the 502 stands.
	_, err = c.SetLicenseSync(context.Background(), false, "")
	if KindOf(err) != KindServer || f.patches.Load() != int32(1+c.retry.MaxTries) {
		t.Errorf("err = %v after %d PATCHes", err, f.patches.Load())
	}

	job, err := c.StartSync(context.Background())
	if err != nil || job.ID != 4 || job.State != JobRunning {
		t.Fatalf("StartSync = %+v, %v", job, err)
	}
	if f.posts.Load() != 1 {
		t.Errorf("POST sent %d times, want once", f.posts.Load())
	}
	f.jobState = JobSucceeded
	if _, err := c.StartSync(context.Background()); KindOf(err) != KindUnreachable || f.posts.Load() != int32(1+c.retry.MaxTries) {
		t.Errorf("StartSync with no running job after a reset: %v, %d POSTs", err, f.posts.Load())
	}
}

func TestWritesCarryBodyAndIfMatch(t *testing.T) {
	var gotIfMatch, gotBody string
	c, _ := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPatch {
			gotIfMatch = r.Header.Get("If-Match")
			b, _ := io.ReadAll(r.Body)
			gotBody = string(b)
			if gotIfMatch != `"7"` {
				status(412, `{"message":"Precondition Failed"}`)(w, r)
				return
			}
		}
		status(200, `{"connected":true,"features":{"license_sync":"enabled"},"version":8}`)(w, r)
	})
	if _, err := c.SetLicenseSync(context.Background(), true, `"7"`); err != nil {
		t.Fatal(err)
	}
	var body map[string]map[string]string
	if json.Unmarshal([]byte(gotBody), &body) != nil || body["features"]["license_sync"] != "enabled" {
		t.Errorf("PATCH body = %s", gotBody)
	}
	_, err := c.SetLicenseSync(context.Background(), true, "6")
	if gotIfMatch != `"6"` || KindOf(err) != KindConflict || !errors.Is(err, ErrChangedByOthers) || !strings.Contains(err.Error(), "now enabled (version 8)") {
		t.Errorf("If-Match %s: err = %v", gotIfMatch, err)
	}
}

func TestRateLimitRefusalsDoNotUseUpTheFaultTries(t *testing.T) {
	var hits atomic.Int32
	c, _ := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) <= 6 { // more refusals than maxTries
			w.Header().Set("Retry-After", "0")
			status(429, `{"message":"secondary rate limit"}`)(w, r)
			return
		}
		status(200, `{"installed_version":"3.22.0"}`)(w, r)
	})
	if c.retry.MaxTries >= 6 {
		t.Fatalf("the test needs more refusals than maxTries (%d)", c.retry.MaxTries)
	}
	if _, err := c.Meta(context.Background()); err != nil {
		t.Fatalf("six short rate-limit waits must be waited out: %v", err)
	}
}

func TestRateLimitRefusalsAreBounded(t *testing.T) {
	var hits atomic.Int32
	c, _ := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Retry-After", "0")
		status(429, `{"message":"secondary rate limit"}`)(w, r)
	})
	if _, err := c.Meta(context.Background()); KindOf(err) != KindRateLimited {
		t.Fatalf("err = %v, want KindRateLimited", err)
	}
	if hits.Load() != int32(c.retry.MaxRateTries) {
		t.Errorf("hits = %d, want %d", hits.Load(), c.retry.MaxRateTries)
	}
}

// TestGraphQLQueryRetriedLikeAGet: a GraphQL query is a POST that only reads, so a
// transient failure is tried again as a GET's is (a write's is not).
func TestGraphQLQueryRetriedLikeAGet(t *testing.T) {
	var hits atomic.Int32
	c, _ := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/cloud/graphql" {
			http.NotFound(w, r)
			return
		}
		if hits.Add(1) < 3 {
			status(502, "<html><body>Bad Gateway</body></html>")(w, r)
			return
		}
		status(200, `{"data":{"enterprise":{"ownerInfo":{"enterpriseServerInstallations":{"nodes":[{"hostName":"ghes.acme.test","isConnected":true}]}}}}}`)(w, r)
	})
	inst, err := c.Installation(context.Background(), "ghes.acme.test")
	if err != nil || !inst.Found {
		t.Fatalf("Installation = %+v, %v", inst, err)
	}
	if hits.Load() != 3 {
		t.Errorf("hits = %d, want 3", hits.Load())
	}
}

// A Retry-After given as an HTTP date reaches the caller as a reset time read on the
// client's clock.
func TestRetryAfterAsAnHTTPDate(t *testing.T) {
	c, _ := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", retryNow.Add(2*time.Hour).Format(http.TimeFormat))
		status(429, `{"message":"slow down"}`)(w, r)
	})
	c.now = func() time.Time { return retryNow }
	_, err := c.Meta(context.Background())
	e, ok := err.(*Error)
	if !ok || e.Kind != KindRateLimited || e.Status != 429 {
		t.Fatalf("err = %v, want a 429 KindRateLimited", err)
	}
	if want := retryNow.Add(2 * time.Hour); !e.ResetAt.Equal(want) {
		t.Errorf("ResetAt = %v, want %v", e.ResetAt, want)
	}
}

// retryNow is the fake clock of the retry tests: a whole second, as HTTP dates are.
var retryNow = time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC)
