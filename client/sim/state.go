package sim

import (
	"time"
)

// featureNames are the GitHub Connect features, in the order the console API lists them.
var featureNames = [...]string{"license_sync", "dependabot", "server_statistics", "unified_search", "unified_contributions", "actions"}

const (
	featureOn  = "enabled"
	featureOff = "disabled"
	week       = 7 * 24 * time.Hour
)

// state is everything that changes while the sim runs, and all that StateFile keeps.
// Times are on the sim clock except RealAnchor.
type state struct {
	Format     int   `json:"format"`
	Seed       int64 `json:"seed"`
	Users      int   `json:"users"`
	CloudUsers int   `json:"cloud_users"`
	// Created is when the world began (the license expiry counts from it).
	Created time.Time `json:"created"`
	// SimAnchor on the sim clock was RealAnchor on the wall clock, at speed Clock.
	SimAnchor  time.Time `json:"sim_anchor"`
	RealAnchor time.Time `json:"real_anchor"`
	Clock      float64   `json:"clock"`

	Version   int                  `json:"version"` // of the GitHub Connect settings
	Features  map[string]string    `json:"features"`
	EnabledAt map[string]time.Time `json:"enabled_at"` // per enabled feature

	NextJobID int64 `json:"next_job_id"`
	Job       *job  `json:"job,omitempty"` // the current or last sync job
	// LastScheduled is the latest weekly slot already handled.
	LastScheduled time.Time `json:"last_scheduled"`

	// Servers are the cloud's records of server instances (sync or upload).
	Servers []serverRecord `json:"servers"`

	// FeatureLog lists every change of a GitHub Connect feature, oldest first (the
	// initially enabled ones at their EnabledAt), so Server Statistics can say what
	// was on as of each day. At most maxFeatureLog entries are kept.
	FeatureLog []featureChange `json:"feature_log,omitempty"`

	// Suspensions are the suspensions and unsuspensions made through the API, by
	// lower-cased login (suspension.go); DormantReportReady says the dormant-users
	// report was asked for once and is generated (dormant_report.go).
	Suspensions        map[string]suspensionChange `json:"suspensions,omitempty"`
	DormantReportReady bool                        `json:"dormant_report_ready,omitempty"`

	// InvitationsCancelled are the organization invitations cancelled through the
	// API, by id; InvitationsMade those made (invitations.go). VSMatches are the
	// Visual Studio subscriptions matched by hand, id → login (visual_studio.go).
	InvitationsCancelled map[int64]bool   `json:"invitations_cancelled,omitempty"`
	InvitationsMade      []invitation     `json:"invitations_made,omitempty"`
	VSMatches            map[int64]string `json:"vs_matches,omitempty"`
}

// featureChange is one feature switched to Value at At.
type featureChange struct {
	Feature string    `json:"feature"`
	Value   string    `json:"value"`
	At      time.Time `json:"at"`
}

const maxFeatureLog = 1000

// setFeature switches feature name to value at now, keeping EnabledAt and the log.
func (st *state) setFeature(name, value string, now time.Time) {
	st.Features[name] = value
	if value == featureOn {
		st.EnabledAt[name] = now
	} else {
		delete(st.EnabledAt, name)
	}
	st.FeatureLog = append(st.FeatureLog, featureChange{name, value, now})
	if n := len(st.FeatureLog); n > maxFeatureLog {
		st.FeatureLog = append(st.FeatureLog[:0:0], st.FeatureLog[n-maxFeatureLog:]...)
	}
}

// featureOnAt says whether feature name was enabled at t: the last logged change at
// or before t; before the first logged change, the opposite of it; with nothing
// logged (a state file from before the log), the current value since EnabledAt.
func (st *state) featureOnAt(name string, t time.Time) bool {
	var first, last *featureChange
	for i := range st.FeatureLog {
		ch := &st.FeatureLog[i]
		if ch.Feature != name {
			continue
		}
		if first == nil {
			first = ch
		}
		if !ch.At.After(t) {
			last = ch
		}
	}
	switch {
	case last != nil:
		return last.Value == featureOn
	case first != nil:
		return first.Value != featureOn
	}
	at, ok := st.EnabledAt[name]
	return ok && st.Features[name] == featureOn && !at.After(t)
}

