package history

import (
	"testing"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/status"
)

// On the appliance without a server token, ghe-license gives the license but not the
// seats in use: the sample leaves them unknown (null) instead of recording 0 used,
// which the history table showed as "0/2,750" and a trend would read as a drop.
func TestFromStatusKeepsUnknownSeatsUsedUnknown(t *testing.T) {
	st := &status.Status{Server: status.ServerStatus{Hostname: "ghes.acme.test",
		License: &client.License{Seats: client.Seats{N: 2750}, SeatsUsedUnknown: true}}}
	s := FromStatus(st, t0, false, nil)
	if s.ServerSeatsUsed != nil || s.ServerSeatsTotal == nil || *s.ServerSeatsTotal != 2750 {
		t.Fatalf("seats used %v, total %v: want unknown of 2750", s.ServerSeatsUsed, s.ServerSeatsTotal)
	}
	st.Server.License = &client.License{Seats: client.Seats{N: 2750}, SeatsUsed: 2426}
	if s := FromStatus(st, t0, false, nil); s.ServerSeatsUsed == nil || *s.ServerSeatsUsed != 2426 {
		t.Fatalf("a known seats used must be kept: %v", s.ServerSeatsUsed)
	}
}

// Seats that cannot be true (client/status left them unknown) are no sample value.
func TestFromStatusLeavesImpossibleSeatsUnknown(t *testing.T) {
	st := &status.Status{Server: status.ServerStatus{Hostname: "ghes.acme.test",
		License: &client.License{Seats: client.Seats{N: -1}, SeatsUnknown: true, SeatsUsed: 7}}}
	if s := FromStatus(st, t0, false, nil); s.ServerSeatsTotal != nil || s.ServerSeatsUsed == nil || *s.ServerSeatsUsed != 7 {
		t.Fatalf("seats total %v, used %v: want unknown, and 7 used", s.ServerSeatsTotal, s.ServerSeatsUsed)
	}
}
