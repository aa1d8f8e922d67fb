package tui

import (
	"errors"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/status"
)

func fleetShared(current string) *shared {
	opts := testOptions(newFake())
	opts.Fleet = []FleetServer{{"prod", "ghes.acme.test"}, {"dr", "ghes-dr.acme.test"}, {"stage", "ghes-stage.acme.test"}}
	opts.Current = current
	return &shared{opts: opts, keys: DefaultKeyMap(), backend: opts.Backend, now: opts.Now, styles: newStyles(asciiRenderer(), DefaultTheme())}
}

func TestFleetKeyAsksForTheNextConfiguredServer(t *testing.T) {
	t.Parallel()
	for current, want := range map[string]string{"prod": "dr", "dr": "stage", "stage": "prod", "": "prod"} {
		sh := fleetShared(current)
		p := newDashboardPage(sh)
		if _, handled := p.handleKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("f")}); !handled || sh.switchTo != want {
			t.Fatalf("from %q: switch to %q, want %q", current, sh.switchTo, want)
		}
	}
}

// The fleet console replaces its console with the one Open builds, at the same size,
// and cancels the old one's requests; when Open fails, the console stays and says why.
func TestFleetConsoleSwitchesInPlace(t *testing.T) {
	t.Parallel()
	opts := testOptions(newFake())
	opts.Fleet = []FleetServer{{"prod", "ghes.acme.test"}, {"dr", "ghes-dr.acme.test"}}
	opts.Current = "prod"
	first := New(opts)
	var opened []string
	fail := false
	f := NewFleetConsole(first, func(name string) (*Model, error) {
		opened = append(opened, name)
		if fail {
			return nil, errors.New("no token for ghes-dr.acme.test")
		}
		next := opts
		next.Current = name
		return New(next), nil
	})
	f.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	first.step = stepDashboard // as after the wizard's look ahead

	fail = true
	f.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("f")})
	if f.current != first || first.sh.ctx.Err() != nil || !strings.Contains(first.sh.session.arrival, "Could not switch to dr: no token") {
		t.Fatalf("a failed switch: current replaced %v, arrival %q", f.current != first, first.sh.session.arrival)
	}

	fail = false
	_, cmd := f.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("f")})
	if f.current == first || f.current.sh.opts.Current != "dr" || first.sh.ctx.Err() == nil || cmd == nil {
		t.Fatalf("switch: opened %v, current %q, old cancelled %v", opened, f.current.sh.opts.Current, first.sh.ctx.Err() != nil)
	}
	f.Update(tea.WindowSizeMsg{Width: 80, Height: 24}) // what the returned command delivers
	if !strings.Contains(f.View(), "Connect") || f.current.width != 80 {
		t.Fatalf("the new console does not show:\n%s", f.View())
	}
}

func TestFleetKeyDoesNothingWithOneServer(t *testing.T) {
	t.Parallel()
	sh := fleetShared("prod")
	sh.opts.Fleet = sh.opts.Fleet[:1]
	if _, handled := newDashboardPage(sh).handleKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("f")}); handled || sh.switchTo != "" {
		t.Fatal("one server: the fleet key switched")
	}
}

func TestTheCloudsServersConfiguredHereAreMarked(t *testing.T) {
	t.Parallel()
	p := newDashboardPage(fleetShared("prod"))
	got := p.serverSync(status.CloudServerSync{Hostname: "GHES-DR.acme.test", LastSync: client.LastSync{Status: "failure"}})
	if !strings.Contains(got, "GHES-DR.acme.test [dr]: ") {
		t.Fatalf("%q", got)
	}
	if got := p.serverSync(status.CloudServerSync{Hostname: "elsewhere.test", LastSync: client.LastSync{Status: "success"}}); strings.Contains(got, "[") {
		t.Fatalf("an unconfigured server is marked: %q", got)
	}
}