// job is one sync job; its state follows lazily from StartedAt and the duration.
type job struct {
	ID        int64     `json:"id"`
	Trigger   string    `json:"trigger"` // manual or scheduled
	StartedAt time.Time `json:"started_at"`
	Error     string    `json:"error,omitempty"` // decided when it starts (Options.SyncFailure)
	Applied   bool      `json:"applied"`         // its result reached the cloud
}

// serverRecord is what the cloud knows about one server instance.
type serverRecord struct {
	ServerID string    `json:"server_id"`
	Hostname string    `json:"hostname"`
	Date     time.Time `json:"date"`
	Status   string    `json:"status"` // success or failure
	Error    string    `json:"error"`
	// Counted: some users of this server were received and count.
	Counted bool `json:"counted"`
	// Own: the counted users are the seeded server's non-suspended users (a sync);
	// otherwise they are Users (an upload).
	Own bool `json:"own"`
	// Connected: a fleet appliance delivered it by its own sync over GitHub Connect (the
	// cloud lists that installation as connected), not a manual upload.
	Connected bool           `json:"connected,omitempty"`
	Users     []uploadedUser `json:"users,omitempty"`
	// SuspendedAtSync are, for Own, the logins the API had suspended (true) or
	// unsuspended (false) when the sync ran: the cloud counts the server as it was
	// then, so a suspension frees a cloud seat only at the next sync.
	SuspendedAtSync map[string]bool `json:"suspended_at_sync,omitempty"`
	UsersUploaded   int             `json:"users_uploaded"`
}

// uploadedUser is one user of an uploaded usage file, as far as counting needs it.
type uploadedUser struct {
	ID           int64  `json:"id"`
	Login        string `json:"login"`
	PrimaryEmail string `json:"primary_email"`
}

// Sync outcomes as license-sync-status reports them.
const (
	syncSuccess = "success"
	syncFailure = "failure"
)

// newState is the state of a fresh world at wall-clock time real.
func newState(opts Options, real time.Time) *state {
	created := real.UTC().Truncate(time.Second)
	st := &state{
		Format: stateFormat, Seed: opts.Seed, Users: opts.Users, CloudUsers: opts.CloudUsers,
		Created: created, SimAnchor: created, RealAnchor: created, Clock: opts.Clock,
		Version: 1, NextJobID: 1,
		Features:  map[string]string{},
		EnabledAt: map[string]time.Time{},
	}
	for _, f := range featureNames {
		st.Features[f] = featureOff
	}
	if opts.Disconnected {
		return st
	}
	st.setFeature("dependabot", featureOn, created.Add(-30*24*time.Hour))
	if opts.ServerStatistics {
		past := opts.StatisticsPast
		if past <= 0 {
			past = 30 * 24 * time.Hour
		}
		st.setFeature("server_statistics", featureOn, created.Add(-past))
	}
	if opts.LicenseSyncEnabled {
		enabled := created.Add(-3 * 24 * time.Hour)
		st.setFeature("license_sync", featureOn, enabled)
		st.Job = &job{ID: 1, Trigger: triggerManual, StartedAt: enabled.Add(5 * time.Minute), Error: opts.SyncFailure}
		st.NextJobID = 2
	}
	return st
}

// simNow is the sim clock at wall-clock time real.
func (st *state) simNow(real time.Time) time.Time {
	elapsed := float64(real.Sub(st.RealAnchor)) * st.Clock
	const maxSpan = float64(100 * 365 * 24 * time.Hour)
	elapsed = max(min(elapsed, maxSpan), -maxSpan)
	return st.SimAnchor.Add(time.Duration(elapsed))
}

// reanchor keeps the sim clock continuous while switching to speed clock.
func (st *state) reanchor(real time.Time, clock float64) {
	st.SimAnchor = st.simNow(real)
	st.RealAnchor = real
	st.Clock = clock
}

func (st *state) licenseSyncOn() bool { return st.Features["license_sync"] == featureOn }

// record returns the cloud's record of serverID, or nil.
func (st *state) record(serverID string) *serverRecord {
	for i := range st.Servers {
		if st.Servers[i].ServerID == serverID {
			return &st.Servers[i]
		}
	}
	return nil
}

// ensureRecord returns the record of serverID, adding an empty one when missing.
func (st *state) ensureRecord(serverID, hostname string) *serverRecord {
	if r := st.record(serverID); r != nil {
		r.Hostname = hostname
		return r
	}
	st.Servers = append(st.Servers, serverRecord{ServerID: serverID, Hostname: hostname})
	return &st.Servers[len(st.Servers)-1]
}
