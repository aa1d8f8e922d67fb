package seats

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client"
)

// fields is each impossible entry as "source/field=value", in order.
func fields(list []Impossible) string {
	out := make([]string, 0, len(list))
	for _, i := range list {
		out = append(out, fmt.Sprintf("%s/%s=%d", i.Source, i.Field, i.Value))
	}
	return strings.Join(out, " ")
}

// oldDate is an end before GitHub Enterprise existed.
var oldDate = time.Date(1970, 1, 2, 0, 0, 0, 0, time.UTC)

func TestLicenseImpossible(t *testing.T) {
	n := func(v int) client.Seats { return client.Seats{N: v} }
	unlimited := client.Seats{Unlimited: true}
	for _, c := range []struct {
		name string
		l    client.License
		want string // fields(LicenseImpossible)
		over int    // LicenseOver; -1: unknown
	}{
		{"within the seats", client.License{Seats: n(1400), SeatsUsed: 1316, SeatsAvailable: n(84)}, "", 0},
		{"every seat used", client.License{Seats: n(10), SeatsUsed: 10, SeatsAvailable: n(0)}, "", 0},
		{"over, available negative", client.License{Seats: n(1000), SeatsUsed: 1150, SeatsAvailable: n(-150)}, "", 150},
		{"over, available held at 0", client.License{Seats: n(1000), SeatsUsed: 1150, SeatsAvailable: n(0)}, "", 150},
		{"unlimited", client.License{Seats: unlimited, SeatsUsed: 7, SeatsAvailable: unlimited}, "", -1},
		{"2^63-1 all used", client.License{Seats: n(math.MaxInt), SeatsUsed: math.MaxInt, SeatsAvailable: n(0)}, "", 0},
		{"negative seats", client.License{Seats: n(-1), SeatsUsed: 3, SeatsAvailable: n(4)}, "server license/seats=-1", -1},
		{"negative seats from ghe-license", client.License{Source: client.LicenseSourceUtility, Seats: n(-1), SeatsUsedUnknown: true}, "ghe-license/seats=-1", -1},
		{"negative seats used", client.License{Seats: n(100), SeatsUsed: -5, SeatsAvailable: n(105)}, "server license/seats_used=-5", -1},
		{"used unknown: nothing of it judged", client.License{Seats: n(100), SeatsUsed: -5, SeatsAvailable: n(-9), SeatsUsedUnknown: true}, "", -1},
		{"available beyond the seats", client.License{Seats: n(0), SeatsUsed: 97183183, SeatsAvailable: n(19223815)}, "server license/seats_available=19223815", 97183183},
		{"available not seats less used", client.License{Seats: n(100), SeatsUsed: 10, SeatsAvailable: n(80)}, "server license/seats_available=80", 0},
		{"negative available, not the overage", client.License{Seats: n(100), SeatsUsed: 10, SeatsAvailable: n(-150)}, "server license/seats_available=-150", 0},
		{"negative available, unlimited seats", client.License{Seats: unlimited, SeatsUsed: 10, SeatsAvailable: n(-1)}, "server license/seats_available=-1", -1},
		{"everything negative", client.License{Seats: n(-1), SeatsUsed: math.MinInt, SeatsAvailable: n(-3)},
			"server license/seats=-1 server license/seats_used=-9223372036854775808 server license/seats_available=-3", -1},
		{"a year left", client.License{Seats: n(10), SeatsUsed: 1, SeatsAvailable: n(9), DaysUntilExpiration: 365}, "", 0},
		{"expired a century ago", client.License{Seats: n(10), SeatsUsed: 1, SeatsAvailable: n(9), DaysUntilExpiration: -68113497},
			"server license/days_until_expiration=-68113497", 0},
		{"ends in 270,000 years", client.License{Seats: n(10), SeatsUsed: 1, SeatsAvailable: n(9), DaysUntilExpiration: 98879673},
			"server license/days_until_expiration=98879673", 0},
		{"an end before GitHub Enterprise", client.License{Seats: n(10), SeatsUsed: 1, SeatsAvailable: n(9), ExpiresAt: &oldDate},
			"server license/expires_at=0", 0},
		{"negative Advanced Security seats", client.License{Source: client.LicenseSourceUtility, Seats: n(5), SeatsUsedUnknown: true, AdvancedSecuritySeats: &client.Seats{N: -2}},
			"ghe-license/advanced_security_seats=-2", -1},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := fields(LicenseImpossible(&c.l)); got != c.want {
				t.Errorf("LicenseImpossible = %q, want %q", got, c.want)
			}
			over, known := LicenseOver(&c.l)
			if (c.over < 0) == known || known && over != c.over {
				t.Errorf("LicenseOver = %d, %v; want %d", over, known, c.over)
			}
		})
	}
}

