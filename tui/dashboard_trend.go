package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/tui/common"
	"github.com/licensesync/licensesync/tui/trend"
)

// trendView puts the trend pane (tui/trend) among the dashboard's panes: shown with the
// trend key (or tab), it reads the history when shown and after every status read.
type trendView struct {
	*trend.Pane
	keys          common.KeyMap
	status        *statusPart
	width, height int
}

func newTrendView(sh *common.Shared, status *statusPart) *trendView {
	return &trendView{Pane: trend.New(sh), keys: sh.Keys, status: status}
}

func (v *trendView) update(msg tea.Msg) tea.Cmd {
	if v.Pane.Update(msg) {
		return nil
	}
	if msg, ok := msg.(statusMsg); ok && msg.id == v.status.id && msg.err == nil {
		return v.Load() // nothing while closed
	}
	return nil
}

// activate opens the trend on its first span, or keeps the span it was left on.
func (v *trendView) activate() tea.Cmd { return v.Open() }

// deactivate closes it when another pane is shown: no history reads while hidden.
func (v *trendView) deactivate() { v.Close() }

// handleKey takes no keys of its own: the dashboard cycles the span (trendKey).
func (v *trendView) handleKey(tea.KeyMsg) (tea.Cmd, bool) { return nil, false }

func (v *trendView) setSize(w, h int) { v.width, v.height = w, h }

// view draws the trend in the pane's whole area, its title and header lines included.
func (v *trendView) view() string { return v.Pane.View(v.width, v.height+2, v.status.current) }

func (v *trendView) helpKeys() []key.Binding {
	next := "90 days"
	if v.OnLastSpan() {
		next = "users"
	}
	return []key.Binding{
		common.Relabel(v.keys.Trend, next),
		common.Relabel(v.keys.Back, "users"),
	}
}

func (v *trendView) barKeys() []key.Binding { return v.helpKeys() }

func (v *trendView) capturing() bool { return false }

func (v *trendView) copyParts() []string { return nil }
