package transport

// Rate limits, decided in one place.
//
// How a request travels (send in request.go, the pacer in pacing.go, classify in
// classify.go, the retry policy in retry.go):
//
//  1. send builds the request and hands it to go-github, whose transport is the side's
//     pacedTransport.
//  2. The pacer holds the request until its endpoint's budget (Pace) and any hold
//     allow it, then sends it. On the answer it asks rateLimitOf: a rate-limit refusal
//     holds the endpoint for the wait the server asked for and halves the requests it
//     lets be in flight there.
//  3. go-github turns an error status into a typed error; classify asks rateLimitOf
//     again, so both read the same refusal the same way, and makes it KindRateLimited
//     with that wait.
//  4. send sleeps the wait and sends again: a limit is not a failed try, but the waits
//     and refusals in all are bounded (retryPolicy's maxRateWait, maxRateTries). Any
//     other transient failure of a GET is tried again after a jittered back-off; a
//     write that failed ambiguously is not, and says it may have been applied.
//
// What counts as a refusal and how long it asks for follow GitHub's documentation of
// its primary and secondary rate limits (docs/RELIABILITY.md): a 429; a 403 with
// Retry-After or with x-ratelimit-remaining 0; go-github's RateLimitError and
// AbuseRateLimitError. The wait is Retry-After (seconds or an HTTP date), else until
// x-ratelimit-reset when nothing remains, else a minute. A Retry-After that is there
// but cannot be meant as written (zero, negative, not a number, or more than a day)
// gets a short back-off or a day: never a minute for "-5", never a hot loop for
// "0", never an overflow for "99999999999".

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"
)

// defaultRateWait is the wait of a refusal that says nothing of when to come back.
const defaultRateWait = time.Minute

// Bounds on what a Retry-After may ask (docs/RELIABILITY.md, "Bounds"):
// minRetryAfter for zero or a date already past (come back now, but not in a hot
// loop), oddRetryAfter for a negative or unreadable value (GitHub sends whole seconds:
// a short back-off, then the refusal's next answer says more), maxRetryAfter at most,
// for Retry-After and x-ratelimit-reset alike.
// A wait past the retry policy's MaxRateWait is not waited at all: the request ends
// in KindRateLimited with the time to come back.
const (
	minRetryAfter = time.Second
	oddRetryAfter = 2 * time.Second
	maxRetryAfter = 24 * time.Hour
)

// rateLimitOf decides whether an answer is a rate-limit refusal and, if it is, how long
// it asks to wait as of now (never negative). The answer is resp, as the transport saw
// it, or err, as go-github returned it (its rate-limit errors, or an error status that
// kept the response); now is the caller's clock, so tests can fix it.
func RateLimitOf(resp *http.Response, err error, now time.Time) (wait time.Duration, limited bool) {
	var rl *github.RateLimitError
	if errors.As(err, &rl) {
		if reset := rl.Rate.Reset.Time; !reset.IsZero() {
			return max(reset.Sub(now)+time.Second, 0), true
		}
		return retryWait(headerOf(rl.Response), now), true
	}
	var abuse *github.AbuseRateLimitError
	if errors.As(err, &abuse) {
		// go-github reads only the seconds form of Retry-After (an HTTP date becomes 0),
		// so a zero is read again from the headers. A positive one is taken as it is:
		// while a secondary limit lasts, go-github refuses requests itself with a made-up
		// response whose headers are empty, and only RetryAfter says how long is left.
		h := headerOf(abuse.Response)
		if h.Get("Retry-After") != "" {
			// Read by our rule, bounded: go-github's own reading of a huge value wraps.
			return retryWait(h, now), true
		}
		if abuse.RetryAfter != nil && (*abuse.RetryAfter > 0 || abuse.Response == nil) {
			return max(*abuse.RetryAfter, 0), true
		}
		if abuse.RetryAfter != nil && h.Get("Retry-After") == "" && h.Get("X-Ratelimit-Reset") == "" {
			// go-github's made-up refusal whose hold ran out between its check and its
			// RetryAfter (it reads the clock twice): the limit is over, so no wait, not
			// the minute a refusal that says nothing would get.
			return 0, true
		}
		return retryWait(h, now), true
	}
	if resp == nil {
		resp = ResponseOf(err)
	}
	if resp == nil {
		return 0, false
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests,
		resp.StatusCode == http.StatusForbidden &&
			(resp.Header.Get("Retry-After") != "" || resp.Header.Get("X-Ratelimit-Remaining") == "0"):
		return retryWait(resp.Header, now), true
	}
	return 0, false
}

// retryWait is how long a refusal's headers ask to wait from now: Retry-After (seconds
// or an HTTP date, within minRetryAfter..maxRetryAfter; oddRetryAfter when it is
// neither), else until x-ratelimit-reset when no requests remain, else a minute.
func retryWait(h http.Header, now time.Time) time.Duration {
	if v := h.Get("Retry-After"); v != "" {
		return retryAfter(v, now)
	}
	if reset := h.Get("X-Ratelimit-Reset"); reset != "" && h.Get("X-Ratelimit-Remaining") == "0" {
		if at, err := strconv.ParseInt(strings.TrimSpace(reset), 10, 64); err == nil && at >= 0 {
			// GitHub's primary limit resets within the hour: a reset past a day is held
			// at maxRetryAfter (Sub itself holds at the longest Duration, +1s would wrap).
			return max(min(time.Unix(at, 0).Sub(now), maxRetryAfter)+time.Second, 0)
		}
	}
	return defaultRateWait
}

// retryAfter is the wait a Retry-After value present on a refusal asks for, bounded.
func retryAfter(v string, now time.Time) time.Duration {
	if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil {
		if n < 0 {
			return oddRetryAfter
		}
		return max(time.Duration(min(n, int64(maxRetryAfter/time.Second)))*time.Second, minRetryAfter)
	}
	if t, err := http.ParseTime(v); err == nil {
		return min(max(t.Sub(now), minRetryAfter), maxRetryAfter)
	}
	return oddRetryAfter
}

// responseOf is the HTTP response go-github kept with an error status; nil for any
// other error.
func ResponseOf(err error) *http.Response {
	var er *github.ErrorResponse
	if errors.As(err, &er) {
		return er.Response
	}
	var tfa *github.TwoFactorAuthError
	if errors.As(err, &tfa) {
		return tfa.Response
	}
	return nil
}

// headerOf is resp's header, nil without a response.
func headerOf(resp *http.Response) http.Header {
	if resp == nil {
		return nil
	}
	return resp.Header
}
