package common

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
func (sh *Shared) fleetName(host string) string {
	for _, f := range sh.Opts.Fleet {
		if strings.EqualFold(f.Host, host) {
			return f.Name
		}
	}
	return ""
}

// FleetMark is what serverSync adds to a server the fleet lists: " [name]".
func (sh *Shared) FleetMark(host string) string {
	if name := sh.fleetName(host); name != "" {
		return " " + sh.Styles.Accent.Render("["+Clean(name)+"]")
	}
	return ""
}

// SwitchServer asks for the fleet's next server after the current one
// (Options.Current): the FleetConsole around this console replaces it.
func (sh *Shared) SwitchServer() tea.Cmd {
	fleet := sh.Opts.Fleet
	next := 0
	for i, f := range fleet {
		if strings.EqualFold(f.Name, sh.Opts.Current) {
			next = (i + 1) % len(fleet)
		}
	}
	sh.SwitchTo = fleet[next].Name
	return nil
}

// CanSwitch says whether there is another configured server to switch to.
func (sh *Shared) CanSwitch() bool { return len(sh.Opts.Fleet) > 1 }
