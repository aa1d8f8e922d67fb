package tui

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/assets"
	"github.com/licensesync/licensesync/client"
)

type connectSettingsMsg struct {
	id       int
	settings *client.ConnectSettings
	err      error
}

func readConnectSettings(sh *shared, id int) tea.Cmd {
	return call(sh, func(ctx context.Context, b Backend) (*client.ConnectSettings, error) { return b.ConnectSettings(ctx) },
		func(v *client.ConnectSettings, err error) tea.Msg {
			return connectSettingsMsg{id: id, settings: v, err: err}
		})
}

// githubConnectPage is step 3: is GitHub Connect on, and to which cloud enterprise.
type githubConnectPage struct {
	sh      *shared
	id      int
	loading bool
	err     error
	// probed and probeErr are the cloud probe's answer (connect_prereqs.go).
	probed   bool
	probeErr error
}

func newGitHubConnectPage(sh *shared) *githubConnectPage { return &githubConnectPage{sh: sh} }

func (p *githubConnectPage) crumb() string { return "Enterprise › Settings › GitHub Connect" }

func (p *githubConnectPage) capturing() bool { return false }

func (p *githubConnectPage) enter() tea.Cmd {
	p.loading, p.probed, p.probeErr = true, false, nil
	p.id = p.sh.newID()
	return tea.Batch(readConnectSettings(p.sh, p.id), probeCloud(p.sh, p.id))
}

func (p *githubConnectPage) update(msg tea.Msg) tea.Cmd {
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
		p.sh.session.consoleUnavailable = true
		p.sh.session.settings = nil
	case msg2.err != nil:
		p.err = msg2.err
	default:
		p.sh.session.consoleUnavailable = false
		p.sh.session.setSettings(msg2.settings)
	}
	return nil
}

// ready reports whether the next step can be taken.
func (p *githubConnectPage) ready() bool {
	if p.loading || p.err != nil {
		return false
	}
	return p.sh.session.consoleUnavailable || (p.sh.session.settings != nil && p.sh.session.settings.Connected)
}

func (p *githubConnectPage) handleKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := p.sh.keys
	switch {
	case key.Matches(msg, k.Next):
		if p.ready() {
			return p.sh.goTo(stepLicenseSync), true
		}
		if !p.loading {
			return p.enter(), true
		}
		return nil, true
	case key.Matches(msg, k.Refresh):
		return p.enter(), true
	case key.Matches(msg, k.Copy):
		p.sh.copyLinks(p.webPages()...)
		return nil, true
	}
	return nil, false
}

// webPages are the pages this step shows, in the order the copy key copies them: the
// settings page while GitHub Connect waits to be enabled, and the docs.
func (p *githubConnectPage) webPages() []webPage {
	docs, _ := docsWebPage(assets.StepGitHubConnect)
	s := p.sh.session
	if !p.loading && p.err == nil && !s.consoleUnavailable && !s.settings.Connected {
		return []webPage{p.sh.settingsWebPage(), docs}
	}
	return []webPage{docs}
}

func (p *githubConnectPage) helpKeys() []key.Binding {
	k := p.sh.keys
	check := relabel(k.Refresh, "check again")
	return []key.Binding{k.Next, check, p.sh.copyLinkKey()}
}

func (p *githubConnectPage) view() string {
	st := p.sh.styles
	w := p.sh.width
	var b strings.Builder
	b.WriteString(st.text.Width(w).Render(assets.Step(assets.StepGitHubConnect)))
	docs, _ := docsWebPage(assets.StepGitHubConnect)
	b.WriteString("\n\n" + p.sh.docsLine(docs, w) + "\n\n")
	para := st.text.Width(w)
	switch {
	case p.loading:
		b.WriteString(st.accent.Render("…") + " Reading the GitHub Connect settings…")
	case p.err != nil:
		b.WriteString(st.bad.Render("✗") + " " + p.sh.hang("Could not read GitHub Connect: "+reason(p.err), 2, w, st.text))
		b.WriteString("\n\nPress r to try again.")
	case p.sh.session.consoleUnavailable:
		b.WriteString(st.warning.Render("!") + " " + p.sh.hang(
			"This appliance does not let API clients read GitHub Connect (no console API).", 2, w, st.text))
		b.WriteString("\n\n" + para.Render("Next you get the exact page to open in a browser, and we verify the result from the cloud side."))
		b.WriteString("\n\n" + p.prerequisitesView(w))
		b.WriteString("\nPress enter to continue.")
	case p.sh.session.settings.Connected:
		s := p.sh.session.settings
		to := clean(s.CloudEnterprise)
		if s.CloudURL != "" {
			to += " (" + clean(s.CloudURL) + ")"
		}
		b.WriteString(st.good.Render("✓") + " GitHub Connect is enabled.\n")
		b.WriteString("  " + st.label.Render("Connected to ") + p.sh.hang(to, 15, w, st.text) + "\n") // wrapped: an address cut short is no address
		b.WriteString("\nPress enter for the license sync setting.")
	default:
		b.WriteString(st.bad.Render("✗") + " " + p.sh.hang("GitHub Connect is not enabled yet. It comes first: license sync travels over it.", 2, w, st.text) + "\n\n")
		b.WriteString(para.Render("An enterprise owner on both sides opens this page in a browser and clicks Enable GitHub Connect, then Connect next to the cloud enterprise account:"))
		b.WriteString("\n\n  " + p.sh.link(p.sh.settingsWebPage(), w-20) + " → GitHub Connect\n\n")
		b.WriteString(p.prerequisitesView(w))
		b.WriteString("\nThen press r (or enter) to check again.")
	}
	b.WriteString(p.sh.linkNoteView(w))
	return b.String()
}

// setSize has nothing to lay out: the page draws in the shared width.
func (p *githubConnectPage) setSize(int, int) {}
