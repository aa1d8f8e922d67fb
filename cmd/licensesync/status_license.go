package main

import (
	"fmt"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/cmd/licensesync/output"
)

// printLicense writes the server license lines of status: seats, kind and expiry, and
// what only ghe-license knows (appliance mode) where it is known.
func printLicense(line func(label, value string), l *client.License, now time.Time) {
	if l.SeatsUsedUnknown {
		line("seats", fmt.Sprintf("%s (in use: needs a server token)", seatCount(l.Seats)))
	} else {
		line("seats", fmt.Sprintf("%s used of %s (%s available)", frontend.Thousands(l.SeatsUsed), seatCount(l.Seats), seatCount(l.SeatsAvailable)))
	}
	line("license", fmt.Sprintf("%s, %s", output.OrDash(l.Kind), expiry(l, now)))
	if l.Source == client.LicenseSourceUtility {
		details := "read with ghe-license"
		if l.Evaluation != nil {
			details += ", evaluation: " + yesNo(*l.Evaluation)
		}
		if l.Perpetual != nil {
			details += ", perpetual: " + yesNo(*l.Perpetual)
		}
		line("license source", details)
	}
	if l.AdvancedSecuritySeats != nil {
		line("Advanced Security", seatCount(*l.AdvancedSecuritySeats)+" seats")
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// printServerUsers writes the server's user counts as GitHub counts them.
func printServerUsers(line func(label, value string), u *client.ServerUsers) {
	if u == nil {
		return
	}
	dormant := "-"
	if u.Dormant != nil {
		dormant = frontend.Thousands(*u.Dormant)
	}
	line("users", fmt.Sprintf("%s · %s admins · %s suspended (no license) · dormant %s",
		frontend.Thousands(u.Total), frontend.Thousands(u.Admin), frontend.Thousands(u.Suspended), dormant))
}
