package tui

import (
	"fmt"
	"strings"
	"testing"
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
		if !strings.Contains(v, fmt.Sprintf("step %d of %d", i+1, wizardSteps)) || !strings.Contains(flat, w) {
			t.Errorf("step %d at 60×16 lacks its count or %q:\n%s", i+1, w, v)
		}
		h.keys(enter)
	}
}
