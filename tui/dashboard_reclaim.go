package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/tui/common"
	"github.com/licensesync/licensesync/tui/reclaim"
)

// reclaimView puts the reclaim pane (tui/reclaim) among the dashboard's panes: opened
// with r from the breakdown, it plans on its first showing and keeps its plan, or its
// run, while other panes are shown.
type reclaimView struct {
	*reclaim.Pane
	width, height int
}

func newReclaimView(sh *common.Shared) *reclaimView { return &reclaimView{Pane: reclaim.New(sh)} }

func (v *reclaimView) update(msg tea.Msg) tea.Cmd {
	cmd, _ := v.Pane.Update(msg)
	return cmd
}

func (v *reclaimView) activate() tea.Cmd                        { return v.Open() }
func (v *reclaimView) handleKey(msg tea.KeyMsg) (tea.Cmd, bool) { return v.HandleKey(msg) }
func (v *reclaimView) setSize(w, h int)                         { v.width, v.height = w, h }
func (v *reclaimView) view() string                             { return v.View(v.width, v.height+1) }
func (v *reclaimView) helpKeys() []key.Binding                  { return v.HelpKeys() }
func (v *reclaimView) capturing() bool                          { return v.Capturing() }
func (v *reclaimView) copyParts() []string                      { return nil }

func (v *reclaimView) barKeys() []key.Binding {
	keys := v.HelpKeys()
	return keys[:min(len(keys), 5)]
}
