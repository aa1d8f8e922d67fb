package tui

import (
	"context"
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/client/status"
	"github.com/licensesync/licensesync/tui/common"
)

type statusMsg struct {
	id     int
	status *status.Status
	err    error
}

// refreshTickMsg is the auto-refresh timer.
type refreshTickMsg struct{}

// statusPart is the appliance's status as last read, and its auto-refresh: a read
// that fails keeps the last good answer (shown as stale) beside the error.
type statusPart struct {
	sh         *common.Shared
	current    *status.Status
	err        error
	updated    time.Time // when current was read
	id         int       // the latest request: every other answer is dropped
	refreshing bool
	ticking    bool
	nextTick   time.Time // when the auto-refresh reads the status again
}

// next says what happens after a failed read: the auto-refresh tries again.
func (s *statusPart) next() string {
	if !s.ticking {
		return ""
	}
	wait := max(s.nextTick.Sub(s.sh.Now()), 0).Round(time.Second)
	return fmt.Sprintf(" Retrying in %s; %s retries now.", frontend.Span(wait), s.sh.Keys.Refresh.Help().Key)
}

func newStatusPart(sh *common.Shared) *statusPart { return &statusPart{sh: sh} }

// startTicking starts the auto-refresh timer, once.
func (s *statusPart) startTicking() tea.Cmd {
	if s.ticking {
		return nil
	}
	s.ticking = true
	return s.tick()
}

func (s *statusPart) tick() tea.Cmd {
	s.nextTick = s.sh.Now().Add(s.sh.Opts.Refresh)
	return tea.Tick(s.sh.Opts.Refresh, func(time.Time) tea.Msg { return refreshTickMsg{} })
}

// refresh asks for the status; only this request's answer will be taken.
func (s *statusPart) refresh() tea.Cmd {
	s.refreshing = true
	s.id = s.sh.NewID()
	id := s.id
	return common.Call(s.sh, func(ctx context.Context, b common.Backend) (*status.Status, error) { return b.Status(ctx) },
		func(v *status.Status, err error) tea.Msg { return statusMsg{id: id, status: v, err: err} })
}

func (s *statusPart) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case refreshTickMsg:
		return tea.Batch(s.refresh(), s.tick())
	case statusMsg:
		if msg.id != s.id {
			return nil
		}
		s.refreshing = false
		if msg.err != nil {
			s.err = msg.err
			return nil
		}
		s.current, s.err, s.updated = msg.status, nil, s.sh.Now()
		s.sh.Session.LearnHostname(msg.status.Server.Hostname)
	}
	return nil
}
