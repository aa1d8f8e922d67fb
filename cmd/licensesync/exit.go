package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/textsafe"
	"github.com/licensesync/licensesync/cmd/licensesync/usage"
)

// Exit codes, as gh uses them.
const (
	exitOK        = 0
	exitFailure   = 1
	exitCancelled = 2 // also: usage errors
	exitAuth      = 4
	// exitRateLimited: stopped by a rate limit, or rather than wait past --max-wait;
	// sysexits' EX_TEMPFAIL, "try again later", which schedulers know.
	exitRateLimited = 75
)

// errCancelled means the person said no: exit 2, nothing changed.
var errCancelled = errors.New("cancelled; nothing was changed")

// exitCode maps an error to gh's exit codes.
func exitCode(err error) int {
	var u usage.Error
	var c checkExit
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &c):
		return c.code
	case errors.As(err, &u), errors.Is(err, errCancelled), errors.Is(err, context.Canceled):
		return exitCancelled
	}
	switch client.KindOf(err) {
	case client.KindUsage:
		return exitCancelled
	case client.KindUnauthorized, client.KindNotSiteAdmin, client.KindMissingScope:
		return exitAuth
	case client.KindRateLimited:
		return exitRateLimited
	}
	return exitFailure
}

// printError writes err as one line on stderr, sanitized (errors can quote server text)
// and then redacted: nothing is cut after, and a token that invisible characters had
// split is whole again when it is looked for.
func printError(w io.Writer, err error, secrets ...string) {
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(w, "licensesync: interrupted; nothing more was changed")
		return
	}
	if errors.As(err, new(checkExit)) {
		return // check printed its one line
	}
	fmt.Fprintln(w, "licensesync: "+textsafe.Redact(textsafe.Sanitize(err.Error()), secrets...))
}

// tokenVariables are the environment variables a token can come from.
var tokenVariables = []string{"GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN", "GH_TOKEN", "GITHUB_TOKEN"}

// secrets are the tokens this run may hold, for textsafe.Redact: those of the
// environment, and those resolved from gh's configuration.
func (a *app) secrets() []string {
	out := append([]string(nil), a.tokens...)
	for _, name := range tokenVariables {
		if v := a.getenv(name); v != "" {
			out = append(out, v)
		}
	}
	return out
}
