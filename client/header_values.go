package client

import (
	"errors"
	"fmt"
	"net/http"
	"sort"

	"github.com/licensesync/licensesync/client/textsafe"
)

// ErrBadHeaderValue is wrapped by the error for a request header we would send with a
// byte HTTP does not allow: a validator (ETag, Last-Modified) kept from an earlier
// answer with a control character in it. Go's transport would refuse it with its own
// parser's words ("net/http: invalid header field value for …"); this says it in ours,
// naming the header and never echoing the value.
var ErrBadHeaderValue = errors.New("a header value HTTP does not allow")

// headerProblem is the error for the first header of h (in name order) whose value
// holds a control character (a byte below 0x20 other than tab, or DEL), nil when
// every value may be sent.
func (c *Client) headerProblem(r request, h http.Header) error {
	names := make([]string, 0, len(h))
	for name := range h {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		for _, v := range h[name] {
			if !validHeaderValue(v) {
				return &Error{Kind: KindBadResponse, Op: r.op,
					Err:  fmt.Errorf("%w: %s would hold a control character; nothing was sent", ErrBadHeaderValue, textsafe.Sanitize(name)),
					Hint: fmt.Sprintf("It comes from an earlier answer of the server at %s (a validator such as an ETag); if it persists, check for a proxy on the way.", c.baseLabel(r.side))}
			}
		}
	}
	return nil
}

// validHeaderValue reports a value of visible characters, spaces and tabs (RFC 9110
// field-value; bytes from 0x80 pass, as Go's transport lets them).
func validHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if b := v[i]; b < 0x20 && b != '\t' || b == 0x7f {
			return false
		}
	}
	return true
}
