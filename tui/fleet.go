package tui

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/tui/common"
)

// FleetConsole is a console that changes server in place: when the fleet key asks for
// another server, Open builds that server's console, which replaces the current one in
// the same terminal at the same size; the old one's requests are cancelled. A session
// (local or over serve --ssh) never ends to switch. When Open fails, the current
// console stays and says why.
type FleetConsole struct {
	current *Model
	open    func(name string) (*Model, error)
	size    tea.WindowSizeMsg
}

// NewFleetConsole wraps first; open builds the console of a fleet server by name.
func NewFleetConsole(first *Model, open func(name string) (*Model, error)) *FleetConsole {
	return &FleetConsole{current: first, open: open}
}

func (f *FleetConsole) Init() tea.Cmd { return f.current.Init() }

func (f *FleetConsole) View() string { return f.current.View() }

func (f *FleetConsole) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		f.size = ws
	}
	_, cmd := f.current.Update(msg)
	name := f.current.sh.SwitchTo
	if name == "" {
		return f, cmd
	}
	f.current.sh.SwitchTo = ""
	next, err := f.open(name)
	if err != nil {
		f.current.sh.Session.Arrival = "Could not switch to " + common.Clean(name) + ": " + common.Reason(err)
		return f, cmd
	}
	f.current.sh.Stop()
	f.current = next
	size := f.size
	return f, tea.Batch(cmd, next.Init(), func() tea.Msg { return size })
}
