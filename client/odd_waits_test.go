package client

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client/transport"
)

// A Retry-After of "-5" or "0" is a short back-off, then the request is sent again:
// not the minute an unreadable value used to get, nor a retry without a pause.
func TestOddRetryAfterIsAShortBackOff(t *testing.T) {
	for value, want := range map[string]time.Duration{"-5": 2 * time.Second, "0": time.Second, "soon": 2 * time.Second} {
		t.Run(value, func(t *testing.T) {
			t.Parallel()
			var hits atomic.Int32
			c, _ := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
				if hits.Add(1) == 1 {
					w.Header().Set("Retry-After", value)
					status(429, `{"message":"slow down"}`)(w, r)
					return
				}
				_, _ = w.Write([]byte(`{"installed_version": "3.19.0"}`))
			})
			start := time.Now()
			m, err := c.Meta(context.Background())
			took := time.Since(start)
			if err != nil || m.InstalledVersion != "3.19.0" || hits.Load() != 2 {
				t.Fatalf("Meta = %+v, %v after %d requests", m, err, hits.Load())
			}
			if took < want-100*time.Millisecond || took > want+3*time.Second {
				t.Errorf("Retry-After %q waited %v, want about %v", value, took, want)
			}
		})
	}
}

// A peer that trickles its body a byte at a time never finishes it: each exchange is
// cut at the request timeout, body included (docs/RELIABILITY.md: one HTTP exchange),
// and after the retries the read fails as a timeout.
func TestTricklingPeerIsCutOffAtTheRequestTimeout(t *testing.T) {
	t.Parallel()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		for {
			if _, err := w.Write([]byte(" ")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}))
	t.Cleanup(ts.Close)
	const timeout = 300 * time.Millisecond
	c, err := New(Config{ServerURL: ts.URL, ServerToken: testServerToken, Enterprise: "acme", RequestTimeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	fast(c)
	start := time.Now()
	_, err = c.Meta(context.Background())
	took := time.Since(start)
	if !errors.Is(err, transport.ErrTimedOut) || !strings.Contains(err.Error(), "timed out") {
		t.Fatalf("err = %v, want a timeout", err)
	}
	// 4 tries of 300 ms and millisecond back-offs: well under 4 × 300 ms + 1 s.
	if tries := time.Duration(c.retry.MaxTries); took < tries*timeout || took > tries*timeout+time.Second {
		t.Errorf("the trickle took %v, want about %v", took, tries*timeout)
	}
	assertNoToken(t, "the error", err.Error())
}
