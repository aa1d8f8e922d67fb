package tui

import (
	"errors"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/status"
	"github.com/licensesync/licensesync/tui/common"
)

func fleetShared(current string) *common.Shared {
	opts := testOptions(newFake())
	opts.Fleet = []common.FleetServer{{Name: "prod", Host: "ghes.acme.test"}, {Name: "dr", Host: "ghes-dr.acme.test"}, {Name: "stage", Host: "ghes-stage.acme.test"}}
	opts.Current = current
	return &common.Shared{Opts: opts, Keys: common.DefaultKeyMap(), Backend: opts.Backend, Now: opts.Now, Styles: common.NewStyles(asciiRenderer(), common.DefaultTheme())}
}

func TestFleetKeyAsksForTheNextConfiguredServer(t *testing.T) {
	t.Parallel()
	for current, want := range map[string]string{"prod": "dr", "dr": "stage", "stage": "prod", "": "prod"} {
		sh := fleetShared(current)
		p := newDashboardPage(sh)
		if _, handled := p.HandleKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("f")}); !handled || sh.SwitchTo != want {
			t.Fatalf("from %q: switch to %q, want %q", current, sh.SwitchTo, want)
		}
	}
}

// The fleet console replaces its console with the one Open builds, at the same size,
// and cancels the old one's requests; when Open fails, the console stays and says why.
func TestFleetConsoleSwitchesInPlace(t *testing.T) {
	t.Parallel()
	opts := testOptions(newFake())
	opts.Fleet = []common.FleetServer{{Name: "prod", Host: "ghes.acme.test"}, {Name: "dr", Host: "ghes-dr.acme.test"}}
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
	first.step = common.StepDashboard // as after the wizard's look ahead

	fail = true
	f.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("f")})
	if f.current != first || first.sh.Ctx.Err() != nil || !strings.Contains(first.sh.Session.Arrival, "Could not switch to dr: no token") {
		t.Fatalf("a failed switch: current replaced %v, arrival %q", f.current != first, first.sh.Session.Arrival)
	}

	fail = false
	_, cmd := f.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("f")})
	if f.current == first || f.current.sh.Opts.Current != "dr" || first.sh.Ctx.Err() == nil || cmd == nil {
		t.Fatalf("switch: opened %v, current %q, old cancelled %v", opened, f.current.sh.Opts.Current, first.sh.Ctx.Err() != nil)
	}
	f.Update(tea.WindowSizeMsg{Width: 80, Height: 24}) // what the returned command delivers
	if !strings.Contains(f.View(), "Connect") || f.current.width != 80 {
		t.Fatalf("the new console does not show:\n%s", f.View())
	}
}

func TestFleetKeyDoesNothingWithOneServer(t *testing.T) {
	t.Parallel()
	sh := fleetShared("prod")
	sh.Opts.Fleet = sh.Opts.Fleet[:1]
	if _, handled := newDashboardPage(sh).HandleKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("f")}); handled || sh.SwitchTo != "" {
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
