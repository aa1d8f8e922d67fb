package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/tui/common"
)

// dashboardWith returns a dashboard at 80×24 holding n users, ready to draw.
func dashboardWith(tb testing.TB, n int) *Model {
	f := newFake()
	m := New(testOptions(f))
	m.Update(windowSize(80, 24))
	m.goTo(common.StepDashboard)
	d := m.pages[common.StepDashboard].(*dashboardPage)
	rows := make([]userRow, n)
	for i := range rows {
		rows[i] = newUserRow(client.ConsumedUser{GithubComLogin: fmt.Sprintf("user%06d", i), GithubComUser: yes(),
			EnterpriseServerEmails: []string{fmt.Sprintf("user%06d@acme.test", i)}})
	}
	d.status.current = &f.status
	d.users.loaded = true
	d.users.table.setRows(rows)
	m.layout()
	return m
}

func TestHugeTableDrawsOnlyVisibleRows(t *testing.T) {
	t.Parallel()
	m := dashboardWith(t, 100_000)
	v := m.View()
	if lipgloss.Height(v) != 24 || !strings.Contains(v, "of 100,000") {
		t.Fatalf("bad view:\n%s", v)
	}
	d := m.pages[common.StepDashboard].(*dashboardPage)
	d.users.table.setFilter("user09999")
	if got := len(d.users.table.shown); got != 10 {
		t.Fatalf("filter kept %d rows", got)
	}
}

func TestFullHelpFitsTheScreen(t *testing.T) {
	t.Parallel()
	h := newHarness(t, testOptions(newFake()), 80, 24)
	h.toDashboard()
	h.keys(runes("?"))
	v := h.m.View()
	if lipgloss.Height(v) != 24 || !strings.Contains(v, "ctrl+c") {
		t.Fatalf("full help does not fit (%d lines):\n%s", lipgloss.Height(v), v)
	}
	for _, once := range []string{"r refresh", "enter details", "esc back", "G/end last"} {
		if n := strings.Count(strings.Join(strings.Fields(v), " "), once); n != 1 {
			t.Fatalf("%q shown %d times in the full help:\n%s", once, n, v)
		}
	}
}

// BenchmarkDashboardView shows that drawing costs the same for 1,000 and 100,000 users.
func BenchmarkDashboardView(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		m := dashboardWith(b, n)
		b.Run(fmt.Sprintf("users=%d", n), func(b *testing.B) {
			for b.Loop() {
				_ = m.View()
			}
		})
	}
}
