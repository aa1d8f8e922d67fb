package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/client"
)

func fleetShared(current string) *shared {
	opts := testOptions(newFake())
	opts.Fleet = []FleetServer{{"prod", "ghes.acme.test"}, {"dr", "ghes-dr.acme.test"}, {"stage", "ghes-stage.acme.test"}}
	opts.Current = current
	return &shared{opts: opts, keys: DefaultKeyMap(), backend: opts.Backend, now: opts.Now, styles: newStyles(asciiRenderer(), DefaultTheme())}
}

func TestFleetKeySwitchesToTheNextConfiguredServer(t *testing.T) {
	for current, want := range map[string]string{"prod": "dr", "dr": "stage", "stage": "prod", "": "prod"} {
		sh := fleetShared(current)
		p := newDashboardPage(sh)
		cmd, handled := p.handleKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("f")})
		if !handled || cmd == nil || sh.switchTo != want {
			t.Fatalf("from %q: switch to %q, want %q", current, sh.switchTo, want)
		}
		if _, quits := cmd().(tea.QuitMsg); !quits {
			t.Fatalf("from %q: the console does not end to switch", current)
		}
	}
}

func TestFleetKeyDoesNothingWithOneServer(t *testing.T) {
	sh := fleetShared("prod")
	sh.opts.Fleet = sh.opts.Fleet[:1]
	if _, handled := newDashboardPage(sh).handleKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("f")}); handled || sh.switchTo != "" {
		t.Fatal("one server: the fleet key switched")
	}
}

func TestTheCloudsServersConfiguredHereAreMarked(t *testing.T) {
	p := newDashboardPage(fleetShared("prod"))
	got := p.serverSync(client.CloudServerSync{Hostname: "GHES-DR.acme.test", LastSync: client.LastSync{Status: "failure"}})
	if !strings.Contains(got, "GHES-DR.acme.test [dr]: failure") {
		t.Fatalf("%q", got)
	}
	if got := p.serverSync(client.CloudServerSync{Hostname: "elsewhere.test", LastSync: client.LastSync{Status: "success"}}); strings.Contains(got, "[") {
		t.Fatalf("an unconfigured server is marked: %q", got)
	}
}
