package tui

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/assets"
	"github.com/licensesync/licensesync/client"
)

// checkState is where one Connect check stands.
type checkState int

const (
	checkWaiting checkState = iota
	checkRunning
	checkPassed
	checkFailed
	checkSkipped
)

// check is one line of the Connect step: a name, a state and what to do about it.
type check struct {
	name   string
	state  checkState
	detail string
}

// The Connect checks, in the order they run.
const (
	checkReachable = iota
	checkTLS
	checkToken
	checkSiteAdmin
)

type metaMsg struct {
	id   int
	meta *client.Meta
	err  error
}

type viewerMsg struct {
	id     int
	viewer *client.Viewer
	err    error
}

// connectPage is step 1: server URL and token, and the four checks.
type connectPage struct {
	sh       *shared
	checks   []check
	id       int
	token    textinput.Model
	tokenErr string
}

func newConnectPage(sh *shared) *connectPage {
	return &connectPage{sh: sh, token: newInput(sh, true, 0)}
}

func (p *connectPage) crumb() string { return "Connect" }

func (p *connectPage) capturing() bool { return p.token.Focused() }

// setSize gives the token field the width after its label.
func (p *connectPage) setSize(w, _ int) { p.token.Width = max(w-9, 1) }

func (p *connectPage) enter() tea.Cmd {
	if p.sh.backend == nil {
		if p.sh.opts.OnToken != nil {
			return p.token.Focus()
		}
		return nil
	}
	if p.checks == nil {
		return p.start()
	}
	return nil
}

// start runs the checks again from the top.
func (p *connectPage) start() tea.Cmd {
	p.checks = []check{
		{name: "reachable"}, {name: "TLS"}, {name: "token valid"}, {name: "site admin"},
	}
	p.checks[checkReachable].state = checkRunning
	p.id = p.sh.newID()
	id := p.id
	return call(p.sh, func(ctx context.Context, b Backend) (*client.Meta, error) { return b.Meta(ctx) },
		func(v *client.Meta, err error) tea.Msg { return metaMsg{id: id, meta: v, err: err} })
}

func (p *connectPage) passed() bool {
	if len(p.checks) == 0 {
		return false
	}
	for _, c := range p.checks {
		if c.state != checkPassed {
			return false
		}
	}
	return true
}

func (p *connectPage) set(i int, st checkState, detail string) {
	p.checks[i].state = st
	p.checks[i].detail = detail
}

func (p *connectPage) skipFrom(i int) {
	for ; i < len(p.checks); i++ {
		p.set(i, checkSkipped, "")
	}
}

func (p *connectPage) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case metaMsg:
		if msg.id != p.id {
			return nil
		}
		if msg.err != nil {
			p.failed(msg.err, checkReachable)
			return nil
		}
		p.sh.session.meta = msg.meta
		p.set(checkReachable, checkPassed, "GitHub Enterprise Server "+clean(msg.meta.InstalledVersion))
		p.tlsPassed()
		p.checks[checkToken].state = checkRunning
		id := p.id
		return call(p.sh, func(ctx context.Context, b Backend) (*client.Viewer, error) { return b.Viewer(ctx) },
			func(v *client.Viewer, err error) tea.Msg { return viewerMsg{id: id, viewer: v, err: err} })
	case viewerMsg:
		if msg.id != p.id {
			return nil
		}
		switch {
		case msg.err != nil:
			p.failed(msg.err, checkToken)
		case !msg.viewer.SiteAdmin:
			p.set(checkToken, checkPassed, "signed in as "+clean(msg.viewer.Login))
			p.set(checkSiteAdmin, checkFailed, clean(msg.viewer.Login)+" is not a site admin: use a site admin's token")
		default:
			p.sh.session.viewer = msg.viewer
			p.set(checkToken, checkPassed, "signed in as "+clean(msg.viewer.Login))
			p.set(checkSiteAdmin, checkPassed, clean(msg.viewer.Login)+" is a site admin")
			return p.lookAhead()
		}
	case lookAheadMsg:
		if msg.id == p.id && client.KindOf(msg.err) == client.KindNotFound {
			p.sh.session.unknownEnterprise = msg.err
		}
		if msg.id == p.id && client.KindOf(msg.err) == client.KindConsoleUnavailable && p.sh.backend.HasCloud() {
			return p.lookAheadCloud() // a stock appliance: the cloud can tell
		}
		if msg.id != p.id || msg.err != nil || !msg.settings.Connected || msg.settings.LicenseSync() != client.FeatureEnabled {
			return nil // set up not yet (or not known): the steps go on as usual
		}
		p.sh.session.settings = msg.settings
		p.sh.session.arrival = "License sync is already enabled, so the console opened on the dashboard; esc goes back to the setting."
		return p.sh.goTo(stepDashboard)
	case lookAheadCloudMsg:
		return p.cloudLookedAhead(msg)
	}
	return nil
}

