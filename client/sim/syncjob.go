package sim

import (
	"time"
)

// Sync job triggers and states (docs/CONSOLE_API.md).
const (
	triggerManual    = "manual"
	triggerScheduled = "scheduled"

	jobNone      = "none"
	jobQueued    = "queued"
	jobRunning   = "running"
	jobSucceeded = "succeeded"
	jobFailed    = "failed"
)

// jobSpan is how long a job lasts on the sim clock.
func (s *Sim) jobSpan() time.Duration {
	span := float64(s.opts.SyncDuration) * s.opts.Clock
	return time.Duration(min(span, float64(365*24*time.Hour)))
}

// jobFinish is when j ends on the sim clock.
func (s *Sim) jobFinish(j *job) time.Time { return j.StartedAt.Add(s.jobSpan()) }

// jobState is j's state at sim time now: queued for the first tenth of its span,
// then running, then succeeded or failed.
func (s *Sim) jobState(j *job, now time.Time) string {
	switch {
	case j == nil:
		return jobNone
	case now.Before(j.StartedAt.Add(s.jobSpan() / 10)):
		return jobQueued
	case now.Before(s.jobFinish(j)):
		return jobRunning
	case j.Error != "":
		return jobFailed
	default:
		return jobSucceeded
	}
}

// advance brings the state up to sim time now: finished jobs reach the cloud, and
// a weekly slot that has passed runs its scheduled job. Slots the clock jumped over
// count as run (their ids are used up) but only the latest leaves a trace. It
// reports whether anything changed. s.mu must be held.
func (s *Sim) advance(now time.Time) bool {
	st := s.st
	changed := false
	for {
		if j := st.Job; j != nil && !j.Applied && !s.jobFinish(j).After(now) {
			s.applyJob(j)
			changed = true
		}
		slot, n, ok := s.latestSlot(now)
		if !ok {
			return changed
		}
		st.LastScheduled = slot
		changed = true
		if j := st.Job; j != nil && !j.Applied {
			continue // a job is under way: it stands for this slot
		}
		st.NextJobID += int64(n - 1)
		st.Job = &job{ID: st.NextJobID, Trigger: triggerScheduled, StartedAt: slot, Error: s.opts.SyncFailure}
		st.NextJobID++
	}
}

// latestSlot returns the latest weekly slot at or before now not yet handled, and
// how many unhandled slots there are up to it.
func (s *Sim) latestSlot(now time.Time) (time.Time, int, bool) {
	st := s.st
	enabledAt, ok := st.EnabledAt["license_sync"]
	if !ok || !st.licenseSyncOn() || s.opts.Disconnected {
		return time.Time{}, 0, false
	}
	k := int64(now.Sub(enabledAt) / week)
	if k < 1 {
		return time.Time{}, 0, false
	}
	slot := enabledAt.Add(time.Duration(k) * week)
	if !slot.After(st.LastScheduled) {
		return time.Time{}, 0, false
	}
	done := int64(0)
	if st.LastScheduled.After(enabledAt) {
		done = int64(st.LastScheduled.Sub(enabledAt) / week)
	}
	return slot, int(k - done), true
}

// nextSlot is next_scheduled_at: the first weekly slot after now, or nil while
// license sync is off.
func (s *Sim) nextSlot(now time.Time) *time.Time {
	enabledAt, ok := s.st.EnabledAt["license_sync"]
	if !ok || !s.st.licenseSyncOn() || s.opts.Disconnected {
		return nil
	}
	k := int64(1)
	if now.After(enabledAt) {
		k = int64(now.Sub(enabledAt)/week) + 1
	}
	next := enabledAt.Add(time.Duration(k) * week)
	return &next
}

// applyJob hands a finished job's result to the cloud.
func (s *Sim) applyJob(j *job) {
	j.Applied = true
	rec := s.st.ensureRecord(s.w.serverID, s.opts.Hostname)
	rec.Date = s.jobFinish(j)
	if j.Error != "" {
		rec.Status, rec.Error = syncFailure, j.Error
		if s.cloud != nil {
			s.deliver(*rec)
		}
		return
	}
	rec.Status, rec.Error = syncSuccess, ""
	rec.Counted, rec.Own, rec.Users = true, true, nil
	rec.UsersUploaded = s.activeNow()
	rec.SuspendedAtSync = map[string]bool{}
	for login, ch := range s.st.Suspensions {
		rec.SuspendedAtSync[login] = ch.Suspended
	}
	s.consumed = nil
	if s.cloud != nil {
		s.deliver(*rec)
	}
}

// startJob is "Sync now": a new manual job, or the one already under way.
func (s *Sim) startJob(now time.Time) (j *job, started bool) {
	st := s.st
	if cur := st.Job; cur != nil && !cur.Applied {
		return cur, false
	}
	st.Job = &job{ID: st.NextJobID, Trigger: triggerManual, StartedAt: now, Error: s.opts.SyncFailure}
	st.NextJobID++
	return st.Job, true
}

// wireJob is the console API's view of a job.
type wireJob struct {
	ID              int64   `json:"id"`
	State           string  `json:"state"`
	StartedAt       *string `json:"started_at"`
	FinishedAt      *string `json:"finished_at"`
	Error           string  `json:"error"`
	UsersUploaded   int     `json:"users_uploaded"`
	Trigger         string  `json:"trigger"`
	NextScheduledAt *string `json:"next_scheduled_at"`
}

func (s *Sim) jobView(now time.Time) wireJob {
	j := s.st.Job
	v := wireJob{State: s.jobState(j, now), NextScheduledAt: stampPtr(s.nextSlot(now))}
	if j == nil {
		return v
	}
	v.ID, v.Trigger = j.ID, j.Trigger
	v.StartedAt = stamp(j.StartedAt)
	switch v.State {
	case jobSucceeded:
		v.FinishedAt = stamp(s.jobFinish(j))
		v.UsersUploaded = s.w.activeUsers
	case jobFailed:
		v.FinishedAt = stamp(s.jobFinish(j))
		v.Error = j.Error
	}
	return v
}

// stamp formats t as RFC 3339 UTC to the second.
func stamp(t time.Time) *string {
	s := t.UTC().Format(time.RFC3339)
	return &s
}

func stampPtr(t *time.Time) *string {
	if t == nil {
		return nil
	}
	return stamp(*t)
}
