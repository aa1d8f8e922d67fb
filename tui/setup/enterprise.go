package setup

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/licensesync/licensesync/assets"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/tui/common"
)

type licenseMsg struct {
	id      int
	license *client.License
	err     error
}

// enterprisePage is step 2: the enterprise account on the server, its license, and its
// settings page, where GitHub Connect lives.
type enterprisePage struct {
	sh      *common.Shared
	id      int
	license *client.License
	err     error
}

func NewEnterprisePage(sh *common.Shared) *enterprisePage { return &enterprisePage{sh: sh} }

func (p *enterprisePage) Crumb() string { return "Enterprise › Settings" }

func (p *enterprisePage) Capturing() bool { return false }

func (p *enterprisePage) Enter() tea.Cmd {
	p.id = p.sh.NewID()
	id := p.id
	return common.Call(p.sh, func(ctx context.Context, b common.Backend) (*client.License, error) { return b.License(ctx) },
		func(v *client.License, err error) tea.Msg { return licenseMsg{id: id, license: v, err: err} })
}

func (p *enterprisePage) Update(msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(licenseMsg); ok && msg.id == p.id {
		p.license, p.err = msg.license, msg.err
	}
	return nil
}

func (p *enterprisePage) HandleKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, p.sh.Keys.Next):
		return p.sh.GoTo(common.StepGitHubConnect), true
	case key.Matches(msg, p.sh.Keys.Copy):
		p.sh.CopyLink(p.sh.SettingsWebPage())
		return nil, true
	}
	return nil, false
}

func (p *enterprisePage) HelpKeys() []key.Binding {
	return []key.Binding{p.sh.Keys.Next, p.sh.CopyLinkKey()}
}

func (p *enterprisePage) View() string {
	st := p.sh.Styles
	w := p.sh.Width
	slug := common.Clean(p.sh.Opts.Enterprise)
	switch {
	case slug == "":
		slug = st.Warning.Render("not set: use --enterprise or LICENSESYNC_ENTERPRISE")
	case p.sh.Session.UnknownEnterprise != nil:
		slug = p.sh.Hang(slug+": "+common.Reason(p.sh.Session.UnknownEnterprise), 12, w, st.Bad)
	}
	server := p.sh.Host()
	if p.sh.Session.Meta != nil {
		server += " · GitHub Enterprise Server " + common.Clean(p.sh.Session.Meta.InstalledVersion)
	}
	admin := st.Muted.Render("unknown")
	if p.sh.Session.Viewer != nil {
		admin = common.Clean(p.sh.Session.Viewer.Login) + " (site admin)"
	}
	var license string
	switch {
	case p.err != nil:
		license = p.sh.Hang("could not read: "+common.Reason(p.err), 12, w, st.Bad)
	case p.license == nil:
		license = st.Muted.Render("reading…")
	default:
		license = licenseSummary(p.license)
	}
	rows := [][2]string{
		{"Enterprise", slug},
		{"Server", p.sh.Hang(server, 12, w, st.Text)},
		{"Signed in", admin},
		{"License", license},
		{"Settings", p.sh.Link(p.sh.SettingsWebPage(), w-12)},
		{"Next", p.sh.Hang("GitHub Connect → \""+frontend.SettingLabel+"\"", 12, w, st.Text)},
	}
	var b strings.Builder
	for _, r := range rows {
		value := r[1]
		if !strings.Contains(value, "\n") { // a wrapped error is already laid out
			value = common.Fit(value, w-12)
		}
		b.WriteString(st.Label.Render(common.Pad(r[0], 11)) + " " + value + "\n")
	}
	b.WriteString("\nPress enter to read the GitHub Connect settings.")
	b.WriteString(p.sh.LinkNoteView(w))
	// The introduction only when there is room: the facts and the next key come first.
	intro := st.Text.Width(w).Render(assets.Step(assets.StepEnterprise)) + "\n\n"
	if lipgloss.Height(intro)+lipgloss.Height(b.String()) > p.sh.Height {
		return b.String()
	}
	return intro + b.String()
}

// licenseSummary is one line: kind and seats, how far over its seats the license is
// used, and which number the server sent that cannot be true (the backend leaves it
// unknown: client/status).
func licenseSummary(l *client.License) string {
	kind := common.Clean(l.Kind)
	if kind == "" {
		kind = "license"
	}
	count := frontend.Thousands(l.Seats.N) + " seats"
	switch {
	case l.SeatsUnknown:
		count = "seats: impossible, from the server license"
	case l.Seats.Unlimited:
		count = "unlimited seats"
	}
	used := frontend.Thousands(l.SeatsUsed) + " used"
	if l.SeatsUsedUnknown {
		used = "seats used: impossible, from the server license"
	}
	line := kind + " · " + count + " · " + used
	if l.SeatsOver != nil && *l.SeatsOver > 0 {
		line += " · " + frontend.Thousands(*l.SeatsOver) + " over the license"
	}
	return line
}

// SetSize has nothing to lay out: the page draws in the shared width.
func (p *enterprisePage) SetSize(int, int) {}
