package tui

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/assets"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/frontend"
)

type licenseMsg struct {
	id      int
	license *client.License
	err     error
}

// enterprisePage is step 2: the enterprise account on the server and its license.
type enterprisePage struct {
	sh      *shared
	id      int
	license *client.License
	err     error
}

func newEnterprisePage(sh *shared) *enterprisePage { return &enterprisePage{sh: sh} }

func (p *enterprisePage) crumb() string { return "Enterprise" }

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
	if key.Matches(msg, p.sh.keys.Next) {
		return p.sh.goTo(stepSettings), true
	}
	return nil, false
}

func (p *enterprisePage) helpKeys() []key.Binding { return []key.Binding{p.sh.keys.Next} }

func (p *enterprisePage) view() string {
	st := p.sh.styles
	w := p.sh.width
	slug := clean(p.sh.opts.Enterprise)
	switch {
	case slug == "":
		slug = st.warning.Render("not set: use --enterprise or LICENSESYNC_ENTERPRISE")
	case p.sh.unknownEnterprise != nil:
		slug = p.sh.hang(slug+": "+reason(p.sh.unknownEnterprise), 12, w, st.bad)
	}
	server := p.sh.host()
	if p.sh.meta != nil {
		server += " · GitHub Enterprise Server " + clean(p.sh.meta.InstalledVersion)
	}
	admin := st.muted.Render("unknown")
	if p.sh.viewer != nil {
		admin = clean(p.sh.viewer.Login) + " (site admin)"
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
		{"Server", server},
		{"Signed in", admin},
		{"License", license},
		{"Web page", p.sh.enterpriseURL()},
	}
	var b strings.Builder
	b.WriteString(st.text.Width(w).Render(assets.Step(assets.StepEnterprise)))
	b.WriteString("\n\n")
	for _, r := range rows {
		value := r[1]
		if !strings.Contains(value, "\n") { // a wrapped error is already laid out
			value = fit(value, w-12)
		}
		b.WriteString(st.label.Render(pad(r[0], 11)) + " " + value + "\n")
	}
	b.WriteString("\nPress enter for the enterprise settings.")
	return b.String()
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
