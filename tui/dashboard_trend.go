package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/tui/common"
)

// trendView puts the trend pane (trend.go) among the dashboard's panes: shown with the
// trend key (or tab), it reads the history when shown and after every status read.
type trendView struct {
	*trendPane
	status        *statusPart
	width, height int
}

func newTrendView(sh *common.Shared, status *statusPart) *trendView {
	return &trendView{trendPane: &trendPane{sh: sh}, status: status}
}

func (v *trendView) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case trendMsg:
		v.trendPane.update(msg)
	case statusMsg:
		if msg.id == v.status.id && msg.err == nil {
			return v.load() // nothing while closed
		}
	}
	return nil
}

// activate opens the trend on its first span, or keeps the span it was left on.
func (v *trendView) activate() tea.Cmd {
	if !v.open {
		v.open, v.span = true, 0
	}
	return v.load()
}

// deactivate closes it when another pane is shown: no history reads while hidden.
func (v *trendView) deactivate() { v.open = false }

// handleKey takes no keys of its own: the dashboard cycles the span (trendKey).
func (v *trendView) handleKey(tea.KeyMsg) (tea.Cmd, bool) { return nil, false }

func (v *trendView) setSize(w, h int) { v.width, v.height = w, h }

// view draws the trend in the pane's whole area, its title and header lines included.
func (v *trendView) view() string { return v.trendPane.view(v.width, v.height+2, v.status.current) }

func (v *trendView) helpKeys() []key.Binding {
	k := v.sh.Keys
	next := "90 days"
	if v.span+1 >= len(trendSpans) {
		next = "users"
	}
	return []key.Binding{
		common.Relabel(k.Trend, next),
		common.Relabel(k.Back, "users"),
	}
}

func (v *trendView) barKeys() []key.Binding { return v.helpKeys() }

func (v *trendView) capturing() bool { return false }

func (v *trendView) copyParts() []string { return nil }
