package tui

import (
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/seats"
)

// withImpossibleNumbers gives the fake's status what client/status makes of a license
// used 150 beyond its 1,000 seats and of consumed seats that cannot be true: the
// license over, the consumed seats unknown and listed as impossible.
func withImpossibleNumbers(f *fakeBackend) {
	l := f.license
	l.Seats, l.SeatsUsed, l.SeatsAvailable, l.SeatsOver = client.Seats{N: 1000}, 1150, client.Seats{N: -150}, ptr(150)
	f.status.Server.License = &l
	f.status.Cloud.SeatsConsumed = nil
	f.status.Impossible = []seats.Impossible{{Source: seats.SourceCloudConsumed, Field: seats.FieldSeatsConsumed, Value: -1, Reason: "a count cannot be negative"}}
}

// The seats lines say over as over and an impossible number as impossible, with its
// value and source, never the number as a fact; the rest of the dashboard still shows.
func TestSeatsSayOverAndImpossible(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name        string
		license     client.License
		impossible  []seats.Impossible
		want, never string
	}{
		{name: "over", license: client.License{Seats: client.Seats{N: 1000}, SeatsUsed: 1150, SeatsAvailable: client.Seats{N: -150}, SeatsOver: ptr(150)},
			want: "1,150 used of 1,000 · 150 over the license", never: "-150"},
		{name: "seats used impossible", license: client.License{Seats: client.Seats{N: 100}, SeatsUsed: -5, SeatsUsedUnknown: true},
			impossible: []seats.Impossible{{Source: seats.SourceServerLicense, Field: seats.FieldSeatsUsed, Value: -5}},
			want:       "used impossible (-5 from the server license) · 100 seats", never: "-5 used"},
		{name: "seats impossible", license: client.License{Seats: client.Seats{N: -1}, SeatsUnknown: true, SeatsUsed: 7},
			impossible: []seats.Impossible{{Source: seats.SourceServerLicense, Field: seats.FieldSeats, Value: -1}},
			want:       "7 used · seats impossible (-1 from the server license)", never: "of -1"},
		{name: "available impossible", license: client.License{Seats: client.Seats{N: 0}, SeatsUsed: 97183183, SeatsAvailable: client.Seats{N: 19223815}, SeatsAvailableUnknown: true, SeatsOver: ptr(97183183)},
			impossible: []seats.Impossible{{Source: seats.SourceServerLicense, Field: seats.FieldSeatsAvailable, Value: 19223815}},
			want:       "97,183,183 used · 0 seats · 97,183,183 over the license · available impossible", never: "19,223,815 free"},
		{name: "cloud consumed impossible", license: client.License{Seats: client.Seats{N: 3000}, SeatsUsed: 2412, SeatsAvailable: client.Seats{N: 588}},
			impossible: []seats.Impossible{{Source: seats.SourceCloudConsumed, Field: seats.FieldSeatsConsumed, Value: -1}},
			want:       "consumed impossible (-1 from the cloud's consumed licenses) · 3,000 purchased", never: "seats unknown"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newFake()
			f.status.Server.License = &c.license
			f.status.Impossible = c.impossible
			if _, ok := seats.ImpossibleOf(c.impossible, seats.FieldSeatsConsumed); ok {
				f.status.Cloud.SeatsConsumed = nil
			}
			h := newHarness(t, testOptions(f), 100, 30)
			h.toDashboard()
			v := h.m.View()
			if !strings.Contains(v, c.want) || strings.Contains(v, c.never) || !strings.Contains(v, "Sync ") {
				t.Errorf("want %q, never %q, and the rest:\n%s", c.want, c.never, v)
			}
		})
	}
}
