package client

import (
	"net/http"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/licensesync/licensesync/client/transport"
)

// TestGoGithubsOwnSecondaryRefusalUsesItsRetryAfter: while a secondary limit lasts,
// go-github refuses requests itself with a made-up 403 that has no headers; its
// RetryAfter is the wait (it was read as "no header: a minute", which stalled a fetch
// for a minute and, past maxRateWait, failed it).
func TestGoGithubsOwnSecondaryRefusalUsesItsRetryAfter(t *testing.T) {
	left := 700 * time.Millisecond
	err := &github.AbuseRateLimitError{
		Response:   &http.Response{StatusCode: http.StatusForbidden, Header: make(http.Header)},
		RetryAfter: &left,
	}
	if wait, limited := transport.RateLimitOf(nil, err, time.Now()); !limited || wait != left {
		t.Errorf("wait %s, limited %v; want %s", wait, limited, left)
	}
	// A real refusal's header still wins (it may be an HTTP date go-github read as 0).
	zero := time.Duration(0)
	real := &github.AbuseRateLimitError{
		Response:   &http.Response{StatusCode: http.StatusForbidden, Header: http.Header{"Retry-After": {"3"}}},
		RetryAfter: &zero,
	}
	if wait, _ := transport.RateLimitOf(nil, real, time.Now()); wait != 3*time.Second {
		t.Errorf("wait %s with Retry-After: 3", wait)
	}
}
