package tui

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/tui/common"
)

// syncPoll is how often a running "Sync now" job is asked about.
const syncPoll = time.Second

type syncJobMsg struct {
	id  int
	job *client.SyncJob
	err error
}

type syncPollMsg struct{ id int }

// syncDisabledText says how to turn license sync on from here: the setting is the
// step before the dashboard.
const syncDisabledText = "License sync is disabled: press esc to go back to the setting and choose Enabled, then sync."

// syncPart is "Sync now": it starts a job, polls it until it is done, and keeps the
// outcome; a finished job asks the dashboard to refresh.
type syncPart struct {
	sh      *common.Shared
	id      int // the running job's polls: every other answer is dropped
	running bool
	job     *client.SyncJob
	started time.Time
	result  string
	good    bool
	err     error // the last start or poll that failed, for the whole story
}

// detail is the last failure in full, "" when the result says it all.
func (s *syncPart) detail() string {
	if s.err == nil || s.result == syncDisabledText || s.good {
		return ""
	}
	return "Sync now failed: " + common.FullReason(s.err)
}

// forgetResult drops the last outcome, unless a sync still runs.
func (s *syncPart) forgetResult() {
	if !s.running {
		s.result = ""
	}
}

// settingEnabled drops the advice to enable license sync once a read says it is on.
func (s *syncPart) settingEnabled() {
	if s.result == syncDisabledText {
		s.result = ""
	}
}

// start asks for a sync (the page offers it only where the console API can start
// one); disabled is what the last read said about the setting.
func (s *syncPart) start(disabled bool) tea.Cmd {
	if s.running {
		return nil
	}
	if disabled {
		s.result, s.good = syncDisabledText, false
		return nil
	}
	s.running = true
	s.job = nil
	s.result = ""
	s.started = s.sh.Now()
	s.id = s.sh.NewID()
	id := s.id
	return common.Call(s.sh, func(ctx context.Context, b common.Backend) (*client.SyncJob, error) { return b.StartSync(ctx) },
		func(v *client.SyncJob, err error) tea.Msg { return syncJobMsg{id: id, job: v, err: err} })
}

func (s *syncPart) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case syncJobMsg:
		if msg.id != s.id {
			return nil
		}
		return s.progress(msg)
	case syncPollMsg:
		if msg.id != s.id {
			return nil
		}
		id := s.id
		return common.Call(s.sh, func(ctx context.Context, b common.Backend) (*client.SyncJob, error) { return b.SyncJob(ctx) },
			func(v *client.SyncJob, err error) tea.Msg { return syncJobMsg{id: id, job: v, err: err} })
	}
	return nil
}

// progress takes a job report: poll again until it is done, then refresh.
func (s *syncPart) progress(msg syncJobMsg) tea.Cmd {
	s.err = msg.err
	if msg.err != nil {
		s.running = false
		s.result, s.good = "Sync now failed: "+common.Reason(msg.err), false
		var e *client.Error
		if errors.As(msg.err, &e) && e.Kind == client.KindConflict && e.Status == http.StatusConflict {
			// The appliance refuses a sync while the setting is off.
			s.result = syncDisabledText
		}
		return nil
	}
	s.job = msg.job
	if !msg.job.Done() {
		id := s.id
		return tea.Tick(syncPoll, func(time.Time) tea.Msg { return syncPollMsg{id: id} })
	}
	s.running = false
	switch msg.job.State {
	case client.JobSucceeded:
		s.result, s.good = fmt.Sprintf("Sync now succeeded: %s users uploaded.", frontend.Thousands(msg.job.UsersUploaded)), true
	case client.JobFailed:
		s.result, s.good = "Sync now failed: "+common.Clean(msg.job.Error), false
	default:
		s.result, s.good = "Sync now: no job ran.", false
	}
	return refreshNow
}
