package tui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
)

// FleetServer is one server of the configured fleet (docs/CONFIG.md): the dashboard
// marks the cloud's servers that are configured here with their name, and the fleet
// key switches the console to the next one.
type FleetServer struct {
	Name string
	// Host is the name the cloud knows the server by (its hostname).
	Host string
}

// fleetName is the configured name of the server the cloud knows as host, or "".
func (sh *shared) fleetName(host string) string {
	for _, f := range sh.opts.Fleet {
		if strings.EqualFold(f.Host, host) {
			return f.Name
		}
	}
	return ""
}

// fleetMark is what serverSync adds to a server the fleet lists: " [name]".
func (sh *shared) fleetMark(host string) string {
	if name := sh.fleetName(host); name != "" {
		return " " + sh.styles.accent.Render("["+clean(name)+"]")
	}
	return ""
}

// switchServer quits the console asking for the fleet's next server after the
// current one (Options.Current); the command starts a console on it (SwitchTo).
func (sh *shared) switchServer() tea.Cmd {
	fleet := sh.opts.Fleet
	next := 0
	for i, f := range fleet {
		if strings.EqualFold(f.Name, sh.opts.Current) {
			next = (i + 1) % len(fleet)
		}
	}
	sh.switchTo = fleet[next].Name
	return tea.Quit
}

// canSwitch says whether there is another configured server to switch to.
func (sh *shared) canSwitch() bool { return len(sh.opts.Fleet) > 1 }

// SwitchTo is the fleet server the person asked to switch to when the console ended,
// or "" when it ended otherwise.
func (m *Model) SwitchTo() string { return m.sh.switchTo }
