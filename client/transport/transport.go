package transport

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/licensesync/licensesync/client/textsafe"
)

// transport is the RoundTripper under each side's go-github client. It adds the token
// only to requests for the configured scheme and host (so a redirect elsewhere never
// carries it), caps the body, and traces the exchange when asked.
type transport struct {
	next   http.RoundTripper
	scheme string
	host   string
	token  string
	trace  *tracer
}

func NewTransport(next http.RoundTripper, base *url.URL, token string, trace *tracer) *transport {
	if next == nil {
		next = http.DefaultTransport
	}
	return &transport{next: next, scheme: base.Scheme, host: base.Host, token: token, trace: trace}
}

// RoundTrip implements http.RoundTripper.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Header.Del("Authorization")
	if t.token != "" && req.URL.Scheme == t.scheme && req.URL.Host == t.host {
		if login := basicLoginOf(req.Context()); login != "" {
			req.SetBasicAuth(login, t.token)
		} else {
			req.Header.Set("Authorization", "Bearer "+t.token)
		}
	}
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	t.trace.exchange(req, resp, err, time.Since(start))
	if err != nil {
		return nil, err
	}
	limit := BodyLimit(req.Context())
	resp.Body = &cappedBody{rc: resp.Body, left: limit, limit: limit}
	return resp, nil
}

// errCrossHostRedirect stops a redirect to another scheme or host: the token is never
// sent there, so following it could only end in a confusing 401.
type ErrCrossHostRedirect struct{ to string }

func (e ErrCrossHostRedirect) Error() string {
	return "redirected to " + e.to + ", another host; the token is not sent there"
}

// sameHostRedirects is the http.Client's CheckRedirect: follow redirects on the same
// scheme and host (at most 10), refuse any other.
func SameHostRedirects(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	if first := via[0].URL; req.URL.Scheme != first.Scheme || req.URL.Host != first.Host {
		u := *req.URL
		u.User, u.RawQuery, u.Fragment = nil, "", ""
		return ErrCrossHostRedirect{to: u.Scheme + "://" + u.Host}
	}
	return nil
}

// cappedBody fails with a BodyTooLargeError instead of reading past its limit.
type cappedBody struct {
	rc    io.ReadCloser
	left  int64
	limit int64
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.left < 0 {
		return 0, &BodyTooLargeError{Limit: b.limit}
	}
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	if b.left < 0 {
		return n, &BodyTooLargeError{Limit: b.limit}
	}
	return n, err
}

func (b *cappedBody) Close() error { return b.rc.Close() }

// tracer writes one line per HTTP exchange to the Debug writer: method, URL, status and
// duration. It never sees headers, so it cannot leak the Authorization header; it shows
// the names of query parameters but not their values (a redirect can put a token
// there), and hides anything shaped like a token or a piece of one it knows.
type tracer struct {
	mu      sync.Mutex
	w       io.Writer
	secrets []string
}

func NewTracer(w io.Writer, secrets ...string) *tracer {
	if w == nil {
		return nil
	}
	return &tracer{w: w, secrets: secrets}
}

// traceURL is u without user information, fragment or query values.
func traceURL(u *url.URL) string {
	v := *u
	v.User, v.Fragment, v.RawFragment = nil, "", ""
	if v.RawQuery != "" {
		names := slices.Sorted(maps.Keys(v.Query()))
		for i, n := range names {
			names[i] = url.QueryEscape(n) + "=…"
		}
		v.RawQuery = strings.Join(names, "&")
	}
	return v.String()
}

func (t *tracer) exchange(req *http.Request, resp *http.Response, err error, d time.Duration) {
	if t == nil {
		return
	}
	var outcome string
	if err != nil {
		outcome = "error: " + DescribeNetError(err)
	} else {
		outcome = fmt.Sprint(resp.StatusCode)
	}
	line := fmt.Sprintf("http: %s %s -> %s (%s)", req.Method, traceURL(req.URL), outcome, d.Round(time.Millisecond))
	line = textsafe.Redact(textsafe.Sanitize(line), t.secrets...) + "\n"
	t.mu.Lock()
	defer t.mu.Unlock()
	_, _ = io.WriteString(t.w, line)
}

// describeNetError is a short reason for a network error, without the URL (the Hint has it).
func DescribeNetError(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var dns *net.DNSError
	var redirect ErrCrossHostRedirect
	var tooLarge *BodyTooLargeError
	switch {
	case errors.As(err, &redirect):
		return redirect.Error()
	case errors.As(err, &tooLarge):
		return tooLarge.Error()
	case errors.As(err, &dns):
		return "cannot resolve host " + dns.Name
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset"
	case errors.Is(err, os.ErrDeadlineExceeded), isTimeout(err):
		return ErrTimedOut.Error()
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "connection closed before the answer was complete"
	}
	return err.Error()
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// errTimedOut is what a request that timed out (after its retries) wraps.
var ErrTimedOut = errors.New("timed out")
