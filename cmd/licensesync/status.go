package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/client/status"
	"github.com/licensesync/licensesync/client/textsafe"
	"github.com/licensesync/licensesync/cmd/licensesync/output"
)

func (a *app) statusCommand() *cobra.Command {
	var asJSON jsonOutput
	var breakdown, fresh, all bool
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show license usage and sync health on both sides, once",
		Long: `Show everything the dashboard knows, once: the server's license, GitHub Connect and
license sync, the last and next sync, the cloud enterprise's consumed seats and where
they go (both sides, server only, cloud only, counted twice; before the first sync, what
the cloud will count after it). The breakdown counts the users kept from the last
complete read while the cloud's totals are unchanged, else it reads every page (asking
with the kept ETags); --fresh always reads them; --breakdown=false reads page 1 only and
leaves "reconcile" null.

What is not offered (a stock appliance without the console API, no cloud token) is said
on stderr and the exit code is 0. A part that could not be read after retries (a
timeout, a server error, an answer that makes no sense) is said on stderr, listed in
the JSON's "errors", and the exit code is 1; 4 when a token was refused; 75 when only
a rate limit stopped them (try again after the reset it names, or with --wait).`,
		Example: `  licensesync status
  licensesync status --jq .cloud.seats_consumed
  licensesync status --demo
  licensesync status --all --json | jq '.[].cloud.seats_consumed'`,
		Args: cobra.NoArgs,
		PreRunE: func(*cobra.Command, []string) error {
			if fresh && a.conn.maxAge == "" {
				a.conn.maxAge = "0" // every page read: a fresh snapshot is not trusted (docs/PERFORMANCE.md)
			}
			return nil
		},
		RunE: a.orFleet(&all, &asJSON, func(cmd *cobra.Command, s *session) error {
			if breakdown {
				s.client.PrefetchUsage(cmd.Context()) // read while the status is
			}
			st, err := s.client.Status(cmd.Context())
			if err != nil {
				if asJSON.wanted() && cmd.Context().Err() == nil {
					// --json prints what it could read in every case: here, only the error.
					_ = asJSON.write(a.io.out, unusableServerStatus(s.config, err))
				}
				return err
			}
			var usersAt time.Time
			if breakdown && st.Cloud.SeatsConsumed != nil {
				r, at, notes, err := readReconcile(cmd.Context(), s.client, st, fresh)
				usersAt = at
				if err != nil {
					// "reconcile" stays null; errors says why, as for every part.
					notes = append(notes, "Where the seats go is unknown: "+err.Error())
					st.Errors = append(st.Errors, status.NewPartError(status.PartCloudConsumed, err))
				}
				st.Reconcile, st.Gaps = r, append(st.Gaps, notes...)
			}
			a.recordSample(cmd.Context(), st)
			if asJSON.wanted() {
				if err := asJSON.write(a.io.out, st); err != nil {
					return err
				}
			} else {
				printStatus(a.io.out, st, s.config, time.Now())
				if st.Reconcile != nil {
					printReconcile(a.io.out, st.Reconcile, usersAt, time.Now())
				}
			}
			output.PrintGaps(a.io.err, append(st.Sources, st.Gaps...))
			return statusOutcome(st)
		}),
	}
	asJSON.register(cmd, "print the status as JSON (a stable contract, see README)",
		".cloud.seats_consumed", `{{.cloud.seats_consumed | thousands}} of {{.cloud.seats_purchased | thousands}}`)
	cmd.Flags().BoolVar(&breakdown, "breakdown", true, "say where the seats go (from the users kept by the last read while the cloud's totals are unchanged)")
	cmd.Flags().BoolVar(&fresh, "fresh", false, "read every page of consumed licenses for the breakdown, even when the cloud's totals are unchanged")
	cmd.Flags().BoolVar(&all, "all", false, "every server of the config file's fleet (JSON: an array of status objects)")
	return cmd
}

