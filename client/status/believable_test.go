package status

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/seats"
)

// Each impossible field becomes null in the JSON, the others stay, and a license used
// beyond its seats is over.
func TestBelieveMakesImpossibleFieldsUnknown(t *testing.T) {
	for _, c := range []struct {
		name string
		l    client.License
		json []string // parts of the license's JSON
		bad  int
	}{
		{"sound", client.License{Seats: client.Seats{N: 10}, SeatsUsed: 3, SeatsAvailable: client.Seats{N: 7}},
			[]string{`"seats":10,"seats_used":3,"seats_available":7`, `"seats_over":0`}, 0},
		{"over", client.License{Seats: client.Seats{N: 1000}, SeatsUsed: 1150, SeatsAvailable: client.Seats{N: -150}},
			[]string{`"seats_used":1150`, `"seats_available":-150`, `"seats_over":150`}, 0},
		{"seats used negative", client.License{Seats: client.Seats{N: 100}, SeatsUsed: -5, SeatsAvailable: client.Seats{N: 105}, Kind: "standard"},
			[]string{`"seats":100`, `"seats_used":null`, `"seats_available":null`, `"seats_over":null`, `"kind":"standard"`}, 1},
		{"seats negative", client.License{Seats: client.Seats{N: -1}, SeatsUsed: 5, SeatsAvailable: client.Seats{N: 0}},
			[]string{`"seats":null`, `"seats_used":5`, `"seats_over":null`}, 1},
		{"available inconsistent", client.License{Seats: client.Seats{N: 0}, SeatsUsed: 97183183, SeatsAvailable: client.Seats{N: 19223815}},
			[]string{`"seats":0`, `"seats_used":97183183`, `"seats_available":null`, `"seats_over":97183183`}, 1},
		{"expired 186,000 years ago", client.License{Seats: client.Seats{N: 10}, SeatsUsed: 3, SeatsAvailable: client.Seats{N: 7}, DaysUntilExpiration: -68113497},
			[]string{`"days_until_expiration":null`, `"seats":10`}, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := c.l
			bad := believeLicense(&l)
			b, _ := json.Marshal(l)
			for _, want := range c.json {
				if !strings.Contains(string(b), want) {
					t.Errorf("JSON %s lacks %s", b, want)
				}
			}
			if len(bad) != c.bad {
				t.Errorf("impossible = %+v, want %d entries", bad, c.bad)
			}
		})
	}

	n := func(v int) *int { return &v }
	u := &client.ServerUsers{Total: n(1200), Admin: n(-25036264), Suspended: n(-99082039)}
	if bad := believeUsers(u); len(bad) != 2 || u.Admin != nil || u.Suspended != nil || u.Total == nil || *u.Total != 1200 {
		t.Errorf("users %+v, impossible %+v: want admin and suspended unknown, the total kept", u, bad)
	}
	purchased, consumed, bad := believeCloud(&client.ConsumedLicenses{TotalSeatsConsumed: 5000, TotalSeatsPurchased: -5})
	if purchased != nil || consumed == nil || *consumed != 5000 || len(bad) != 1 || bad[0].Field != seats.FieldSeatsPurchased {
		t.Errorf("cloud: purchased %v consumed %v impossible %+v", purchased, consumed, bad)
	}
}

// A seat count that is not a number (Prism --dynamic sends "seats":"exercitation ut
// enim", the description allowing a string) is never shown as an invented 0 ("86,348,432
// used of 0 (86,348,432 over the license)"): it is impossible, with what was sent, and
// the seats in use, which are a number, still show.
func TestLicenseSeatsNotANumberIsImpossible(t *testing.T) {
	c := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v3/meta":
			status(200, `{"installed_version":"3.22.0"}`)(w, r)
		case "/api/v3/enterprise/settings/license":
			status(200, `{"seats":"exercitation ut enim","seats_used":86348432,"seats_available":"dolor","kind":"standard","days_until_expiration":30}`)(w, r)
		default:
			status(404, `{"message":"Not Found"}`)(w, r)
		}
	}, nil)
	st, err := c.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(st.Server.License)
	for _, want := range []string{`"seats":null`, `"seats_used":86348432`, `"seats_available":null`, `"seats_over":null`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("license JSON %s lacks %s", b, want)
		}
	}
	got := map[string]seats.Impossible{}
	for _, i := range st.Impossible {
		got[i.Field] = i
	}
	for field, sent := range map[string]string{seats.FieldSeats: `"exercitation ut enim"`, seats.FieldSeatsAvailable: `"dolor"`} {
		i, ok := got[field]
		if !ok || i.Sent != sent || i.Reason != "not a number" {
			t.Errorf("impossible %s = %+v (present %v), want sent %s, not a number", field, i, ok, sent)
			continue
		}
		if w := i.Words(); w != "impossible ("+sent+" from the server license)" {
			t.Errorf("words = %q", w)
		}
	}
	if _, ok := got[seats.FieldSeatsUsed]; ok {
		t.Errorf("seats_used 86,348,432 is a number and not impossible: %+v", st.Impossible)
	}
}
