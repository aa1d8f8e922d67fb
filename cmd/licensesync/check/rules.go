// Package check owns the rules of `licensesync check`, the Nagios and Icinga plugin:
// the states, the limits, the findings one status gives, the summary line and the
// perfdata. It is pure (no I/O) and imports client, client/frontend, client/seats, client/status,
// client/textsafe and cmd/licensesync/output; the command, its flags and its exit live
// in cmd/licensesync.
package check

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/client/status"
	"github.com/licensesync/licensesync/client/textsafe"
	"github.com/licensesync/licensesync/cmd/licensesync/output"
)

// Monitoring states and their exit codes, as Nagios and Icinga plugins use them.
const (
	OK       = 0
	Warning  = 1
	Critical = 2
	Unknown  = 3
)

// StateNames are the states as plugins print them, indexed by state.
var StateNames = [...]string{"OK", "WARNING", "CRITICAL", "UNKNOWN"}

// Limits are check's thresholds; every one is a flag.
type Limits struct {
	Stale       time.Duration // no successful sync for longer: WARNING
	OverWarnPct float64       // consumed above this percent of purchased: WARNING
	ExpiryWarn  time.Duration // license expires within: WARNING
	ExpiryCrit  time.Duration // license expires within (or expired): CRITICAL
}

// Finding is one condition check found, with its state.
type Finding struct {
	State int    `json:"-"`
	Level string `json:"state"`
	Text  string `json:"text"`
}

// Result is check's verdict: the worst state of its findings.
type Result struct {
	State    int         `json:"code"`
	Level    string      `json:"state"`
	Summary  string      `json:"summary"`
	Findings []Finding   `json:"findings"`
	Perf     []PerfDatum `json:"perfdata"`
}

// severity orders states for "the worst": CRITICAL > WARNING > UNKNOWN > OK, as
// Icinga ranks them (a known problem says more than an unknown piece).
func severity(state int) int { return [...]int{0, 2, 3, 1}[state] }

