package seats

import (
	"fmt"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/textsafe"
)

// Impossible is one number a source sent that cannot be true: it is never shown as a
// fact. Its field is unknown in the picture, and every screen says it as Words. It is
// an entry of `impossible` in `status --json`, with stable field names.
type Impossible struct {
	// Source is where the number came from, one of the Source constants.
	Source string `json:"source"`
	// Field is the number's name as the status JSON names it, e.g. "seats_used".
	Field string `json:"field"`
	// Value is the number as it was sent; 0 when Sent is set.
	Value int `json:"value"`
	// Sent is what came instead of a number (JSON text, shortened), when it was not a
	// number at all; empty otherwise.
	Sent string `json:"sent,omitempty"`
	// Reason is why it cannot be true, e.g. "a count cannot be negative".
	Reason string `json:"reason"`
}

// The sources of the numbers the rule judges, as Impossible.Source names them.
const (
	SourceServerLicense    = "server license"            // GET /api/v3/enterprise/settings/license
	SourceLicenseUtility   = "ghe-license"               // ghe-license info -j in the admin shell
	SourceServerUserCounts = "server's user counts"      // GET /api/v3/enterprise/stats/users
	SourceServerStatistics = "cloud's Server Statistics" // the dormant users of this server's record
	SourceCloudConsumed    = "cloud's consumed licenses" // the totals of consumed-licenses
)

// The reasons a number cannot be true.
const (
	reasonNegative  = "a count cannot be negative"
	reasonNotNumber = "not a number"
)

// Shown is the value as the screens say it: the number, or what was sent instead.
func (i Impossible) Shown() string {
	if i.Sent != "" {
		return i.Sent
	}
	return Thousands(i.Value)
}

// Words is the number as a screen shows it in place of the value:
// "impossible (-5 from the server license)".
func (i Impossible) Words() string {
	return fmt.Sprintf("impossible (%s from the %s)", i.Shown(), i.Source)
}

// String is the whole of it, for a note or a finding:
// "seats_used -5 from the server license: a count cannot be negative".
func (i Impossible) String() string {
	return fmt.Sprintf("%s %s from the %s: %s", i.Field, i.Shown(), i.Source, i.Reason)
}

// ImpossibleOf is the entry of list for field, and whether there is one.
func ImpossibleOf(list []Impossible, field string) (Impossible, bool) {
	for _, i := range list {
		if i.Field == field {
			return i, true
		}
	}
	return Impossible{}, false
}

// The fields the rule judges, as the status JSON names them.
const (
	FieldSeats                 = "seats"
	FieldSeatsUsed             = "seats_used"
	FieldSeatsAvailable        = "seats_available"
	FieldAdvancedSecuritySeats = "advanced_security_seats"
	FieldUsersTotal            = "total"
	FieldUsersAdmin            = "admin"
	FieldUsersSuspended        = "suspended"
	FieldUsersDormant          = "dormant"
	FieldDaysUntilExpiration   = "days_until_expiration"
	FieldExpiresAt             = "expires_at"
	FieldSeatsConsumed         = "seats_consumed"
	FieldSeatsPurchased        = "seats_purchased"
)

// LicenseImpossible is what cannot be true in a server license. A server can hold more
// users than its license has seats: seats_used above seats is not impossible but over
// (LicenseOver), and seats_available is then the seats less the seats used (negative)
// or 0 (a server that holds it at zero).
// Otherwise every count is at least 0, and seats_available is the seats less the seats
// used. The seats are read from source (ghe-license in appliance mode, else the API);
// the seats in use only ever come from the API.
func LicenseImpossible(l *client.License) []Impossible {
	var bad []Impossible
	seatsSource := SourceServerLicense
	if l.Source == client.LicenseSourceUtility {
		seatsSource = SourceLicenseUtility
	}
	add := func(source, field string, v int, reason string) {
		bad = append(bad, Impossible{Source: source, Field: field, Value: v, Reason: reason})
	}
	// A count that came as no number at all is impossible, never an invented 0.
	notNumber := map[string]bool{}
	for _, n := range []struct{ source, field, sent string }{
		{seatsSource, FieldSeats, l.SeatsSent},
		{SourceServerLicense, FieldSeatsUsed, l.SeatsUsedSent},
		{SourceServerLicense, FieldSeatsAvailable, l.SeatsAvailableSent},
	} {
		if n.sent != "" {
			notNumber[n.field] = true
			bad = append(bad, Impossible{Source: n.source, Field: n.field, Sent: n.sent, Reason: reasonNotNumber})
		}
	}
	seatsOK := !notNumber[FieldSeats] && (l.Seats.Unlimited || l.Seats.N >= 0)
	if !seatsOK && !notNumber[FieldSeats] {
		add(seatsSource, FieldSeats, l.Seats.N, reasonNegative)
	}
	bad = append(bad, expiryImpossible(l, seatsSource)...)
	if a := l.AdvancedSecuritySeats; a != nil && !a.Unlimited && a.N < 0 {
		add(seatsSource, FieldAdvancedSecuritySeats, a.N, reasonNegative)
	}
	if l.SeatsUsedUnknown {
		return bad
	}
	usedOK := !notNumber[FieldSeatsUsed] && l.SeatsUsed >= 0
	if !usedOK && !notNumber[FieldSeatsUsed] {
		add(SourceServerLicense, FieldSeatsUsed, l.SeatsUsed, reasonNegative)
	}
	a := l.SeatsAvailable
	switch {
	case a.Unlimited || notNumber[FieldSeatsAvailable]:
	case l.Seats.Unlimited || !seatsOK || !usedOK:
		// Nothing to weigh it against: only its sign can be judged.
		if a.N < 0 {
			add(SourceServerLicense, FieldSeatsAvailable, a.N, reasonNegative)
		}
	default:
		left := Diff(l.Seats.N, l.SeatsUsed)
		if a.N != left && (left >= 0 || a.N != 0) {
			add(SourceServerLicense, FieldSeatsAvailable, a.N,
				fmt.Sprintf("the seats available must be the %s seats less the %s in use (%s)", Thousands(l.Seats.N), Thousands(l.SeatsUsed), Thousands(left)))
		}
	}
	return bad
}