// printStatus renders the status for people: short labelled lines that fit 80 columns.
func printStatus(w io.Writer, st *status.Status, cfg client.Config, now time.Time) {
	line := func(label, value string) { fmt.Fprintf(w, "  %-22s %s\n", label, value) }
	fmt.Fprintf(w, "Server  %s\n", output.OrDash(st.Server.Hostname))
	line("version", output.OrDash(st.Server.Version))
	line("enterprise", output.OrDash(st.Server.Enterprise))
	line("token", describeToken(cfg.ServerTokenSource))
	if l := st.Server.License; l != nil {
		printLicense(line, l, st.Impossible, now)
	}
	printServerUsers(line, st.Server.Users, st.Impossible)
	fmt.Fprintln(w, "GitHub Connect")
	connected := "unknown"
	if st.Connect.Connected != nil {
		connected = yesNo(*st.Connect.Connected)
	}
	line("connected", connected)
	line("cloud enterprise", output.OrDash(st.Connect.CloudEnterprise))
	line("license sync", st.Connect.LicenseSync)
	printCloudView(line, st.Connect.Installation, now)
	line("last sync job", output.OrDash(st.Sync.State)+output.ErrorSuffix(st.Sync.Error))
	line("last synced", when(st.Sync.LastSyncAt, now))
	line("next sync", when(st.Sync.NextSyncAt, now))
	fmt.Fprintf(w, "Cloud  %s\n", output.OrDash(st.Cloud.Enterprise))
	line("token", describeToken(cfg.CloudTokenSource))
	if st.Match != "" {
		line("this server matched", st.Match)
	}
	if st.Cloud.SeatsConsumed != nil && st.Cloud.SeatsPurchased != nil {
		over := ""
		if *st.Cloud.SeatsConsumed > *st.Cloud.SeatsPurchased {
			over = "  OVER BY " + frontend.Thousands(*st.Cloud.SeatsConsumed-*st.Cloud.SeatsPurchased)
		}
		line("seats", fmt.Sprintf("%s consumed of %s purchased%s", frontend.Thousands(*st.Cloud.SeatsConsumed), frontend.Thousands(*st.Cloud.SeatsPurchased), over))
	}
	printImpossible(line, st.Impossible, "seats consumed", seats.FieldSeatsConsumed)
	printImpossible(line, st.Impossible, "seats purchased", seats.FieldSeatsPurchased)
	for _, srv := range st.Cloud.Servers {
		// The host is in the value, so a long hostname never pushes its line out of step.
		last := client.SyncStatusWords(srv.LastSync.Status)
		if srv.LastSync.Date != "" {
			last += " " + cloudDate(srv.LastSync.Date, now)
		}
		line("server", output.OrDash(srv.Hostname)+": "+last+output.ErrorSuffix(srv.LastSync.Error))
	}
}

// seatCount words a license's seat count with thousands separators, or "unlimited".
func seatCount(s client.Seats) string {
	if s.Unlimited {
		return s.String()
	}
	return frontend.Thousands(s.N)
}

// cloudDate words a date the cloud sent as a string in the one date style of the human
// output; one it cannot read is shown as sent, made safe.
func cloudDate(s string, now time.Time) string {
	t, err := client.ParseTime(s)
	if err != nil {
		return output.OrDash(s)
	}
	return when(&t, now)
}

func describeToken(source string) string {
	if source == "" {
		return "none found"
	}
	return "from " + source
}

func when(t *time.Time, now time.Time) string {
	if t == nil {
		return "-"
	}
	return frontend.DateTime(*t) + " (" + frontend.Ago(now, *t) + ")"
}

// expiry words the license's end (frontend.LicenseExpiry) for a status line.
func expiry(l *client.License, now time.Time) string {
	e := frontend.LicenseExpiry(l, now)
	switch {
	case !e.Known:
		return "expiry unknown"
	case e.Date == "" && e.Expired:
		return fmt.Sprintf("EXPIRED %d days ago", -e.Days)
	case e.Date == "" && e.RenewSoon:
		return fmt.Sprintf("expires in %d days: renew soon", e.Days)
	case e.Date == "":
		return fmt.Sprintf("expires in %d days", e.Days)
	case e.Expired:
		return "EXPIRED on " + e.Date
	case e.RenewSoon:
		return fmt.Sprintf("expires %s (in %d days: renew soon)", e.Date, e.Days)
	}
	return "expires " + e.Date
}

// statusOutcome is the error status exits with: nil when every part was read or is not
// offered and every number can be true; else one line naming the parts and the
// numbers, of the kind that gives exit 4 when a token was refused, 75 when only a rate
// limit stopped the parts, exit 1 otherwise
// (docs/RELIABILITY.md, "status exit codes").
func statusOutcome(st *status.Status) error {
	if len(st.Errors) == 0 && len(st.Impossible) == 0 {
		return nil
	}
	kind := client.KindOther
	if len(st.Impossible) == 0 && len(st.Errors) > 0 && !slices.ContainsFunc(st.Errors, func(e status.PartError) bool { return e.Kind != "rate_limited" }) {
		kind = client.KindRateLimited // only the rate limit stopped them: try again later
	}
	parts := make([]string, 0, len(st.Errors))
	for _, e := range st.Errors {
		parts = append(parts, e.Part)
		if status.IsAuthKind(e.Kind) {
			kind = client.KindUnauthorized
		}
	}
	numbers := make([]string, 0, len(st.Impossible))
	for _, i := range st.Impossible {
		numbers = append(numbers, i.Field+" from the "+i.Source)
	}
	var said []string
	if len(parts) > 0 {
		said = append(said, fmt.Sprintf("%d part(s) of the status could not be read: %s", len(parts), strings.Join(parts, ", ")))
	}
	if len(numbers) > 0 {
		said = append(said, fmt.Sprintf("%d number(s) cannot be true and are not shown: %s", len(numbers), strings.Join(numbers, ", ")))
	}
	return &client.Error{Kind: kind, Op: strings.Join(said, "; ") + " (see the notes above)"}
}

