package tui

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/licensesync/licensesync/assets"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/frontend"
)

type licenseMsg struct {
	id      int
	license *client.License
	err     error
}

// enterprisePage is step 2: the enterprise account on the server, its license, and its
// settings page, where GitHub Connect lives.
type enterprisePage struct {
	sh      *shared
	id      int
	license *client.License
	err     error
}

func newEnterprisePage(sh *shared) *enterprisePage { return &enterprisePage{sh: sh} }

func (p *enterprisePage) crumb() string { return "Enterprise › Settings" }

func (p *enterprisePage) capturing() bool { return false }

func (p *enterprisePage) enter() tea.Cmd {
	p.id = p.sh.newID()
	id := p.id
	return call(p.sh, func(ctx context.Context, b Backend) (*client.License, error) { return b.License(ctx) },
		func(v *client.License, err error) tea.Msg { return licenseMsg{id: id, license: v, err: err} })
}

func (p *enterprisePage) update(msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(licenseMsg); ok && msg.id == p.id {
		p.license, p.err = msg.license, msg.err
	}
	return nil
}

func (p *enterprisePage) handleKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, p.sh.keys.Next):
		return p.sh.goTo(stepGitHubConnect), true
	case key.Matches(msg, p.sh.keys.Copy):
		p.sh.copyLink(p.sh.settingsWebPage())
		return nil, true
	}
	return nil, false
}

func (p *enterprisePage) helpKeys() []key.Binding {
	return []key.Binding{p.sh.keys.Next, p.sh.copyLinkKey()}
}

func (p *enterprisePage) view() string {
	st := p.sh.styles
	w := p.sh.width
	slug := clean(p.sh.opts.Enterprise)
	switch {
	case slug == "":
		slug = st.warning.Render("not set: use --enterprise or LICENSESYNC_ENTERPRISE")
	case p.sh.session.unknownEnterprise != nil:
		slug = p.sh.hang(slug+": "+reason(p.sh.session.unknownEnterprise), 12, w, st.bad)
	}
	server := p.sh.host()
	if p.sh.session.meta != nil {
		server += " · GitHub Enterprise Server " + clean(p.sh.session.meta.InstalledVersion)
	}
	admin := st.muted.Render("unknown")
	if p.sh.session.viewer != nil {
		admin = clean(p.sh.session.viewer.Login) + " (site admin)"
	}
	var license string
	switch {
	case p.err != nil:
		license = p.sh.hang("could not read: "+reason(p.err), 12, w, st.bad)
	case p.license == nil:
		license = st.muted.Render("reading…")
	default:
		license = licenseSummary(p.license)
	}
	rows := [][2]string{
		{"Enterprise", slug},
		{"Server", p.sh.hang(server, 12, w, st.text)},
		{"Signed in", admin},
		{"License", license},
		{"Settings", p.sh.link(p.sh.settingsWebPage(), w-12)},
		{"Next", p.sh.hang("GitHub Connect → \""+frontend.SettingLabel+"\"", 12, w, st.text)},
	}
	var b strings.Builder
	for _, r := range rows {
		value := r[1]
		if !strings.Contains(value, "\n") { // a wrapped error is already laid out
			value = fit(value, w-12)
		}
		b.WriteString(st.label.Render(pad(r[0], 11)) + " " + value + "\n")
	}
	b.WriteString("\nPress enter to read the GitHub Connect settings.")
	b.WriteString(p.sh.linkNoteView(w))
	// The introduction only when there is room: the facts and the next key come first.
	intro := st.text.Width(w).Render(assets.Step(assets.StepEnterprise)) + "\n\n"
	if lipgloss.Height(intro)+lipgloss.Height(b.String()) > p.sh.height {
		return b.String()
	}
	return intro + b.String()
}

// licenseSummary is one line: kind and seats.
func licenseSummary(l *client.License) string {
	kind := clean(l.Kind)
	if kind == "" {
		kind = "license"
	}
	if l.Seats.Unlimited {
		return kind + " · unlimited seats · " + frontend.Thousands(l.SeatsUsed) + " used"
	}
	return kind + " · " + frontend.Thousands(l.Seats.N) + " seats · " + frontend.Thousands(l.SeatsUsed) + " used"
}

// setSize has nothing to lay out: the page draws in the shared width.
func (p *enterprisePage) setSize(int, int) {}