// lookAheadMsg answers whether license sync is already on, asked once after the
// Connect step's checks first pass.
type lookAheadMsg struct {
	id       int
	settings *client.ConnectSettings
	err      error
}

// lookAhead asks, the first time the checks pass, whether the setup is already done.
func (p *connectPage) lookAhead() tea.Cmd {
	if p.sh.session.lookedAhead {
		return nil
	}
	p.sh.session.lookedAhead = true
	id := p.id
	return call(p.sh, func(ctx context.Context, b Backend) (*client.ConnectSettings, error) { return b.ConnectSettings(ctx) },
		func(s *client.ConnectSettings, err error) tea.Msg { return lookAheadMsg{id: id, settings: s, err: err} })
}

// failed marks the check a failure belongs to, by its kind: an answer of any kind
// (401, not a site admin) proves the server reachable and its TLS sound; only no
// answer, a TLS failure or an answer that is not the API's (a proxy's HTML page) blames
// the earlier checks. at is the check that was running; other kinds fail it.
func (p *connectPage) failed(err error, at int) {
	why := reason(err)
	answered := func() {
		if p.checks[checkReachable].state != checkPassed {
			p.set(checkReachable, checkPassed, "the server answers")
		}
		p.tlsPassed()
	}
	switch client.KindOf(err) {
	case client.KindUnreachable, client.KindBadResponse:
		p.set(checkReachable, checkFailed, why)
		p.skipFrom(checkTLS)
	case client.KindTLS:
		p.set(checkReachable, checkPassed, "the server answers")
		p.set(checkTLS, checkFailed, why)
		p.skipFrom(checkToken)
	case client.KindUnauthorized:
		answered()
		p.set(checkToken, checkFailed, why)
		p.skipFrom(checkSiteAdmin)
	case client.KindNotSiteAdmin:
		answered()
		if p.checks[checkToken].state != checkPassed {
			p.set(checkToken, checkPassed, "the server accepts it")
		}
		p.set(checkSiteAdmin, checkFailed, why)
	default:
		if at > checkReachable {
			answered()
		}
		p.set(at, checkFailed, why)
		p.skipFrom(at + 1)
	}
}

// tlsPassed marks TLS good once the server has answered: over plain HTTP, with a note.
func (p *connectPage) tlsPassed() {
	if strings.HasPrefix(strings.ToLower(p.sh.opts.ServerURL), "http://") {
		p.set(checkTLS, checkPassed, "plain HTTP: only for a local or simulated server")
	} else {
		p.set(checkTLS, checkPassed, "certificate trusted")
	}
}

func (p *connectPage) handleKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := p.sh.keys
	if p.token.Focused() {
		switch {
		case key.Matches(msg, k.Next):
			return p.submitToken(), true
		case key.Matches(msg, k.Back) && p.sh.backend != nil:
			p.token.Blur()
			p.token.Reset()
		default:
			return updateInput(&p.token, msg), true
		}
		return nil, true
	}
	switch {
	case key.Matches(msg, k.Next):
		if p.passed() {
			return p.sh.goTo(stepEnterprise), true
		}
		return nil, true
	case key.Matches(msg, k.Refresh):
		if p.sh.backend != nil {
			return p.start(), true
		}
	case key.Matches(msg, k.Tab):
		if p.sh.opts.OnToken != nil {
			return p.token.Focus(), true
		}
	}
	return nil, false
}