// printLicense writes the server license lines of status: seats, kind and expiry, and
// what only ghe-license knows (appliance mode) where it is known. A license used beyond
// its seats says how far over; a number that cannot be true is said as impossible on a
// line of its own, with its value and source (client/seats).
func printLicense(line func(label, value string), l *client.License, bad []seats.Impossible, now time.Time) {
	switch {
	case l.SeatsUnknown:
		// Without the seats, the seats in use have nothing to be weighed against.
		printImpossible(line, bad, "seats", seats.FieldSeats)
		if !l.SeatsUsedUnknown {
			line("seats used", frontend.Thousands(l.SeatsUsed))
		}
	case l.SeatsUsedUnknown && !hasImpossible(bad, seats.FieldSeatsUsed):
		line("seats", fmt.Sprintf("%s (in use: needs a server token)", seatCount(l.Seats)))
	case l.SeatsUsedUnknown:
		line("seats", seatCount(l.Seats))
	default:
		line("seats", fmt.Sprintf("%s used of %s%s", frontend.Thousands(l.SeatsUsed), seatCount(l.Seats), seatsLeft(l)))
	}
	printImpossible(line, bad, "seats used", seats.FieldSeatsUsed)
	printImpossible(line, bad, "seats available", seats.FieldSeatsAvailable)
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
	printImpossible(line, bad, "Advanced Security", seats.FieldAdvancedSecuritySeats)
}

// seatsLeft is what follows the seats used: " (84 available)", " (150 over the
// license)" for a license used beyond its seats, "" when the seats available are
// unknown and nothing is over.
func seatsLeft(l *client.License) string {
	switch {
	case l.SeatsOver != nil && *l.SeatsOver > 0:
		return " (" + frontend.Thousands(*l.SeatsOver) + " over the license)"
	case l.SeatsAvailableUnknown:
		return ""
	}
	return " (" + seatCount(l.SeatsAvailable) + " available)"
}

// printImpossible writes the line of a number that cannot be true, as
// "seats used   impossible (-5 from the server license)"; nothing when field is not
// among bad.
func printImpossible(line func(label, value string), bad []seats.Impossible, label, field string) {
	if i, ok := seats.ImpossibleOf(bad, field); ok {
		line(label, i.Words())
	}
}

// hasImpossible says whether field is among bad.
func hasImpossible(bad []seats.Impossible, field string) bool {
	_, ok := seats.ImpossibleOf(bad, field)
	return ok
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// printServerUsers writes the server's user counts as GitHub counts them; a count that
// cannot be true is left out of the line and said as impossible on its own.
func printServerUsers(line func(label, value string), u *client.ServerUsers, bad []seats.Impossible) {
	if u == nil {
		return
	}
	count := func(n *int, words string) string {
		if n == nil {
			return ""
		}
		return frontend.Thousands(*n) + words
	}
	dormant := "-"
	if u.Dormant != nil {
		dormant = frontend.Thousands(*u.Dormant)
	}
	var parts []string
	for _, p := range []string{count(u.Total, ""), count(u.Admin, " admins"), count(u.Suspended, " suspended (no license)"), "dormant " + dormant} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	line("users", strings.Join(parts, " · "))
	printImpossible(line, bad, "users in all", seats.FieldUsersTotal)
	printImpossible(line, bad, "admins", seats.FieldUsersAdmin)
	printImpossible(line, bad, "suspended", seats.FieldUsersSuspended)
	printImpossible(line, bad, "dormant", seats.FieldUsersDormant)
}

// printCloudView writes what GitHub.com's GraphQL API says about this server: whether
// it is connected and its newest upload (a sync or a manual upload).
func printCloudView(line func(label, value string), inst *client.Installation, now time.Time) {
	switch {
	case inst == nil:
		return
	case inst.Unknown != "":
		line("cloud's view", "unknown")
		return
	case !inst.Found:
		line("cloud's view", "not listed among the enterprise's servers")
		return
	}
	connected := "connection unknown"
	if inst.Connected != nil {
		connected = map[bool]string{true: "connected", false: "not connected"}[*inst.Connected]
	}
	line("cloud's view", textsafe.Sanitize(inst.HostName)+", "+connected)
	if u := inst.LastUpload; u != nil {
		line("last upload", u.StateWords()+" "+cloudDate(u.CreatedAt, now)+" ("+output.OrDash(textsafe.Sanitize(u.Name))+")")
	} else {
		line("last upload", "none")
	}
}
