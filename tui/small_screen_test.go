package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/licensesync/licensesync/tui/common"
)

// At 60×16 with several notes the summary compacts and folds the notes to one line
// with a count of the rest, so the users table keeps useful rows; n shows every note
// whole and folds them again.
func TestSmallScreenFoldsNotesAndKeepsRows(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.status.Gaps = []string{
		"Seats could not be read from the cloud because the token lacks read:enterprise; set GH_TOKEN to an owner's token.",
		"The cloud's license sync status is 3 days old.",
		"Server Statistics are not shared with the cloud.",
	}
	h := newHarness(t, testOptions(f), 60, 16)
	d := h.toDashboard()
	v := h.m.View()
	if d.users.table.height < 5 || !strings.Contains(v, "+2 more: n") || strings.Contains(v, "License enterprise") {
		t.Fatalf("not compact (%d rows):\n%s", d.users.table.height, v)
	}
	h.keys(runes("n"))
	v = h.m.View()
	for _, g := range f.status.Gaps[:2] {
		if !strings.Contains(strings.Join(strings.Fields(v), " "), g) {
			t.Errorf("n does not show %q whole:\n%s", g, v)
		}
	}
	h.keys(runes("n"))
	if v := h.m.View(); !strings.Contains(v, "+2 more: n") {
		t.Fatalf("n again does not fold them:\n%s", v)
	}
}

// A step screen taller than 60×16 gives up its opening lines, never its step count or
// the line that says what to press.
func TestSmallScreenStepsKeepStepCountAndPrompt(t *testing.T) {
	t.Parallel()
	want := []string{"All checks passed. Press enter", "Press enter to read the GitHub Connect settings.",
		"Press enter for the license sync setting.", "enter on the current"}
	h := newHarness(t, testOptions(newFake()), 60, 16)
	for i, w := range want {
		v := h.m.View()
		flat := strings.Join(strings.Fields(v), " ")
		if !strings.Contains(v, fmt.Sprintf("step %d of %d", i+1, common.WizardSteps)) || !strings.Contains(flat, w) {
			t.Errorf("step %d at 60×16 lacks its count or %q:\n%s", i+1, w, v)
		}
		h.keys(enter)
	}
}

// A toast cut to one line on a compact summary offers n to read it; n shows it whole
// instead of taking it down like any other key.
func TestNotesKeyShowsACutToastWhole(t *testing.T) {
	t.Parallel()
	opts := testOptions(newFake())
	opts.Output = &strings.Builder{}
	opts.Getenv = func(string) string { return "" }
	h := newHarness(t, opts, 60, 16)
	h.toDashboard()
	h.keys(runes("d"), runes("c"))
	fix := h.m.pages[common.StepDashboard].(*dashboardPage).twice.rec.r.Findings[0].Fix
	if v := h.m.View(); !strings.Contains(v, "Copied") || !strings.Contains(v, "n all notes") {
		t.Fatalf("the copy's toast is not cut with n offered:\n%s", v)
	}
	h.keys(runes("n"))
	// The screen is small: its top gives way, the toast's end is what was cut.
	if v := strings.Join(strings.Fields(h.m.View()), " "); !strings.Contains(v, fix[len(fix)-30:]+`": sent`) {
		t.Fatalf("n does not show the copied fix %q to its end:\n%s", fix, h.m.View())
	}
	h.keys(runes("j")) // any other key takes the toast down: no notes are left to fold
	if v := h.m.View(); strings.Contains(v, "fold notes") {
		t.Fatalf("the footer offers to fold notes that are gone:\n%s", v)
	}
}

// At 60 columns the GitHub Connect step wraps the cloud enterprise's address instead
// of cutting it: a cut address cannot be opened or copied from the screen.
func TestConnectedToAddressWrapsWhole(t *testing.T) {
	t.Parallel()
	h := newHarness(t, testOptions(newFake()), 60, 16)
	h.keys(enter, enter)
	if h.m.step != common.StepGitHubConnect {
		t.Fatalf("not at the GitHub Connect step:\n%s", h.m.View())
	}
	v := h.m.View()
	if !strings.Contains(strings.Join(strings.Fields(v), ""), "(https://github.com/enterprises/acme-cloud)") {
		t.Fatalf("the cloud's address is cut:\n%s", v)
	}
}

// At 60×16 the breakdown is taller than its room: its last line says how many more
// there are, and j scrolls down to the end, where what fixing would give is said.
func TestSmallBreakdownSaysWhatIsBelowAndScrolls(t *testing.T) {
	t.Parallel()
	f := newFake()
	withEveryFinding(f)
	h := newHarness(t, testOptions(f), 60, 16)
	d := h.toDashboard()
	h.keys(runes("b"))
	if v := h.m.View(); !strings.Contains(v, "more below: j/↓") {
		t.Fatalf("the breakdown is cut without saying so:\n%s", v)
	}
	for range d.breakdown.total {
		h.keys(runes("j"))
	}
	v := h.m.View()
	last := breakdownView{h.m.sh}.lines(d.breakdown.rec.r, false, 60)
	if strings.Contains(v, "more below") || !strings.Contains(v, "more above: k/↑") || !strings.Contains(v, last[len(last)-1]) {
		t.Fatalf("j does not reach the breakdown's end %q:\n%s", last[len(last)-1], v)
	}
	if d.active != slices.Index(d.panes, dashPane(d.breakdown)) {
		t.Fatal("j left the breakdown")
	}
}

// The note that says how the console came to open on the dashboard is cut on a small
// screen; n shows it whole instead of taking it down like any other key.
func TestNotesKeyShowsTheArrivalNoteWhole(t *testing.T) {
	t.Parallel()
	h := newHarness(t, testOptions(newFake()), 60, 16)
	d := h.toDashboard()
	d.sh.Session.Arrival = "License sync is already enabled, so the console opened on the dashboard; esc goes back to the setting."
	h.send(windowSize(60, 16)) // lay the summary out again with the note
	if v := h.m.View(); !strings.Contains(v, "n all notes") {
		t.Fatalf("the arrival note is not cut with n offered:\n%s", v)
	}
	h.keys(runes("n"))
	if v := strings.Join(strings.Fields(h.m.View()), " "); !strings.Contains(v, "esc goes back to the setting.") {
		t.Fatalf("n does not show the arrival note whole:\n%s", h.m.View())
	}
}

// A fix that needs three lines gets them (the kind's general rule gives way) rather
// than being cut: at 60×16 the lookalike's fix ends "Else nothing to do.", which is the
// answer when the two are different people.
func TestCountedTwiceFixIsNotCut(t *testing.T) {
	t.Parallel()
	h := newHarness(t, testOptions(newFake()), 60, 16)
	h.toDashboard()
	h.keys(runes("d"))
	v := h.m.View()
	if !strings.Contains(v, "primary; then sync. Else nothing to do.") || strings.Contains(v, "Rule ") {
		t.Fatalf("the fix is cut:\n%s", v)
	}
	if n := strings.Count(v, "\n") + 1; n != 16 {
		t.Fatalf("%d lines for 16", n)
	}
}