// Evaluate applies the limits to one status. Conditions (docs in README, `check`):
// license sync disabled, no successful sync for longer than Stale, the last sync
// failed, consumed over purchased or above OverWarnPct, the license expiring or used
// beyond its seats, a number that cannot be true (WARNING, with its value and source);
// any of these that cannot be read is UNKNOWN with the reason.
func Evaluate(st *status.Status, lim Limits, now time.Time) Result {
	var r Result
	add := func(state int, format string, a ...any) {
		r.Findings = append(r.Findings, Finding{State: state, Level: StateNames[state], Text: fmt.Sprintf(format, a...)})
	}
	// A reason is given once; a later finding with the same one refers back to it (all
	// UNKNOWN findings keep their order on the line).
	said := map[string]bool{}
	reason := func(topics ...string) string {
		g := firstGap(st, topics...)
		if said[g] {
			return "the same reason"
		}
		said[g] = true
		return g
	}

	switch st.Connect.LicenseSync {
	case client.FeatureDisabled:
		add(Warning, "license sync is disabled")
	case client.FeatureEnabled:
		checkSync(st, lim, now, add)
	default:
		if cloudKnowsServer(st) {
			// A stock appliance does not say; the cloud's record of its syncs does.
			checkSync(st, lim, now, add)
		} else {
			add(Unknown, "license sync could not be read (%s)", reason("GitHub Connect"))
		}
	}

	// A number that cannot be true is a problem of its own, said with its source; what
	// is built on it is not judged (client/seats).
	for _, i := range st.Impossible {
		add(Warning, "%s: %s", strings.ReplaceAll(i.Field, "_", " "), i.Words())
	}
	consumed, purchased := st.Cloud.SeatsConsumed, st.Cloud.SeatsPurchased
	switch {
	case (consumed == nil || purchased == nil) && cloudImpossible(st):
	case consumed == nil || purchased == nil:
		add(Unknown, "cloud seats could not be read (%s)", reason("cloud enterprise", "cloud token", "consumed", "cloud"))
	default:
		c, p := *consumed, *purchased
		warnAt := float64(p) * lim.OverWarnPct / 100
		switch {
		case c > p:
			add(Critical, "cloud over purchased: %s consumed of %s (%s)", frontend.Thousands(c), frontend.Thousands(p), percentOf(c, p))
		case float64(c) > warnAt:
			add(Warning, "cloud near purchased: %s consumed of %s (%s, warning above %g%%)", frontend.Thousands(c), frontend.Thousands(p), percentOf(c, p), lim.OverWarnPct)
		}
		pf := float64(p)
		r.Perf = append(r.Perf,
			PerfDatum{Label: "cloud_consumed", Value: float64(c), Warn: &warnAt, Crit: &pf, Min: ptr(0.0)},
			PerfDatum{Label: "cloud_purchased", Value: pf, Min: ptr(0.0)})
	}

	if l := st.Server.License; l == nil {
		add(Unknown, "the server license could not be read (%s)", reason("settings/license", "license"))
	} else {
		// The console's and status's expiry rule (client/frontend), with check's limits.
		e := frontend.LicenseExpiry(l, now)
		switch {
		case !e.Known:
		case e.Expired:
			add(Critical, "the server license expired %s", expiryDate(l))
		case float64(e.Days) <= lim.ExpiryCrit.Hours()/24:
			add(Critical, "the server license expires in %s days%s", frontend.Thousands(e.Days), expiryOn(l))
		case float64(e.Days) <= lim.ExpiryWarn.Hours()/24:
			add(Warning, "the server license expires in %s days%s", frontend.Thousands(e.Days), expiryOn(l))
		}
		if l.SeatsOver != nil && *l.SeatsOver > 0 {
			add(Warning, "the server license is over its seats: %s used of %s (%s over the license)",
				frontend.Thousands(l.SeatsUsed), frontend.Thousands(l.Seats.N), frontend.Thousands(*l.SeatsOver))
		}
		if !l.SeatsUsedUnknown { // unknown seats in use are no perfdata, never a made-up 0
			used := PerfDatum{Label: "server_seats_used", Value: float64(l.SeatsUsed), Min: ptr(0.0)}
			if !l.Seats.Unlimited && !l.SeatsUnknown {
				used.Max = ptr(float64(l.Seats.N))
			}
			r.Perf = append(r.Perf, used)
		}
		if e.Known { // an unknown end is no perfdata, never a made-up 0
			r.Perf = append(r.Perf, PerfDatum{Label: "license_days_left", Value: float64(e.Days),
				Warn: ptr(lim.ExpiryWarn.Hours() / 24), Crit: ptr(lim.ExpiryCrit.Hours() / 24)})
		}
	}
	if st.Sync.LastSyncAt != nil {
		r.Perf = append(r.Perf, PerfDatum{Label: "last_sync_age", Value: math.Round(now.Sub(*st.Sync.LastSyncAt).Seconds()), UOM: "s",
			Warn: ptr(lim.Stale.Seconds()), Min: ptr(0.0)})
	}

	r.State = OK
	for _, f := range r.Findings {
		if severity(f.State) > severity(r.State) {
			r.State = f.State
		}
	}
	r.Level = StateNames[r.State]
	r.Summary = summarize(r, st)
	return r
}

// cloudImpossible says whether a cloud total is unknown because it cannot be true:
// its finding says so, not "could not be read".
func cloudImpossible(st *status.Status) bool {
	for _, i := range st.Impossible {
		if i.Field == seats.FieldSeatsConsumed || i.Field == seats.FieldSeatsPurchased {
			return true
		}
	}
	return false
}

