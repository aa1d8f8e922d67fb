package tui

import (
	"strings"
	"testing"

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
// counts in a breakdown of the whole cloud enterprise, so their lines name the server.
func TestBreakdownLabelsTheLeversAsThisServers(t *testing.T) {
	sh := &common.Shared{Keys: common.DefaultKeyMap(), Styles: common.NewStyles(asciiRenderer(), common.DefaultTheme())}
	n := 74
	r := &seats.Reconcile{Consumed: 1200, Purchased: 3000, Suspended: &n, LeversServer: "ghes.acme.test"}
	got := strings.Join(breakdownView{sh}.lines(r, false, 100), "\n")
	for _, want := range []string{"suspended on ghes.acme.test      74", "Dormant users on ghes.acme.test: unknown"} {
		if !strings.Contains(got, want) {
			t.Errorf("want %q:\n%s", want, got)
		}
	}
}
