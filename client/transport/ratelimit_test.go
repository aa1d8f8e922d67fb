package transport

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"
)

// ptrDuration points at d.
func ptrDuration(d time.Duration) *time.Duration { return &d }

// rateNow is the fake clock of the rate-limit tests: a whole second, as HTTP dates are.
var rateNow = time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC)

func limitResponse(code int, header ...string) *http.Response {
	h := http.Header{}
	for i := 0; i+1 < len(header); i += 2 {
		h.Set(header[i], header[i+1])
	}
	return &http.Response{StatusCode: code, Header: h}
}

// Every form of a rate-limit refusal, read on a fake clock: what counts as one and
// how long it asks to wait.
func TestRateLimitOf(t *testing.T) {
	httpDate := func(d time.Duration) string { return rateNow.Add(d).Format(http.TimeFormat) }
	unix := func(d time.Duration) string { return fmt.Sprint(rateNow.Add(d).Unix()) }
	secs := 20 * time.Second
	justOver := -time.Millisecond
	for _, c := range []struct {
		name    string
		resp    *http.Response
		err     error
		limited bool
		wait    time.Duration
	}{
		{name: "429, Retry-After in seconds", resp: limitResponse(429, "Retry-After", "30"), limited: true, wait: 30 * time.Second},
		{name: "429, Retry-After as an HTTP date", resp: limitResponse(429, "Retry-After", httpDate(90*time.Second)), limited: true, wait: 90 * time.Second},
		{name: "429, Retry-After as a date already past: a second, not a hot loop", resp: limitResponse(429, "Retry-After", httpDate(-time.Hour)), limited: true, wait: time.Second},
		{name: "429, Retry-After unreadable: a short back-off", resp: limitResponse(429, "Retry-After", "soon"), limited: true, wait: 2 * time.Second},
		{name: "429, Retry-After negative: a short back-off, not a minute", resp: limitResponse(429, "Retry-After", "-5"), limited: true, wait: 2 * time.Second},
		{name: "429, Retry-After zero: a second", resp: limitResponse(429, "Retry-After", "0"), limited: true, wait: time.Second},
		{name: "429, Retry-After a fraction: a short back-off", resp: limitResponse(429, "Retry-After", "1.5"), limited: true, wait: 2 * time.Second},
		{name: "429, Retry-After with spaces", resp: limitResponse(429, "Retry-After", " 20 "), limited: true, wait: 20 * time.Second},
		{name: "429, Retry-After absurdly large: a day, no overflow", resp: limitResponse(429, "Retry-After", "99999999999"), limited: true, wait: 24 * time.Hour},
		{name: "429, Retry-After past int64: a short back-off", resp: limitResponse(429, "Retry-After", "99999999999999999999"), limited: true, wait: 2 * time.Second},
		{name: "429, Retry-After a date centuries ahead: a day", resp: limitResponse(429, "Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT"), limited: true, wait: 24 * time.Hour},
		{name: "403, none remaining, a reset in the year 5138: a day, no overflow", resp: limitResponse(403, "X-Ratelimit-Remaining", "0", "X-Ratelimit-Reset", "99999999999"), limited: true, wait: 24*time.Hour + time.Second},
		{
			name:    "go-github AbuseRateLimitError with a huge Retry-After: read by our rule",
			err:     &github.AbuseRateLimitError{Response: limitResponse(403, "Retry-After", "99999999999"), RetryAfter: ptrDuration(7776627963145224192)},
			limited: true, wait: 24 * time.Hour,
		},
		{
			name:    "go-github AbuseRateLimitError with a negative Retry-After",
			err:     &github.AbuseRateLimitError{Response: limitResponse(403, "Retry-After", "-5"), RetryAfter: ptrDuration(-5 * time.Second)},
			limited: true, wait: 2 * time.Second,
		},
		{name: "429, no headers: a minute", resp: limitResponse(429), limited: true, wait: time.Minute},
		{name: "403 with Retry-After", resp: limitResponse(403, "Retry-After", "7"), limited: true, wait: 7 * time.Second},
		{name: "403 with Retry-After as an HTTP date", resp: limitResponse(403, "Retry-After", httpDate(2*time.Minute)), limited: true, wait: 2 * time.Minute},
		{name: "403, none remaining: until the reset", resp: limitResponse(403, "X-Ratelimit-Remaining", "0", "X-Ratelimit-Reset", unix(5*time.Minute)), limited: true, wait: 5*time.Minute + time.Second},
		{name: "403, some remaining: a refusal, not a limit", resp: limitResponse(403, "X-Ratelimit-Remaining", "12", "X-Ratelimit-Reset", unix(time.Hour))},
		{name: "403, plain", resp: limitResponse(403)},
		{name: "500 with Retry-After", resp: limitResponse(500, "Retry-After", "5")},
		{name: "200", resp: limitResponse(200, "X-Ratelimit-Remaining", "0")},
		{name: "nothing at all"},
		{name: "a network error", err: &url.Error{Op: "Get", URL: "https://x", Err: fmt.Errorf("connection reset")}},
		{
			name:    "go-github RateLimitError: until its reset",
			err:     &github.RateLimitError{Rate: github.Rate{Reset: github.Timestamp{Time: rateNow.Add(10 * time.Minute)}}},
			limited: true, wait: 10*time.Minute + time.Second,
		},
		{
			name:    "go-github RateLimitError, reset past",
			err:     &github.RateLimitError{Rate: github.Rate{Reset: github.Timestamp{Time: rateNow.Add(-time.Hour)}}},
			limited: true, wait: 0,
		},
		{
			name:    "go-github RateLimitError without a reset: its headers",
			err:     &github.RateLimitError{Response: limitResponse(403, "Retry-After", httpDate(45*time.Second))},
			limited: true, wait: 45 * time.Second,
		},
		{name: "go-github AbuseRateLimitError with RetryAfter", err: &github.AbuseRateLimitError{RetryAfter: &secs}, limited: true, wait: secs},
		{
			// go-github reads an HTTP-date Retry-After as 0s; the header says 3 minutes.
			name:    "go-github AbuseRateLimitError, Retry-After as an HTTP date",
			err:     &github.AbuseRateLimitError{Response: limitResponse(403, "Retry-After", httpDate(3*time.Minute)), RetryAfter: new(time.Duration)},
			limited: true, wait: 3 * time.Minute,
		},
		{
			// While a secondary limit lasts, go-github answers by itself with a made-up
			// 403 whose headers are empty: only RetryAfter says how long is left.
			name:    "go-github AbuseRateLimitError raised before sending: its RetryAfter",
			err:     &github.AbuseRateLimitError{Response: &http.Response{StatusCode: 403, Header: http.Header{}}, RetryAfter: &secs},
			limited: true, wait: secs,
		},
		{
			// go-github checks the hold, then reads the clock again for RetryAfter: under
			// load the hold has ended in between and RetryAfter is zero or less. The limit
			// is over; waiting a minute would give up on a read that can go now.
			name:    "go-github AbuseRateLimitError raised before sending, its hold just over: no wait",
			err:     &github.AbuseRateLimitError{Response: &http.Response{StatusCode: 403, Header: http.Header{}}, RetryAfter: &justOver},
			limited: true, wait: 0,
		},
		{name: "go-github AbuseRateLimitError, nothing said: a minute", err: &github.AbuseRateLimitError{}, limited: true, wait: time.Minute},
		{
			name:    "go-github ErrorResponse of a 429, wrapped",
			err:     fmt.Errorf("reading: %w", &github.ErrorResponse{Response: limitResponse(429, "Retry-After", "3")}),
			limited: true, wait: 3 * time.Second,
		},
		{name: "go-github ErrorResponse of a 404", err: &github.ErrorResponse{Response: limitResponse(404, "Retry-After", "3")}},
	} {
		wait, limited := RateLimitOf(c.resp, c.err, rateNow)
		if limited != c.limited || wait != c.wait {
			t.Errorf("%s: rateLimitOf = %v, %v; want %v, %v", c.name, wait, limited, c.wait, c.limited)
		}
	}
}

// The pacer reads a refusal as classify does: a Retry-After HTTP date holds the
// endpoint until that date on the pacer's clock.
func TestPacerHoldsUntilAnHTTPDateRetryAfter(t *testing.T) {
	p := NewPacer(Pace{})
	p.now = func() time.Time { return rateNow }
	until := rateNow.Add(90 * time.Second)
	tr := &PacedTransport{Pacer: p, Next: stubRoundTrip(func(*http.Request) (*http.Response, error) {
		return limitResponse(429, "Retry-After", until.Format(http.TimeFormat)), nil
	})}
	req, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1/meta", nil)
	if _, err := tr.RoundTrip(req); err != nil {
		t.Fatal(err)
	}
	if hold := p.endpoints["GET /meta"].hold; !hold.Equal(until) || p.LimitHits.Load() != 1 {
		t.Fatalf("hold = %v, limit hits %d; want %v, 1", hold, p.LimitHits.Load(), until)
	}
}
