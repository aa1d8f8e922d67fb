package setup

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/assets"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/tui/common"
)

type connectSettingsMsg struct {
	id       int
	settings *client.ConnectSettings
	err      error
}

func readConnectSettings(sh *common.Shared, id int) tea.Cmd {
	return common.Call(sh, func(ctx context.Context, b common.Backend) (*client.ConnectSettings, error) {
		return b.ConnectSettings(ctx)
	},
		func(v *client.ConnectSettings, err error) tea.Msg {
			return connectSettingsMsg{id: id, settings: v, err: err}
		})
}

// githubConnectPage is step 3: is GitHub Connect on, and to which cloud enterprise.
type githubConnectPage struct {
	sh      *common.Shared
	id      int
	loading bool
	err     error
	// probed and probeErr are the cloud probe's answer (connect_prereqs.go).
	probed   bool
	probeErr error
}

func NewGitHubConnectPage(sh *common.Shared) *githubConnectPage { return &githubConnectPage{sh: sh} }

func (p *githubConnectPage) Crumb() string { return "Enterprise › Settings › GitHub Connect" }

func (p *githubConnectPage) Capturing() bool { return false }

func (p *githubConnectPage) Enter() tea.Cmd {
	p.loading, p.probed, p.probeErr = true, false, nil
	p.id = p.sh.NewID()
	return tea.Batch(readConnectSettings(p.sh, p.id), probeCloud(p.sh, p.id))
}

func (p *githubConnectPage) Update(msg tea.Msg) tea.Cmd {
	if probe, ok := msg.(cloudProbeMsg); ok && probe.id == p.id {
		p.probed, p.probeErr = true, probe.err
		return nil
	}
	msg2, ok := msg.(connectSettingsMsg)
	if !ok || msg2.id != p.id {
		return nil
	}
	p.loading = false
	p.err = nil
	switch {
	case client.KindOf(msg2.err) == client.KindConsoleUnavailable:
		p.sh.Session.ConsoleUnavailable = true
		p.sh.Session.Settings = nil
	case msg2.err != nil:
		p.err = msg2.err
	default:
		p.sh.Session.ConsoleUnavailable = false
		p.sh.Session.SetSettings(msg2.settings)
	}
	return nil
}

// ready reports whether the next step can be taken.
func (p *githubConnectPage) ready() bool {
	if p.loading || p.err != nil {
		return false
	}
	return p.sh.Session.ConsoleUnavailable || (p.sh.Session.Settings != nil && p.sh.Session.Settings.Connected)
}

func (p *githubConnectPage) HandleKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := p.sh.Keys
	switch {
	case key.Matches(msg, k.Next):
		if p.ready() {
			return p.sh.GoTo(common.StepLicenseSync), true
		}
		if !p.loading {
			return p.Enter(), true
		}
		return nil, true
	case key.Matches(msg, k.Refresh):
		return p.Enter(), true
	case key.Matches(msg, k.Copy):
		p.sh.CopyLinks(p.webPages()...)
		return nil, true
	}
	return nil, false
}

// webPages are the pages this step shows, in the order the copy key copies them: the
// settings page while GitHub Connect waits to be enabled, and the docs.
func (p *githubConnectPage) webPages() []common.WebPage {
	docs, _ := common.DocsWebPage(assets.StepGitHubConnect)
	s := p.sh.Session
	if !p.loading && p.err == nil && !s.ConsoleUnavailable && !s.Settings.Connected {
		return []common.WebPage{p.sh.SettingsWebPage(), docs}
	}
	return []common.WebPage{docs}
}

func (p *githubConnectPage) HelpKeys() []key.Binding {
	k := p.sh.Keys
	check := common.Relabel(k.Refresh, "check again")
	return []key.Binding{k.Next, check, p.sh.CopyLinkKey()}
}

func (p *githubConnectPage) View() string {
	st := p.sh.Styles
	w := p.sh.Width
	var b strings.Builder
	b.WriteString(st.Text.Width(w).Render(assets.Step(assets.StepGitHubConnect)))
	docs, _ := common.DocsWebPage(assets.StepGitHubConnect)
	b.WriteString("\n\n" + p.sh.DocsLine(docs, w) + "\n\n")
	para := st.Text.Width(w)
	switch {
	case p.loading:
		b.WriteString(st.Accent.Render("…") + " Reading the GitHub Connect settings…")
	case p.err != nil:
		b.WriteString(st.Bad.Render("✗") + " " + p.sh.Hang("Could not read GitHub Connect: "+common.Reason(p.err), 2, w, st.Text))
		b.WriteString("\n\nPress r to try again.")
	case p.sh.Session.ConsoleUnavailable:
		b.WriteString(st.Warning.Render("!") + " " + p.sh.Hang(
			"This appliance does not let API clients read GitHub Connect (no console API).", 2, w, st.Text))
		b.WriteString("\n\n" + para.Render("Next you get the exact page to open in a browser, and we verify the result from the cloud side."))
		b.WriteString("\n\n" + p.prerequisitesView(w))
		b.WriteString("\nPress enter to continue.")
	case p.sh.Session.Settings.Connected:
		s := p.sh.Session.Settings
		to := common.Clean(s.CloudEnterprise)
		if s.CloudURL != "" {
			to += " (" + common.Clean(s.CloudURL) + ")"
		}
		b.WriteString(st.Good.Render("✓") + " GitHub Connect is enabled.\n")
		b.WriteString("  " + st.Label.Render("Connected to ") + p.sh.Hang(to, 15, w, st.Text) + "\n") // wrapped: an address cut short is no address
		b.WriteString("\nPress enter for the license sync setting.")
	default:
		b.WriteString(st.Bad.Render("✗") + " " + p.sh.Hang("GitHub Connect is not enabled yet. It comes first: license sync travels over it.", 2, w, st.Text) + "\n\n")
		b.WriteString(para.Render("An enterprise owner on both sides opens this page in a browser and clicks Enable GitHub Connect, then Connect next to the cloud enterprise account:"))
		b.WriteString("\n\n  " + p.sh.Link(p.sh.SettingsWebPage(), w-20) + " → GitHub Connect\n\n")
		b.WriteString(p.prerequisitesView(w))
		b.WriteString("\nThen press r (or enter) to check again.")
	}
	b.WriteString(p.sh.LinkNoteView(w))
	return b.String()
}

// SetSize has nothing to lay out: the page draws in the shared width.
func (p *githubConnectPage) SetSize(int, int) {}