func (p *connectPage) submitToken() tea.Cmd {
	token := strings.TrimSpace(p.token.Value())
	p.token.Reset()
	if token == "" {
		p.tokenErr = "Type or paste a token first."
		return nil
	}
	b, err := p.sh.opts.OnToken(token)
	if err != nil {
		p.tokenErr = reason(err)
		return nil
	}
	p.tokenErr = ""
	p.token.Blur()
	p.sh.backend = b
	p.sh.opts.TokenSource = tokenTyped
	return p.start()
}

func (p *connectPage) helpKeys() []key.Binding {
	k := p.sh.keys
	if p.token.Focused() {
		return []key.Binding{
			key.NewBinding(key.WithKeys(k.Next.Keys()...), key.WithHelp(k.Next.Help().Key, "use this token")),
			k.Interrupt,
		}
	}
	keys := []key.Binding{k.Next, key.NewBinding(key.WithKeys(k.Refresh.Keys()...), key.WithHelp(k.Refresh.Help().Key, "check again"))}
	if p.sh.opts.OnToken != nil {
		keys = append(keys, key.NewBinding(key.WithKeys(k.Tab.Keys()...), key.WithHelp(k.Tab.Help().Key, "other token")))
	}
	return keys
}

func (p *connectPage) view() string {
	st := p.sh.styles
	w := p.sh.width
	var b strings.Builder
	b.WriteString(st.text.Width(w).Render(assets.Step(assets.StepConnect)))
	b.WriteString("\n\n")
	server := clean(p.sh.opts.ServerURL)
	if server == "" {
		server = st.bad.Render("not set: use --server or LICENSESYNC_SERVER")
	}
	b.WriteString(st.label.Render("Server  ") + fit(server, w-8) + "\n")
	b.WriteString(st.label.Render("Token   ") + p.tokenLine(w-8) + "\n")
	if p.token.Focused() {
		b.WriteString("        " + st.muted.Render(fit("Paste a site admin's token: it stays hidden and is not saved.", w-8)) + "\n")
	}
	if p.tokenErr != "" {
		b.WriteString("        " + p.sh.hang(p.tokenErr, 8, w, st.bad) + "\n")
	}
	b.WriteString("\n")
	for _, c := range p.checks {
		b.WriteString(p.checkLine(c, w) + "\n")
	}
	if p.passed() {
		b.WriteString("\n" + st.good.Render("All checks passed.") + " Press enter for the enterprise account.")
	}
	return b.String()
}

func (p *connectPage) tokenLine(w int) string {
	st := p.sh.styles
	switch {
	case p.token.Focused():
		return p.token.View()
	case p.sh.backend == nil && p.sh.opts.OnToken == nil:
		return st.bad.Render(fit("none found: set GH_ENTERPRISE_TOKEN to a site admin's token", w))
	case p.sh.backend == nil:
		return st.muted.Render("none found")
	case p.sh.opts.TokenSource != "":
		return "•••••••• " + st.muted.Render("("+tokenFrom(p.sh.opts.TokenSource)+")")
	default:
		return "••••••••"
	}
}

// checkIndent is where a check's detail starts: mark, space, name, space.
const checkIndent = 15

func (p *connectPage) checkLine(c check, w int) string {
	st := p.sh.styles
	var mark string
	switch c.state {
	case checkWaiting:
		mark = st.muted.Render("·")
	case checkRunning:
		mark = st.accent.Render("…")
	case checkPassed:
		mark = st.good.Render("✓")
	case checkFailed:
		mark = st.bad.Render("✗")
	case checkSkipped:
		mark = st.muted.Render("-")
	}
	line := mark + " " + pad(c.name, 12)
	if c.detail != "" {
		style := st.muted
		if c.state == checkFailed {
			style = st.bad
		}
		line += " " + p.sh.hang(c.detail, checkIndent, w, style)
	}
	return line
}

// tokenFrom says where the token came from: "from GH_ENTERPRISE_TOKEN", "typed in".
func tokenFrom(source string) string {
	if source == "" || source == tokenTyped || source == "the console" {
		return tokenTyped
	}
	return "from " + clean(source)
}

// tokenTyped is the token source of a token typed on the Connect step.
const tokenTyped = "typed in"