func TestServerUsersImpossible(t *testing.T) {
	for _, c := range []struct {
		total, admin, suspended int
		want                    string
	}{
		{1400, 3, 12, ""},
		{0, 0, 0, ""},
		{10, 10, 10, ""},
		{100, -25036264, -99082039, "server's user counts/admin=-25036264 server's user counts/suspended=-99082039"},
		{-1, 3, 2, "server's user counts/total=-1"},
		{10, 11, 12, "server's user counts/admin=11 server's user counts/suspended=12"},
		{math.MaxInt, math.MaxInt, 0, ""},
	} {
		if got := fields(ServerUsersImpossible(c.total, c.admin, c.suspended)); got != c.want {
			t.Errorf("ServerUsersImpossible(%d, %d, %d) = %q, want %q", c.total, c.admin, c.suspended, got, c.want)
		}
	}
}

func TestDormantImpossible(t *testing.T) {
	rec := func(dormant int, total *int) *client.ServerStatsRecord {
		r := &client.ServerStatsRecord{DormantUsers: client.DormantUsers{TotalDormantUsers: dormant}}
		if total != nil {
			r.GHEStats = &client.StatsGHE{Users: &client.UserStats{TotalUsers: *total}}
		}
		return r
	}
	ten := 10
	for _, c := range []struct {
		r    *client.ServerStatsRecord
		want string
	}{
		{rec(4, &ten), ""},
		{rec(4, nil), ""},
		{rec(10, &ten), ""},
		{rec(-3, nil), "cloud's Server Statistics/dormant=-3"},
		{rec(11, &ten), "cloud's Server Statistics/dormant=11"},
	} {
		if got := fields(DormantImpossible(c.r)); got != c.want {
			t.Errorf("DormantImpossible(%+v) = %q, want %q", c.r.DormantUsers, got, c.want)
		}
	}
}

func TestCloudSeatsImpossible(t *testing.T) {
	for _, c := range []struct {
		consumed, purchased int
		want                string
	}{
		{5000, 4500, ""}, // over, as GitHub's own example: not impossible
		{0, 0, ""},
		{math.MaxInt, math.MaxInt, ""},
		{-1, 10, "cloud's consumed licenses/seats_consumed=-1"},
		{math.MinInt, -5, "cloud's consumed licenses/seats_consumed=-9223372036854775808 cloud's consumed licenses/seats_purchased=-5"},
	} {
		if got := fields(CloudSeatsImpossible(c.consumed, c.purchased)); got != c.want {
			t.Errorf("CloudSeatsImpossible(%d, %d) = %q, want %q", c.consumed, c.purchased, got, c.want)
		}
	}
}

func TestImpossibleWordsAndJSON(t *testing.T) {
	i := Impossible{Source: SourceServerLicense, Field: FieldSeatsUsed, Value: -5, Reason: reasonNegative}
	if got, want := i.Words(), "impossible (-5 from the server license)"; got != want {
		t.Errorf("Words = %q, want %q", got, want)
	}
	if got, want := i.String(), "seats_used -5 from the server license: a count cannot be negative"; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
	b, _ := json.Marshal(i)
	if got, want := string(b), `{"source":"server license","field":"seats_used","value":-5,"reason":"a count cannot be negative"}`; got != want {
		t.Errorf("JSON = %s, want %s", got, want)
	}
	if got, ok := ImpossibleOf([]Impossible{i}, FieldSeatsUsed); !ok || got != i {
		t.Errorf("ImpossibleOf seats_used = %+v, %v", got, ok)
	}
	if _, ok := ImpossibleOf([]Impossible{i}, FieldSeats); ok {
		t.Error("ImpossibleOf seats found an entry that is not there")
	}
}
