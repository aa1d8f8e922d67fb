package setup

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/tui/common"
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
	checkCloud
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

// connectPage is step 1: server URL and token (both editable here, see
// connect_fields.go), and the checks, the cloud's included (connect_cloud.go).
type connectPage struct {
	sh     *common.Shared
	checks []check
	id     int
	server textinput.Model
	token  textinput.Model
	// fieldErr is what was wrong with the value last typed in a field.
	fieldErr string
	// blocked says why enter did not go on: the checks have not all passed.
	blocked string
	// cert is the server's certificate after a TLS failure, waiting for the admin's
	// decision; trusted says where the one trusted was saved (connect_trust.go).
	cert    *common.Certificate
	trusted string
}

func NewConnectPage(sh *common.Shared) *connectPage {
	return &connectPage{sh: sh, server: common.NewInput(sh, false, 0), token: common.NewInput(sh, true, 0)}
}

func (p *connectPage) Crumb() string { return "Connect" }

func (p *connectPage) Capturing() bool { return p.editing() }

// SetSize gives the fields the width after their labels.
func (p *connectPage) SetSize(w, _ int) {
	p.token.Width = max(w-9, 1)
	p.server.Width = max(w-9, 1)
}

func (p *connectPage) Enter() tea.Cmd {
	if p.sh.Backend == nil {
		if p.sh.Opts.OnToken != nil {
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
		{name: "reachable"}, {name: "TLS"}, {name: "token valid"}, {name: "site admin"}, {name: "cloud"},
	}
	p.blocked, p.cert = "", nil
	p.checks[checkReachable].state = checkRunning
	p.id = p.sh.NewID()
	id := p.id
	return common.Call(p.sh, func(ctx context.Context, b common.Backend) (*client.Meta, error) { return b.Meta(ctx) },
		func(v *client.Meta, err error) tea.Msg { return metaMsg{id: id, meta: v, err: err} })
}

func (p *connectPage) passed() bool {
	if len(p.checks) == 0 {
		return false
	}
	for i, c := range p.checks {
		// No cloud token is a choice: the dashboard shows the server side only.
		noCloud := i == checkCloud && c.state == checkSkipped && !p.sh.Backend.HasCloud()
		if c.state != checkPassed && !noCloud {
			return false
		}
	}
	return true
}

// whyNot says why enter does not go on yet: the first check that did not pass.
func (p *connectPage) whyNot() string {
	if p.sh.Backend == nil || len(p.checks) == 0 {
		return "Not yet: the checks need a token first."
	}
	for _, c := range p.checks {
		switch c.state {
		case checkRunning, checkWaiting:
			return "Not yet: the checks are still running."
		case checkFailed:
			return "Not yet: the " + c.name + " check failed (see above). Fix it, then press " + p.sh.Keys.Refresh.Help().Key + " to check again."
		}
	}
	return ""
}

// set puts check i in state st; a failure skips the checks still waiting after it.
func (p *connectPage) set(i int, st checkState, detail string) {
	p.checks[i].state = st
	p.checks[i].detail = detail
	for j := i + 1; st == checkFailed && j < len(p.checks); j++ {
		if p.checks[j].state == checkWaiting {
			p.checks[j].state = checkSkipped
		}
	}
}

func (p *connectPage) skipFrom(i int) {
	for ; i < len(p.checks); i++ {
		p.set(i, checkSkipped, "")
	}
}

func (p *connectPage) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case metaMsg:
		if msg.id != p.id {
			return nil
		}
		if msg.err != nil {
			return p.failed(msg.err, checkReachable)
		}
		p.sh.Session.Meta = msg.meta
		p.set(checkReachable, checkPassed, "GitHub Enterprise Server "+common.Clean(msg.meta.InstalledVersion))
		p.tlsPassed()
		p.checks[checkToken].state = checkRunning
		id := p.id
		return common.Call(p.sh, func(ctx context.Context, b common.Backend) (*client.Viewer, error) { return b.Viewer(ctx) },
			func(v *client.Viewer, err error) tea.Msg { return viewerMsg{id: id, viewer: v, err: err} })
	case viewerMsg:
		if msg.id != p.id {
			return nil
		}
		switch {
		case msg.err != nil:
			return p.failed(msg.err, checkToken)
		case !msg.viewer.SiteAdmin:
			p.set(checkToken, checkPassed, "signed in as "+common.Clean(msg.viewer.Login))
			p.set(checkSiteAdmin, checkFailed, common.Clean(msg.viewer.Login)+" is not a site admin: use a site admin's token")
		default:
			p.sh.Session.Viewer = msg.viewer
			p.set(checkToken, checkPassed, "signed in as "+common.Clean(msg.viewer.Login))
			p.set(checkSiteAdmin, checkPassed, common.Clean(msg.viewer.Login)+" is a site admin")
			return p.checkCloud()
		}
	case cloudCheckMsg:
		return p.cloudChecked(msg)
	case certificateMsg:
		p.certificateRead(msg)
	case lookAheadMsg:
		if msg.id == p.id && client.KindOf(msg.err) == client.KindNotFound {
			p.sh.Session.UnknownEnterprise = msg.err
		}
		if msg.id == p.id && client.KindOf(msg.err) == client.KindConsoleUnavailable && p.sh.Backend.HasCloud() {
			return p.lookAheadCloud() // a stock appliance: the cloud can tell
		}
		if msg.id != p.id || msg.err != nil || !msg.settings.Connected || msg.settings.LicenseSync() != client.FeatureEnabled {
			return nil // set up not yet (or not known): the steps go on as usual
		}
		p.sh.Session.Settings = msg.settings
		p.sh.Session.Arrival = "License sync is already enabled, so the console opened on the dashboard; esc goes back to the setting."
		return p.sh.GoTo(common.StepDashboard)
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
	if p.sh.Session.LookedAhead {
		return nil
	}
	p.sh.Session.LookedAhead = true
	id := p.id
	return common.Call(p.sh, func(ctx context.Context, b common.Backend) (*client.ConnectSettings, error) {
		return b.ConnectSettings(ctx)
	},
		func(s *client.ConnectSettings, err error) tea.Msg { return lookAheadMsg{id: id, settings: s, err: err} })
}

