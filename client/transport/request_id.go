package transport

import (
	"errors"
	"net/http"
	"regexp"

	"github.com/google/go-github/v60/github"
)

// requestIDRe is the shape of GitHub's request ids (hex groups separated by colons);
// anything else in the header is not shown.
var requestIDRe = regexp.MustCompile(`^[0-9A-Fa-f]{1,16}(:[0-9A-Fa-f]{1,16}){1,8}$`)

// requestIDOf is the X-GitHub-Request-Id of the response behind err, for a support
// ticket; "" when err carries no response or the header is not an id.
func RequestIDOf(err error) string {
	resp := ResponseOf(err) // an error status; a rate limit's own error keeps its response too
	var rl *github.RateLimitError
	var abuse *github.AbuseRateLimitError
	switch {
	case errors.As(err, &rl):
		resp = rl.Response
	case errors.As(err, &abuse):
		resp = abuse.Response
	}
	if resp == nil {
		return ""
	}
	return requestIDFromHeader(resp.Header)
}

// requestIDFromHeader reads X-GitHub-Request-Id when it has the shape of one.
func requestIDFromHeader(h http.Header) string {
	if id := h.Get("X-Github-Request-Id"); requestIDRe.MatchString(id) {
		return id
	}
	return ""
}
