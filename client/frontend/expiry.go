package frontend

import (
	"time"

	"github.com/licensesync/licensesync/client"
)

// RenewSoonDays is how close to its end a license is said to need renewing.
const RenewSoonDays = 30

// Expiry is when a server license ends, judged once for both front ends to word.
type Expiry struct {
	// Known is false when the license says neither a date nor a number of days.
	Known bool
	// Date is the end date (see Date), "" when the license gives only a number of days.
	Date string
	// Days is the whole days left; negative once it has ended.
	Days int
	// Expired is set once the end has passed; RenewSoon within RenewSoonDays of it.
	Expired, RenewSoon bool
}

// LicenseExpiry judges l's end as of now: the date when the license has one, else the
// days it counts down.
func LicenseExpiry(l *client.License, now time.Time) Expiry {
	if l.ExpiresAt == nil && l.DaysUntilExpiration == 0 {
		return Expiry{}
	}
	e := Expiry{Known: true, Days: l.DaysUntilExpiration}
	if l.ExpiresAt != nil {
		e.Days = int(l.ExpiresAt.Sub(now).Hours() / 24)
		e.Date = Date(*l.ExpiresAt)
	}
	// A date says to the second when the license ended: one that ended an hour ago
	// is expired, though no whole day has passed.
	e.Expired = e.Days < 0 || l.ExpiresAt != nil && !now.Before(*l.ExpiresAt)
	e.RenewSoon = !e.Expired && e.Days <= RenewSoonDays
	return e
}