// checkSync judges the last sync of a server with license sync on.
func checkSync(st *status.Status, lim Limits, now time.Time, add func(int, string, ...any)) {
	if failed, why := lastSyncFailed(st); failed {
		add(Critical, "the last sync failed%s", why)
		return
	}
	last := st.Sync.LastSyncAt
	switch {
	case last == nil && st.Sync.State == client.FeatureUnknown && len(st.Cloud.Servers) == 0:
		add(Unknown, "the last sync could not be read (%s)", firstGap(st, "sync"))
	case last == nil:
		add(Warning, "license sync is enabled but no sync has succeeded yet")
	case now.Sub(*last) > lim.Stale:
		add(Warning, "no successful sync for %s (more than %s)", roundDays(now.Sub(*last)), roundDays(lim.Stale))
	}
}

// cloudKnowsServer says whether the cloud's license-sync-status lists this server.
func cloudKnowsServer(st *status.Status) bool {
	for _, s := range st.Cloud.Servers {
		if strings.EqualFold(s.Hostname, st.Server.Hostname) {
			return true
		}
	}
	return false
}

// lastSyncFailed reads a failure from the appliance's job, else from the cloud's record
// of this server (a stock appliance reports no job): not a success, with an error.
func lastSyncFailed(st *status.Status) (bool, string) {
	if st.Sync.State == client.JobFailed {
		return true, output.ErrorSuffix(st.Sync.Error)
	}
	if st.Sync.State != client.FeatureUnknown {
		return false, ""
	}
	for _, s := range st.Cloud.Servers {
		// GitHub documents only "success" as a status, and an error field: a record that
		// is not a success and carries an error is a failure, whatever its status word.
		if strings.EqualFold(s.Hostname, st.Server.Hostname) && !strings.EqualFold(strings.TrimSpace(s.LastSync.Status), client.SyncSuccess) && strings.TrimSpace(s.LastSync.Error) != "" {
			return true, output.ErrorSuffix(s.LastSync.Error)
		}
	}
	return false, ""
}

// summarize is the plugin line's text: the problems worst first, or what is fine.
func summarize(r Result, st *status.Status) string {
	if len(r.Findings) == 0 {
		parts := []string{"license sync enabled"}
		if st.Sync.LastSyncAt != nil {
			parts = append(parts, "last synced "+frontend.DateTime(*st.Sync.LastSyncAt))
		}
		if c, p := st.Cloud.SeatsConsumed, st.Cloud.SeatsPurchased; c != nil && p != nil {
			parts = append(parts, "cloud "+frontend.Thousands(*c)+" of "+frontend.Thousands(*p)+" seats")
		}
		return strings.Join(parts, ", ")
	}
	var texts []string
	for _, want := range []int{Critical, Warning, Unknown} {
		for _, f := range r.Findings {
			if f.State == want {
				texts = append(texts, f.Text)
			}
		}
	}
	return strings.Join(texts, "; ")
}

// firstGap is the first gap that mentions the first topic any gap mentions, else the
// first gap, else "not reported".
func firstGap(st *status.Status, topics ...string) string {
	for _, topic := range topics {
		for _, g := range st.Gaps {
			if strings.Contains(strings.ToLower(g), strings.ToLower(topic)) {
				return textsafe.Sanitize(g)
			}
		}
	}
	if len(st.Gaps) > 0 {
		return textsafe.Sanitize(st.Gaps[0])
	}
	return "not reported"
}

func percentOf(c, p int) string {
	if p == 0 {
		return "none purchased"
	}
	return fmt.Sprintf("%.0f%%", float64(c)*100/float64(p))
}

func expiryDate(l *client.License) string {
	if l.ExpiresAt == nil {
		return fmt.Sprintf("%d days ago", seats.Diff(0, l.DaysUntilExpiration))
	}
	return "on " + frontend.Date(*l.ExpiresAt)
}

func expiryOn(l *client.License) string {
	if l.ExpiresAt == nil {
		return ""
	}
	return " (" + frontend.Date(*l.ExpiresAt) + ")"
}

func roundDays(d time.Duration) string {
	if d < 48*time.Hour {
		return d.Round(time.Hour).String()
	}
	return fmt.Sprintf("%dd", int(d.Hours()/24))
}

func ptr[T any](v T) *T { return &v }
