package tui

import (
	"context"
	"net/url"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
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
	session *session
}

// newID returns a fresh request id; a page remembers the id of its latest request and
// drops every answer that carries another.
func (s *shared) newID() int {
	s.lastID++
	return s.lastID
}

// host is the server's host name, from the configured URL.
func (s *shared) host() string {
	u, err := url.Parse(s.opts.ServerURL)
	if err != nil || u.Host == "" {
		return clean(strings.TrimSuffix(s.opts.ServerURL, "/"))
	}
	return clean(u.Hostname())
}

// applianceHost is the name the appliance gives itself (GitHub Connect settings or the
// status), which the cloud also knows it by; until one is read, the configured host.
func (s *shared) applianceHost() string {
	if s.session.hostname != "" {
		return s.session.hostname
	}
	return s.host()
}

// enterpriseURL is the web page of the enterprise, plus an optional sub-path, on the
// configured server: its scheme, host and port as given.
func (s *shared) enterpriseURL(sub string) string {
	slug := clean(s.opts.Enterprise)
	if slug == "" {
		slug = "ENTERPRISE"
	}
	return s.webRoot() + "/enterprises/" + url.PathEscape(slug) + sub
}

// webRoot is scheme://host[:port] of the configured server URL; without a scheme,
// https is assumed.
func (s *shared) webRoot() string {
	u, err := url.Parse(strings.TrimSpace(s.opts.ServerURL))
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "https://" + s.host()
	}
	return clean(u.Scheme + "://" + u.Host)
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
