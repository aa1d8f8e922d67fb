package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/client/status"
)

// Each server the cloud lists is one line whose value starts in the column of every
// other value, however long its hostname; a server with no sync has no stray dash.
func TestStatusServerLinesKeepTheColumn(t *testing.T) {
	t.Parallel()
	st := &status.Status{}
	st.Cloud.Servers = []status.CloudServerSync{
		{Hostname: "ghes-2.acme.test", LastSync: client.LastSync{Date: "2026-11-23T02:11:00Z", Status: "success"}},
		{Hostname: "a-rather-long-disaster-recovery-appliance.acme.test"},
	}
	var out bytes.Buffer
	printStatus(&out, st, client.Config{}, time.Date(2026, 11, 26, 2, 11, 0, 0, time.UTC))
	want := map[string]string{
		"ghes-2.acme.test": "  server                 ghes-2.acme.test: synced 2026-11-23 02:11 UTC (3d ago)",
		"a-rather-long":    "  server                 a-rather-long-disaster-recovery-appliance.acme.test: no sync reported",
	}
	for key, line := range want {
		found := false
		for _, l := range strings.Split(out.String(), "\n") {
			if strings.Contains(l, key) {
				found = true
				if l != line {
					t.Errorf("got  %q\nwant %q", l, line)
				}
			}
		}
		if !found {
			t.Errorf("no line for %s in:\n%s", key, out.String())
		}
	}
}

// A status exits 75 (try again later) only when a rate limit alone stopped its parts;
// any other failure, or a number that cannot be true, is exit 1, and a refused token 4.
func TestStatusOutcomeExitCodes(t *testing.T) {
	t.Parallel()
	part := func(kind string) status.PartError { return status.PartError{Part: "p." + kind, Kind: kind} }
	for _, tc := range []struct {
		name       string
		errors     []status.PartError
		impossible bool
		want       int
	}{
		{"all read", nil, false, exitOK},
		{"rate limited", []status.PartError{part("rate_limited"), part("rate_limited")}, false, exitRateLimited},
		{"rate limited and a timeout", []status.PartError{part("rate_limited"), part("timeout")}, false, exitFailure},
		{"rate limited and a refused token", []status.PartError{part("rate_limited"), part("unauthorized")}, false, exitAuth},
		{"rate limited and an impossible number", []status.PartError{part("rate_limited")}, true, exitFailure},
	} {
		st := &status.Status{Errors: tc.errors}
		if tc.impossible {
			st.Impossible = []seats.Impossible{{Source: "server license", Field: "seats_used", Value: -5}}
		}
		if got := exitCode(statusOutcome(st)); got != tc.want {
			t.Errorf("%s: exit %d, want %d", tc.name, got, tc.want)
		}
	}
}
