package transport

import (
	"net/http"
	"net/url"
	"testing"
	"time"
)

func TestBackoffGrowsWithJitter(t *testing.T) {
	p := RetryPolicy{Base: 100 * time.Millisecond, MaxBackoff: time.Second}
	for attempt, lim := range map[int][2]time.Duration{1: {50, 100}, 2: {100, 200}, 3: {200, 400}, 6: {500, 1000}} {
		for range 50 {
			d := p.Backoff(attempt)
			if d < lim[0]*time.Millisecond || d > lim[1]*time.Millisecond {
				t.Fatalf("backoff(%d) = %v, want in [%dms, %dms]", attempt, d, lim[0], lim[1])
			}
		}
	}
}

// The transport itself never sends the token to another host, whatever asks it to.
func TestTransportAddsTheTokenOnlyForItsHost(t *testing.T) {
	var got []string
	rt := stubRoundTrip(func(r *http.Request) (*http.Response, error) {
		got = append(got, r.Header.Get("Authorization"))
		return &http.Response{StatusCode: 200, Body: http.NoBody, Header: http.Header{}}, nil
	})
	base, _ := url.Parse("https://ghes.acme.test/")
	tr := NewTransport(rt, base, "ghp_transportTestToken1234", nil)
	for _, u := range []string{"https://ghes.acme.test/api/v3/meta", "https://evil.test/api/v3/meta", "http://ghes.acme.test/api/v3/meta"} {
		req, _ := http.NewRequest(http.MethodGet, u, nil)
		req.Header.Set("Authorization", "Bearer smuggled")
		if _, err := tr.RoundTrip(req); err != nil {
			t.Fatal(err)
		}
	}
	if got[0] != "Bearer "+"ghp_transportTestToken1234" || got[1] != "" || got[2] != "" {
		t.Fatalf("Authorization per request: %q", got)
	}
}

// stubRoundTrip is an http.RoundTripper made of a function.
type stubRoundTrip func(*http.Request) (*http.Response, error)

func (f stubRoundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