// A license's end, as far as it can be true: GitHub Enterprise licenses run for a year
// or a few, so an end more than a century away either way, or a date before GitHub
// Enterprise existed (2008) or after 2200, is impossible, not a fact to alert on.
const maxLicenseDays = 36_525

var (
	firstLicenseDate = time.Date(2008, 1, 1, 0, 0, 0, 0, time.UTC)
	lastLicenseDate  = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
)

// expiryImpossible is what cannot be true in a license's end.
func expiryImpossible(l *client.License, source string) []Impossible {
	var bad []Impossible
	if d := l.DaysUntilExpiration; d > maxLicenseDays || d < -maxLicenseDays {
		bad = append(bad, Impossible{Source: source, Field: FieldDaysUntilExpiration, Value: d,
			Reason: "a license cannot end more than a hundred years away or ago"})
	}
	if e := l.ExpiresAt; e != nil && (e.Before(firstLicenseDate) || e.After(lastLicenseDate)) {
		bad = append(bad, Impossible{Source: source, Field: FieldExpiresAt, Sent: textsafe.Sanitize(e.Format(time.DateOnly)),
			Reason: "a license cannot end before 2008 or after 2200"})
	}
	return bad
}

// LicenseOver is how many seats a license is used beyond its seats (0 within them),
// and whether that is known: not for unlimited seats, nor when the seats or the seats
// in use are unknown or impossible.
func LicenseOver(l *client.License) (int, bool) {
	if l.Seats.Unlimited || l.SeatsUnknown || l.SeatsUsedUnknown || l.Seats.N < 0 || l.SeatsUsed < 0 {
		return 0, false
	}
	return max(Diff(l.SeatsUsed, l.Seats.N), 0), true
}

// ServerUsersImpossible is what cannot be true in the server's user counts: a negative
// count, or admins or suspended users beyond the users there are. The dormant users,
// from another source (the cloud's Server Statistics, as of its record), are judged
// by DormantImpossible.
func ServerUsersImpossible(total, admin, suspended int) []Impossible {
	var bad []Impossible
	add := func(field string, v int, reason string) {
		bad = append(bad, Impossible{Source: SourceServerUserCounts, Field: field, Value: v, Reason: reason})
	}
	for _, c := range []struct {
		field string
		n     int
	}{{FieldUsersTotal, total}, {FieldUsersAdmin, admin}, {FieldUsersSuspended, suspended}} {
		if c.n < 0 {
			add(c.field, c.n, reasonNegative)
		}
	}
	if total < 0 {
		return bad
	}
	if admin > total {
		add(FieldUsersAdmin, admin, fmt.Sprintf("more admins than the %s users", Thousands(total)))
	}
	if suspended > total {
		add(FieldUsersSuspended, suspended, fmt.Sprintf("more suspended users than the %s users", Thousands(total)))
	}
	return bad
}

// DormantImpossible is what cannot be true in the dormant users of a Server
// Statistics record: a negative count, or more dormant users than the record's own
// total users (when it has them; those are never negative there).
func DormantImpossible(r *client.ServerStatsRecord) []Impossible {
	n := r.DormantUsers.TotalDormantUsers
	reason := ""
	switch {
	case n < 0:
		reason = reasonNegative
	case r.GHEStats != nil && r.GHEStats.Users != nil && r.GHEStats.Users.TotalUsers >= 0 && n > r.GHEStats.Users.TotalUsers:
		reason = fmt.Sprintf("more dormant users than the %s users of the same record", Thousands(r.GHEStats.Users.TotalUsers))
	default:
		return nil
	}
	return []Impossible{{Source: SourceServerStatistics, Field: FieldUsersDormant, Value: n, Reason: reason}}
}

// CloudSeatsImpossible is what cannot be true in the cloud's consumed-licenses
// totals: a negative count. Consumed beyond purchased is not impossible: GitHub
// documents it (its own example consumes 5,000 of 4,500) and the screens say it as over.
func CloudSeatsImpossible(consumed, purchased int) []Impossible {
	var bad []Impossible
	if consumed < 0 {
		bad = append(bad, Impossible{Source: SourceCloudConsumed, Field: FieldSeatsConsumed, Value: consumed, Reason: reasonNegative})
	}
	if purchased < 0 {
		bad = append(bad, Impossible{Source: SourceCloudConsumed, Field: FieldSeatsPurchased, Value: purchased, Reason: reasonNegative})
	}
	return bad
}
