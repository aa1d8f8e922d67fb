package tui

import (
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client"
)

// helpText is the help bar and, after ?, the full help, as one line of words.
func helpText(h *harness) (bar, full string) {
	v := h.m.View()
	lines := strings.Split(v, "\n")
	bar = lines[len(lines)-1]
	h.keys(runes("?"))
	full = strings.Join(strings.Fields(h.m.View()), " ")
	h.keys(runes("?"))
	return bar, full
}

// ? and the help bar list only the keys that work on the screen shown.
func TestHelpListsOnlyKeysThatWorkHere(t *testing.T) {
	h := newHarness(t, testOptions(newFake()), 120, 40)
	bar, full := helpText(h)
	for _, gone := range []string{"↑/k", "tab", "esc back", "o sort"} {
		if strings.Contains(bar+full, gone) {
			t.Errorf("the Connect step offers %q, which does nothing there:\n%s\n%s", gone, bar, full)
		}
	}
	h.toDashboard()
	bar, full = helpText(h)
	for _, want := range []string{"s sync now", "enter details", "o sort", "O reverse", "g/home first", "G/end last", "pgdn page down", "tab next pane"} {
		if !strings.Contains(full, want) {
			t.Errorf("the users table's full help lacks %q:\n%s", want, full)
		}
	}
	h.keys(runes("d"))
	bar, full = helpText(h)
	for _, gone := range []string{"o sort", "enter details", "esc back", "O reverse"} {
		if strings.Contains(bar+" "+full, gone) {
			t.Errorf("the counted-twice view offers %q:\n%s\n%s", gone, bar, full)
		}
	}
	if !strings.Contains(bar, "esc users") {
		t.Errorf("the counted-twice view does not say esc goes back to the users: %s", bar)
	}
	h.keys(esc, runes("G"), enter)
	bar, full = helpText(h)
	if !strings.Contains(bar, "esc close") || strings.Contains(full, "s sync now") || strings.Contains(full, "/ filter") {
		t.Errorf("the detail's help:\n%s\n%s", bar, full)
	}
}

// Where Sync now can only happen in a browser the dashboard does not offer s.
func TestNoSyncKeyWithoutTheConsoleAPI(t *testing.T) {
	f := newFake()
	f.settingsErr = &client.Error{Kind: client.KindConsoleUnavailable, Status: 404}
	h := newHarness(t, testOptions(f), 120, 40)
	h.keys(enter, enter, enter, enter, enter)
	if h.m.step != stepDashboard {
		t.Fatalf("not on the dashboard:\n%s", h.m.View())
	}
	if bar, full := helpText(h); strings.Contains(bar+full, "sync now") {
		t.Fatalf("s offered where Sync now is a browser's:\n%s\n%s", bar, full)
	}
}
