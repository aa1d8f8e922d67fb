package client

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/licensesync/licensesync/client/textsafe"
	"github.com/licensesync/licensesync/client/transport"
)

// failure is a classified error: the typed error to return, whether trying again may
// help, and for rate limits how long to wait first.
type failure struct {
	err       *Error
	transient bool
	wait      time.Duration
}

// classify turns whatever go-github or the network returned into a typed Error.
func (c *Client) classify(ctx context.Context, r request, err error) failure {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return failure{err: &Error{Kind: KindOther, Op: r.op, Err: ctxErr}}
	}
	now := c.now()
	if wait, limited := transport.RateLimitOf(nil, err, now); limited {
		f := c.rateLimited(r, wait, now)
		if resp := transport.ResponseOf(err); resp != nil {
			f.err.Status = resp.StatusCode
		}
		return f
	}
	var er *github.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		return c.classifyStatus(r, er.Response, er.Message, now)
	}
	var tfa *github.TwoFactorAuthError
	if errors.As(err, &tfa) && tfa.Response != nil {
		return c.classifyStatus(r, tfa.Response, tfa.Message, now)
	}
	return c.classifyTransport(r, err)
}

// rateLimited is a KindRateLimited failure (see ratelimit.go); send waits and retries
// when wait is short.
func (c *Client) rateLimited(r request, wait time.Duration, now time.Time) failure {
	reset := now.Add(wait).UTC().Truncate(time.Second)
	return failure{wait: wait, err: &Error{
		Kind: KindRateLimited, Op: r.op, Status: http.StatusTooManyRequests, ResetAt: reset,
		Err:  fmt.Errorf("%s rate limit reached", c.sideName(r.side)),
		Hint: fmt.Sprintf("Wait until %s (about %s) and try again.", reset.Format("15:04:05 UTC"), wait.Round(time.Second)),
	}}
}

// classifyStatus reads an HTTP error status.
func (c *Client) classifyStatus(r request, resp *http.Response, message string, now time.Time) failure {
	code := resp.StatusCode
	var body []byte
	if resp.Body != nil {
		body, _ = io.ReadAll(io.LimitReader(resp.Body, 4096))
	}
	base := c.baseLabel(r.side)
	e := &Error{Op: r.op, Status: code, Err: statusError{code: code, message: c.clean(message)}}
	switch {
	case code >= 500:
		e.Kind = KindServer
		e.Hint = fmt.Sprintf("The server at %s failed; try again in a minute, and check its health if this persists.", base)
		return failure{err: e, transient: true}
	case looksHTML(body):
		e.Kind = KindBadResponse
		e.Hint = htmlHint(base)
	case code == http.StatusUnauthorized:
		e.Kind = KindUnauthorized
		e.Hint = c.refusedTokenHint(r.side)
	case code == http.StatusForbidden && r.side == SideCloud:
		e.Kind = KindMissingScope
		e.Hint = c.cloudForbidden(resp, message)
	case code == http.StatusForbidden:
		e.Kind = KindMissingScope
		e.Hint = fmt.Sprintf("Use a classic token of a site admin with the site_admin scope in %s.", c.TokenSource(sideServer))
	case code == http.StatusNotFound:
		c.classifyNotFound(r, e)
	case code == http.StatusConflict || code == http.StatusPreconditionFailed || code == http.StatusUnprocessableEntity:
		e.Kind = KindConflict
		e.Hint = "Check the current state with licensesync status, then try again."
		if code == http.StatusPreconditionFailed {
			e.Hint = "Someone else changed the GitHub Connect settings since they were read; reload them and try again."
		}
	default:
		e.Kind = KindOther
		e.Hint = fmt.Sprintf("The server at %s refused the request; check the message above.", base)
	}
	return failure{err: e}
}

// classifyNotFound reads a 404 by the area of the path.
func (c *Client) classifyNotFound(r request, e *Error) {
	switch r.area {
	case areaAdmin:
		e.Kind = KindNotSiteAdmin
		e.Hint = fmt.Sprintf("The token from %s is not a site admin's on %s; use a site admin's classic token.", c.TokenSource(sideServer), c.ServerRoot())
	case areaConsole:
		if strings.Contains(strings.ToLower(e.Err.(statusError).message), "enterprise") {
			e.Kind = KindNotFound
			e.Hint = fmt.Sprintf("The appliance has no enterprise %q; check --enterprise.", c.cfg.Enterprise)
			return
		}
		e.Kind = KindConsoleUnavailable
		e.Hint = c.consoleMissingHint(r.path)
	case areaCloudEnt:
		e.Kind = KindNotFound
		e.Hint = c.cloudEnterpriseNotFoundHint()
	case areaCloudStats:
		e.Kind = KindNotFound
		e.Hint = c.statsNotFoundHint()
	case areaCloudUpload:
		e.Kind = KindConsoleUnavailable
		e.Hint = fmt.Sprintf("Upload the file on %s → Add server usage.", c.cloudLicensePage())
	default:
		e.Kind = KindNotFound
		e.Hint = fmt.Sprintf("The server at %s does not offer this endpoint; check that it is GitHub Enterprise Server and that --server is right.", c.baseLabel(r.side))
	}
}