// failed marks the check a failure belongs to, by its kind: an answer of any kind
// (401, not a site admin) proves the server reachable and its TLS sound; only no
// answer, a TLS failure or an answer that is not the API's (a proxy's HTML page) blames
// the earlier checks. at is the check that was running; other kinds fail it.
func (p *connectPage) failed(err error, at int) tea.Cmd {
	why := common.Reason(err)
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
		return p.readCertificate()
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
	return nil
}

// tlsPassed marks TLS good once the server has answered: over plain HTTP, with a note.
func (p *connectPage) tlsPassed() {
	if strings.HasPrefix(strings.ToLower(p.sh.Opts.ServerURL), "http://") {
		p.set(checkTLS, checkPassed, "plain HTTP: only for a local or simulated server")
	} else {
		p.set(checkTLS, checkPassed, "certificate trusted")
	}
}

func (p *connectPage) HandleKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := p.sh.Keys
	if p.editing() {
		return p.fieldKey(msg), true
	}
	switch {
	case key.Matches(msg, k.Next):
		if p.passed() {
			return p.sh.GoTo(common.StepEnterprise), true
		}
		p.blocked = p.whyNot()
		return nil, true
	case key.Matches(msg, k.Refresh):
		if p.sh.Backend != nil {
			return p.start(), true
		}
	case key.Matches(msg, k.Trust) && p.cert != nil:
		return p.trust(), true
	case key.Matches(msg, k.Tab):
		if cmd := p.focusNext(); cmd != nil || p.editing() {
			return cmd, true
		}
	}
	return nil, false
}

func (p *connectPage) HelpKeys() []key.Binding {
	k := p.sh.Keys
	use := "use this token"
	if p.server.Focused() {
		use = "use this server"
	}
	if p.editing() {
		keys := []key.Binding{common.Relabel(k.Next, use)}
		if p.server.Focused() || p.sh.Backend != nil { // esc has somewhere to go back to
			keys = append(keys, common.Relabel(k.Back, "cancel"))
		}
		return append(keys, k.Interrupt)
	}
	keys := append([]key.Binding{k.Next, common.Relabel(k.Refresh, "check again")}, p.trustKey()...)
	switch {
	case p.canEditServer():
		keys = append(keys, common.Relabel(k.Tab, "edit server/token"))
	case p.canPasteToken():
		keys = append(keys, common.Relabel(k.Tab, "other token"))
	}
	return keys
}
