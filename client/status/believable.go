package status

import (
	"context"
	"fmt"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/seats"
)

// believeLicense applies the rule of what a license can say (seats.LicenseImpossible)
// to l: each field that cannot be true becomes unknown (null in JSON, never shown), and
// SeatsOver says the seats used beyond the license where that is known. It returns what
// was impossible. Seats used that cannot be true leave the seats available unknown
// too: they are the seats less the seats used.
func believeLicense(l *client.License) []seats.Impossible {
	if l == nil {
		return nil
	}
	bad := seats.LicenseImpossible(l)
	for _, i := range bad {
		switch i.Field {
		case seats.FieldSeats:
			l.SeatsUnknown = true
		case seats.FieldSeatsUsed:
			l.SeatsUsedUnknown = true
		case seats.FieldSeatsAvailable:
			l.SeatsAvailableUnknown = true
		case seats.FieldAdvancedSecuritySeats:
			l.AdvancedSecuritySeats = nil
		case seats.FieldDaysUntilExpiration:
			l.DaysUnknown, l.DaysUntilExpiration = true, 0
		case seats.FieldExpiresAt:
			l.ExpiresAt = nil
		}
	}
	l.SeatsOver = nil
	if over, known := seats.LicenseOver(l); known {
		l.SeatsOver = &over
	}
	return bad
}

// believeUsers applies seats.ServerUsersImpossible to the server's user counts u: a
// count that cannot be true becomes nil. It returns what was impossible.
func believeUsers(u *client.ServerUsers) []seats.Impossible {
	if u == nil || u.Total == nil || u.Admin == nil || u.Suspended == nil {
		return nil
	}
	bad := seats.ServerUsersImpossible(*u.Total, *u.Admin, *u.Suspended)
	for _, i := range bad {
		switch i.Field {
		case seats.FieldUsersTotal:
			u.Total = nil
		case seats.FieldUsersAdmin:
			u.Admin = nil
		case seats.FieldUsersSuspended:
			u.Suspended = nil
		}
	}
	return bad
}

// believeCloud applies seats.CloudSeatsImpossible to the cloud's totals of page 1: the
// purchased and consumed seats for the picture, each nil when it cannot be true.
func believeCloud(p *client.ConsumedLicenses) (purchased, consumed *int, bad []seats.Impossible) {
	bad = seats.CloudSeatsImpossible(p.TotalSeatsConsumed, p.TotalSeatsPurchased)
	purchased, consumed = &p.TotalSeatsPurchased, &p.TotalSeatsConsumed
	for _, i := range bad {
		switch i.Field {
		case seats.FieldSeatsPurchased:
			purchased = nil
		case seats.FieldSeatsConsumed:
			consumed = nil
		}
	}
	return purchased, consumed, bad
}

// impossible records what could not be believed: in the JSON's list, and once in the
// notes with what to do.
func (st *Status) impossible(bad []seats.Impossible) {
	for _, i := range bad {
		st.Impossible = append(st.Impossible, i)
		st.Gaps = append(st.Gaps, fmt.Sprintf("The %s sent %s, which cannot be true (%s); it is not shown. If it persists, check for a proxy on the way.",
			i.Source, i.Field+" "+i.Shown(), i.Reason))
	}
}

// License is the server license from the API as every screen may show it: a field
// that cannot be true is unknown (believeLicense), and SeatsOver is set. Status reads
// the license itself, to list what was impossible.
func (c *Reader) License(ctx context.Context) (*client.License, error) {
	l, err := c.Client.License(ctx)
	if err != nil {
		return nil, err
	}
	believeLicense(l)
	return l, nil
}
