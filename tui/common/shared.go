package common

import (
	"context"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/licensesync/licensesync/client/frontend"
)

// RequestTimeout bounds every single request the console makes.
const RequestTimeout = time.Minute

// Shared is the context every page reads: size of the page area, styles, keys, the
// backend, and the session (what the wizard has learnt so far).
type Shared struct {
	Width, Height int
	Renderer      *lipgloss.Renderer
	Styles        Styles
	Keys          KeyMap
	Backend       Backend
	Opts          Options
	Now           func() time.Time
	Clip          Clipboard
	lastID        int
	// GoTo makes another step the current one at once (so keys typed ahead land on
	// the new step) and returns its start-up command.
	GoTo func(Step) tea.Cmd
	// Ctx is the console's life: every request derives from it, and stop cancels it
	// (and so every request still running) when the program quits.
	Ctx  context.Context
	Stop context.CancelFunc

	// Session is what the wizard has learnt, read by every page.
	Session Session
	// SwitchTo is the fleet server asked for (fleet.go).
	SwitchTo string
	// LinkNote says where the last copied web address went (see links.go).
	LinkNote string
	// LinkCopies counts the copy key's presses on this step, to copy its pages in turn.
	LinkCopies int
}

// NewID returns a fresh request id; a page remembers the id of its latest request and
// drops every answer that carries another.
func (s *Shared) NewID() int {
	s.lastID++
	return s.lastID
}

// Host is the server's Host name, from the configured URL.
func (s *Shared) Host() string { return frontend.Host(s.Opts.ServerURL) }

// ApplianceHost is the name the appliance gives itself (GitHub Connect settings or the
// status), which the cloud also knows it by; until one is read, the configured host.
func (s *Shared) ApplianceHost() string {
	if s.Session.Hostname != "" {
		return s.Session.Hostname
	}
	return s.Host()
}

// EnterpriseURL is a web page of the enterprise on the configured server (see
// frontend.EnterpriseURL): no page is the enterprise's own.
func (s *Shared) EnterpriseURL(page ...string) string {
	return frontend.EnterpriseURL(s.Opts.ServerURL, s.Opts.Enterprise, page...)
}

// Call runs one backend request in a Cmd, with a timeout and within the console's
// life, and wraps its answer.
func Call[T any](sh *Shared, do func(context.Context, Backend) (T, error), wrap func(T, error) tea.Msg) tea.Cmd {
	b, life := sh.Backend, sh.Ctx
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(life, RequestTimeout)
		defer cancel()
		v, err := do(ctx, b)
		return wrap(v, err)
	}
}

// IsThisServer matches a server the cloud lists by its id when the settings gave one,
// else by the appliance's own name or the configured host.
func (s *Shared) IsThisServer(id, hostname string) bool {
	if cs := s.Session.Settings; cs != nil && cs.ServerID != "" && id == cs.ServerID {
		return true
	}
	name := Clean(hostname)
	return strings.EqualFold(name, s.ApplianceHost()) || strings.EqualFold(name, s.Host())
}
