package tui

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/tui/common"
)

// TestBreakdownShowsClientWordsAsWritten: the client writes its counts with thousands
// separators (status.Thousands), so the breakdown shows its sentences as they are; a
// year or an ID in a note stays a year, not "2,026".
func TestBreakdownShowsClientWordsAsWritten(t *testing.T) {
	sh := &common.Shared{Keys: common.DefaultKeyMap(), Styles: common.NewStyles(asciiRenderer(), common.DefaultTheme())}
	r := &seats.Reconcile{Consumed: 1200, Purchased: 3000, Note: "Counted since March 2026 by request 48213."}
	got := strings.Join(breakdownView{sh}.lines(r, false, 100), "\n")
	if !strings.Contains(got, "March 2026 by request 48213") {
		t.Fatalf("the note was rewritten:\n%s", got)
	}
}

// TestBreakdownLabelsTheLeversAsThisServers: suspended and dormant are this server's
// counts in a breakdown of the whole cloud enterprise, so a heading names the server;
// their rows keep the column and read whole at 80 columns (a long server name once
// pushed the numbers out of line and cut the meaning).
func TestBreakdownLabelsTheLeversAsThisServers(t *testing.T) {
	sh := &common.Shared{Keys: common.DefaultKeyMap(), Styles: common.NewStyles(asciiRenderer(), common.DefaultTheme())}
	n := 74
	r := &seats.Reconcile{Consumed: 1200, Purchased: 3000, Suspended: &n, LeversServer: "ghes.acme.test"}
	got := strings.Join(breakdownView{sh}.lines(r, false, 100), "\n")
	for _, want := range []string{"  on ghes.acme.test:\n  suspended            74  server users suspended", "Dormant users on ghes.acme.test: unknown"} {
		if !strings.Contains(got, want) {
			t.Errorf("want %q:\n%s", want, got)
		}
	}
	d := 309
	r = &seats.Reconcile{Consumed: 1800, Purchased: 3300, Suspended: &n, Dormant: &d, LeversServer: "ghes-replica-eu-west.acme-corporation.test"}
	narrow := breakdownView{sh}.lines(r, false, 80)
	for _, l := range narrow {
		if strings.Contains(l, "…") || ansi.StringWidth(l) > 80 {
			t.Errorf("a row cut or too wide at 80 columns: %q", l)
		}
	}
	lines := strings.Join(narrow, "\n")
	for _, want := range []string{"  suspended            74  ", "  dormant             309  ", "ghes-replica-eu-west.acme-corporation.test:"} {
		if !strings.Contains(lines, want) {
			t.Errorf("want %q at 80 columns:\n%s", want, lines)
		}
	}
}

// TestBreakdownBarHoldsHugeCounts: counts near 2^63 (a peer may send them) draw a bar
// of the usual width; cells·purchased would overflow and panic in strings.Repeat.
func TestBreakdownBarHoldsHugeCounts(t *testing.T) {
	sh := &common.Shared{Keys: common.DefaultKeyMap(), Styles: common.NewStyles(asciiRenderer(), common.DefaultTheme())}
	for _, r := range []*seats.Reconcile{
		{Consumed: math.MaxInt, Purchased: 3 << 60, Over: math.MaxInt - 3<<60},
		{Consumed: 3 << 60, Purchased: math.MaxInt, Free: math.MaxInt - 3<<60},
		{Consumed: -5, Purchased: -7},
	} {
		bar := breakdownView{sh}.bar(r, 80)
		if inner := bar[strings.Index(bar, "[")+1 : strings.Index(bar, "]")]; utf8.RuneCountInString(inner) != 57 {
			t.Errorf("consumed %d of %d: the bar is %d cells, want 56 and the mark: %q", r.Consumed, r.Purchased, utf8.RuneCountInString(inner), bar)
		}
	}
}
