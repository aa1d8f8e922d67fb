package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/assets"
	"github.com/licensesync/licensesync/client/frontend"
)

// settingsPage is step 3: the enterprise settings, where GitHub Connect lives.
type settingsPage struct{ sh *shared }

func newSettingsPage(sh *shared) *settingsPage { return &settingsPage{sh: sh} }

func (p *settingsPage) crumb() string { return "Enterprise › Settings" }

func (p *settingsPage) capturing() bool { return false }

func (p *settingsPage) enter() tea.Cmd { return nil }

func (p *settingsPage) update(tea.Msg) tea.Cmd { return nil }

func (p *settingsPage) handleKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	if key.Matches(msg, p.sh.keys.Next) {
		return p.sh.goTo(stepGitHubConnect), true
	}
	return nil, false
}

func (p *settingsPage) helpKeys() []key.Binding { return []key.Binding{p.sh.keys.Next} }

func (p *settingsPage) view() string {
	st := p.sh.styles
	w := p.sh.width
	var b strings.Builder
	b.WriteString(st.text.Width(w).Render(assets.Step(assets.StepSettings)))
	b.WriteString("\n\n")
	b.WriteString(st.label.Render(pad("Web page", 11)) + " " + fit(p.sh.enterpriseURL("settings"), w-12) + "\n")
	b.WriteString(st.label.Render(pad("Next", 11)) + " GitHub Connect → \"" + frontend.SettingLabel + "\"\n")
	b.WriteString("\nPress enter to read the GitHub Connect settings.")
	return b.String()
}
