package client

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/licensesync/licensesync/client/textsafe"
)

// Kind says what went wrong, so callers choose exit codes and screens by kind.
type Kind int

// The kinds of failure. Each Error carries one actionable sentence in Hint.
const (
	KindOther              Kind = iota
	KindUsage                   // bad input from the user (URL, slug, token shape, file)
	KindUnreachable             // DNS, refused, timeout
	KindTLS                     // certificate problems: use --ca-cert
	KindUnauthorized            // 401: bad or expired token
	KindNotSiteAdmin            // 404 on admin endpoints, or site_admin false
	KindMissingScope            // 403: the token may not do this (scope, SSO, IP allow list, EMU)
	KindRateLimited             // primary or secondary rate limit
	KindConsoleUnavailable      // 404 on the console API: a stock appliance
	KindNotFound                // other 404: wrong enterprise slug, missing endpoint
	KindConflict                // 409/412/422: state changed or not allowed now
	KindServer                  // 5xx
	KindBadResponse             // unparseable, truncated, HTML from a proxy, too large
)

// ErrNoCloudEnterprise is wrapped by the error of a cloud request when no cloud
// enterprise was configured and the appliance does not report the one GitHub Connect
// uses (a stock appliance): the fix is Config.CloudEnterprise.
var ErrNoCloudEnterprise = errors.New("this appliance does not report which cloud enterprise GitHub Connect uses")

// Error is the client's typed error. Its message is one line a person can act on and
// never contains a token.
type Error struct {
	Kind    Kind
	Op      string // what we were doing, e.g. "read the server license"
	Status  int    // HTTP status, 0 when none
	Hint    string // one sentence: what to do
	ResetAt time.Time
	Err     error
	// RequestID is GitHub's X-GitHub-Request-Id of the refused request, which GitHub
	// Support asks for; "" when the failure had no response.
	RequestID string

	// secrets are the tokens the client held, hidden from the message (Redact).
	secrets []string

	// maybeApplied is set when a write failed in a way that leaves unknown whether the
	// server applied it (a 5xx, a reset, a timeout); the caller reads the state back.
	maybeApplied bool
}

func (e *Error) Error() string {
	msg := e.Op
	if e.Err != nil {
		msg = fmt.Sprintf("%s: %v", e.Op, e.Err)
	}
	if e.RequestID != "" {
		msg += " (GitHub request ID " + e.RequestID + ")"
	}
	if e.Hint != "" {
		msg = strings.TrimRight(msg, ".") + ". " + e.Hint
	}
	return textsafe.Redact(msg, e.secrets...)
}

func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the Kind of err, or KindOther when it is not a client Error.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindOther
}

// maybeApplied reports whether err is a write that may have taken effect anyway.
func maybeApplied(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.maybeApplied
}
