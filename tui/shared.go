package tui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/licensesync/licensesync/client/frontend"
)

// requestTimeout bounds every single request the console makes.
const requestTimeout = time.Minute

// shared is the context every page reads: size of the page area, styles, keys, the
// backend, and the session (what the wizard has learnt so far).
type shared struct {
	width, height int
	renderer      *lipgloss.Renderer
	styles        styles
	keys          KeyMap
	backend       Backend
	opts          Options
	now           func() time.Time
	clip          clipboard
	lastID        int
	// goTo makes another step the current one at once (so keys typed ahead land on
	// the new step) and returns its start-up command.
	goTo func(step) tea.Cmd
	// ctx is the console's life: every request derives from it, and stop cancels it
	// (and so every request still running) when the program quits.
	ctx  context.Context
	stop context.CancelFunc

	// session is what the wizard has learnt, read by every page.
	session session
	// switchTo is the fleet server asked for (fleet.go).
	switchTo string
	// linkNote says where the last copied web address went (see links.go).
	linkNote string
}

// newID returns a fresh request id; a page remembers the id of its latest request and
// drops every answer that carries another.
func (s *shared) newID() int {
	s.lastID++
	return s.lastID
}

// host is the server's host name, from the configured URL.
func (s *shared) host() string { return frontend.Host(s.opts.ServerURL) }

// applianceHost is the name the appliance gives itself (GitHub Connect settings or the
// status), which the cloud also knows it by; until one is read, the configured host.
func (s *shared) applianceHost() string {
	if s.session.hostname != "" {
		return s.session.hostname
	}
	return s.host()
}

// enterpriseURL is a web page of the enterprise on the configured server (see
// frontend.EnterpriseURL): no page is the enterprise's own.
func (s *shared) enterpriseURL(page ...string) string {
	return frontend.EnterpriseURL(s.opts.ServerURL, s.opts.Enterprise, page...)
}

// call runs one backend request in a Cmd, with a timeout and within the console's
// life, and wraps its answer.
func call[T any](sh *shared, do func(context.Context, Backend) (T, error), wrap func(T, error) tea.Msg) tea.Cmd {
	b, life := sh.backend, sh.ctx
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(life, requestTimeout)
		defer cancel()
		v, err := do(ctx, b)
		return wrap(v, err)
	}
}