// classifyTransport reads a failure below HTTP: DNS, TCP, TLS, a cut-off body.
func (c *Client) classifyTransport(r request, err error) failure {
	base := c.baseLabel(r.side)
	flag := "--server"
	if r.side == SideCloud {
		flag = "--cloud"
	}
	e := &Error{Op: r.op, Err: errors.New(transport.DescribeNetError(err))}
	if e.Err.Error() == transport.ErrTimedOut.Error() {
		e.Err = transport.ErrTimedOut // describeNetError's timeout: status tells it apart by this
	}
	var tooLarge *transport.BodyTooLargeError
	switch {
	case errors.As(err, &tooLarge):
		e.Kind = KindBadResponse
		e.Hint = fmt.Sprintf("The server at %s sent more than %d MiB; is a proxy in the way?", base, tooLarge.Limit>>20)
		return failure{err: e}
	case errors.As(err, new(transport.ErrCrossHostRedirect)):
		e.Kind = KindBadResponse
		e.Hint = fmt.Sprintf("If the server moved, point %s at the new address; otherwise a proxy may be redirecting.", flag)
		return failure{err: e}
	case isTLSError(err):
		e.Kind = KindTLS
		e.Hint = fmt.Sprintf("The TLS certificate of %s could not be verified; if it comes from a private CA, pass --ca-cert FILE with that CA's PEM certificate.", base)
		var invalid x509.CertificateInvalidError
		if errors.As(err, &invalid) && invalid.Reason == x509.Expired {
			e.Err = errors.New("the TLS certificate has expired or is not yet valid")
			e.Hint = fmt.Sprintf("Renew the certificate of %s (or check this machine's clock); a certificate from a private CA also needs --ca-cert FILE.", base)
		}
		if strings.Contains(err.Error(), "server gave HTTP response to HTTPS client") {
			e.Hint = fmt.Sprintf("%s speaks plain http, not https; check %s.", base, flag)
		}
		return failure{err: e}
	case isMalformedHTTP(err):
		e.Kind = KindBadResponse
		e.Hint = fmt.Sprintf("The server at %s does not speak HTTP as expected; check %s.", base, flag)
		return failure{err: e}
	}
	e.Kind = KindUnreachable
	e.Hint = fmt.Sprintf("Could not reach %s; check %s and the network.", base, flag)
	var dns *net.DNSError
	if errors.As(err, &dns) && !dns.IsTimeout && !dns.IsTemporary {
		return failure{err: e}
	}
	if errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETUNREACH) {
		return failure{err: e}
	}
	return failure{err: e, transient: true}
}

// isTLSError reports certificate and handshake failures.
func isTLSError(err error) bool {
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	var record tls.RecordHeaderError
	var alert tls.AlertError
	return errors.As(err, &unknownAuth) || errors.As(err, &hostErr) || errors.As(err, &invalid) ||
		errors.As(err, &verify) || errors.As(err, &record) || errors.As(err, &alert) ||
		strings.Contains(err.Error(), "server gave HTTP response to HTTPS client") ||
		strings.Contains(err.Error(), "tls: ")
}

// isMalformedHTTP reports a peer that answered, but not with HTTP.
func isMalformedHTTP(err error) bool {
	s := err.Error()
	return strings.Contains(s, "malformed HTTP")
}

// statusError is an HTTP error status with the server's message.
type statusError struct {
	code    int
	message string
}

func (e statusError) Error() string {
	s := fmt.Sprintf("HTTP %d %s", e.code, http.StatusText(e.code))
	if e.message != "" {
		s += ": " + e.message
	}
	return s
}

// looksHTML reports a body that is an HTML page rather than JSON.
func looksHTML(body []byte) bool {
	b := bytes.TrimLeft(body, " \t\r\n\ufeff")
	if len(b) == 0 || b[0] != '<' {
		return false
	}
	head := strings.ToLower(string(b[:min(len(b), 512)]))
	return strings.Contains(head, "<html") || strings.Contains(head, "<!doctype") || strings.Contains(head, "<head") || strings.Contains(head, "<body")
}

func htmlHint(base string) string {
	return fmt.Sprintf("The server at %s answered with an HTML page, not GitHub's API; is a proxy in the way?", base)
}

// clean makes a server-sent message safe for one line: sanitized, then with no token
// (redacted before the cut, so that the cut cannot leave a piece of one), short.
func (c *Client) clean(s string) string {
	s = textsafe.Redact(textsafe.Sanitize(strings.TrimSpace(s)), c.secrets()...)
	n := 200
	if lo := max(n-len(textsafe.Redacted)+1, 0); len(s) > n {
		if j := strings.Index(s[lo:min(len(s), n+len(textsafe.Redacted)-1)], textsafe.Redacted); j >= 0 && lo+j < n {
			n = lo + j + len(textsafe.Redacted) // the cut would split "[redacted]": keep it whole
		}
	}
	return Truncate(s, n)
}

// secrets are the tokens this client holds, for Redact.
func (c *Client) secrets() []string {
	return []string{c.cfg.ServerToken, c.cfg.CloudToken}
}
