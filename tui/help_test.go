package tui

import (
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/tui/common"
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
	t.Parallel()
	h := newHarness(t, testOptions(newFake()), 120, 40)
	bar, full := helpText(h)
	for _, gone := range []string{"↑/k", "tab", "esc back", "o sort"} {
		if strings.Contains(bar+full, gone) {
			t.Errorf("the Connect step offers %q, which does nothing there:\n%s\n%s", gone, bar, full)
		}
	}
	h.toDashboard()
	_, full = helpText(h)
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
	t.Parallel()
	f := newFake()
	f.settingsErr = &client.Error{Kind: client.KindConsoleUnavailable, Status: 404}
	h := newHarness(t, testOptions(f), 120, 40)
	h.keys(enter, enter, enter, enter, enter)
	if h.m.step != common.StepDashboard {
		t.Fatalf("not on the dashboard:\n%s", h.m.View())
	}
	if bar, full := helpText(h); strings.Contains(bar+full, "sync now") {
		t.Fatalf("s offered where Sync now is a browser's:\n%s\n%s", bar, full)
	}
}

// A stock appliance the cloud confirms opens on the dashboard, which says license sync
// is on without a warning, and where Sync now is instead of offering s.
func TestStockApplianceOpensQuietlyOnTheDashboard(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.settingsErr = &client.Error{Kind: client.KindConsoleUnavailable, Status: 404}
	f.status.Connect.LicenseSync = client.FeatureUnknown
	f.status.Gaps = []string{"This appliance does not report GitHub Connect (no console API): open it in a browser."}
	h := newHarness(t, testOptions(f), 80, 24)
	if h.m.step != common.StepDashboard {
		t.Fatalf("the cloud confirms a sync 2h ago, yet the console is at step %d:\n%s", h.m.step, h.m.View())
	}
	if v := h.m.View(); !strings.Contains(v, "→ Verified: the cloud shows ghes.acme.test synced 2h ago.") {
		t.Errorf("the dashboard does not say why it opened:\n%s", v)
	}
	h.keys(runes("j")) // the arrival note goes at the first key
	v := h.m.View()
	flat := strings.Join(strings.Fields(v), " ")
	for _, want := range []string{"Enabled, the cloud confirms · synced 2h ago", "Sync now is in a browser on this appliance: https://ghes.acme.test/enterprises/acme/settings/license → Sync now."} {
		if !strings.Contains(flat, want) {
			t.Errorf("lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "! This appliance") || strings.Contains(v, "s sync now") {
		t.Errorf("good news marked as a warning, or s offered:\n%s", v)
	}
}

// Without the cloud's word the stock appliance walks the steps as before.
func TestStockApplianceUnconfirmedWalksTheSteps(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.settingsErr = &client.Error{Kind: client.KindConsoleUnavailable, Status: 404}
	f.syncSt.ServerInstances = nil
	h := newHarness(t, testOptions(f), 80, 24)
	if h.m.step != common.StepConnect {
		t.Fatalf("opened at step %d without the cloud confirming:\n%s", h.m.step, h.m.View())
	}
}

// s on a stock appliance says where Sync now is, as news rather than as an error.
func TestSyncKeyOnStockSaysWhere(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.settingsErr = &client.Error{Kind: client.KindConsoleUnavailable, Status: 404}
	h := newHarness(t, testOptions(f), 120, 40)
	h.keys(runes("j"), runes("s"))
	v := h.m.View()
	if strings.Contains(v, "✗") || strings.Count(v, "Sync now is in a browser on this appliance") != 1 || f.starts != 0 {
		t.Fatalf("s on a stock appliance (%d starts):\n%s", f.starts, v)
	}
}

// esc with the full help open closes the help and stays on the screen under it: on
// the dashboard it used to go back to the wizard's last step with the help still open.
func TestEscClosesTheFullHelpFirst(t *testing.T) {
	t.Parallel()
	h := newHarness(t, testOptions(newFake()), 80, 24)
	h.toDashboard()
	h.keys(runes("?"), esc)
	if h.m.step != common.StepDashboard || h.m.help.ShowAll {
		t.Fatalf("esc on the full help: step %v, help open %v:\n%s", h.m.step, h.m.help.ShowAll, h.m.View())
	}
	h.keys(esc)
	if h.m.step == common.StepDashboard {
		t.Fatalf("esc with the help closed no longer goes back:\n%s", h.m.View())
	}
}

// stubReclaimer is a Reclaimer that is never asked: only its presence matters.
type stubReclaimer struct{ common.Reclaimer }

// TestBreakdownHelpSaysRGivesSeatsBack: with reclaim, r on the breakdown opens it, and
// the full help says so once, not also "r refresh".
func TestBreakdownHelpSaysRGivesSeatsBack(t *testing.T) {
	t.Parallel()
	opts := testOptions(newFake())
	opts.Reclaim = stubReclaimer{}
	h := newHarness(t, opts, 120, 40)
	h.toDashboard()
	h.keys(runes("b"))
	_, full := helpText(h)
	if !strings.Contains(full, "r give seats back") || strings.Contains(full, "r refresh") {
		t.Errorf("the breakdown's full help should list r once, as give seats back:\n%s", full)
	}
}
