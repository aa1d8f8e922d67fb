package tui

import (
	"strings"
	"testing"
)

// TestHelpBarKeepsTheKeysThatMatter: on a narrow screen (60 columns) and in the
// 120-column two-column layout, where the headline's "b: why" gives way, the help bar
// still offers why the cloud is over, and a pane still says how to get back to the
// users; no key is offered twice; ? still lists every key.
func TestHelpBarKeepsTheKeysThatMatter(t *testing.T) {
	for _, size := range [][2]int{{60, 16}, {120, 40}} {
		f := newFake()
		withEveryFinding(f) // 3,040 consumed of 3,000 purchased
		h := newHarness(t, testOptions(f), size[0], size[1])
		h.toDashboard()
		footer := func() string { v := h.m.View(); return v[strings.LastIndex(v, "\n")+1:] }
		if got := footer(); !strings.Contains(got, "b why over") {
			t.Errorf("%v: users: no b in the help bar: %q", size, got)
		}
		h.keys(runes("b"))
		got := footer()
		if !strings.Contains(got, "esc users") || strings.Count(got, "counted twice") > 1 {
			t.Errorf("%v: breakdown: want esc users, each key once: %q", size, got)
		}
		h.keys(runes("?"))
		for _, want := range []string{"esc users", "e export", "/ filter", "r refresh"} {
			if !strings.Contains(strings.Join(strings.Fields(h.m.View()), " "), want) {
				t.Errorf("%v: ? lacks %q:\n%s", size, want, h.m.View())
			}
		}
	}
}
