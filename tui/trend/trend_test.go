package trend

import (
	"io"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/licensesync/licensesync/client/status"
	"github.com/licensesync/licensesync/history"
	"github.com/licensesync/licensesync/tui/common"
	"github.com/muesli/termenv"
)

func intp(v int) *int { return &v }

func TestObservedSyncsSayConsumedBeforeAndAfter(t *testing.T) {
	t.Parallel()
	s := func(at time.Time, consumed int, date string) history.Sample {
		return history.Sample{At: at, Until: at, Source: history.SourceObserved, Server: "a", CloudConsumed: intp(consumed),
			Syncs: []history.SyncPoint{{Server: "a", Date: date, Status: "success"}, {Server: "b", Date: at.String(), Status: "failure"}}}
	}
	got := observedSyncs([]history.Sample{s(testNow, 10, "d1"), s(testNow.Add(time.Hour), 10, "d1"), s(testNow.Add(2*time.Hour), 25, "d2")}, "a")
	if len(got) != 2 || got[0].date != "d2" || *got[0].before != 10 || *got[0].after != 25 || got[1].before != nil {
		t.Fatalf("%+v", got)
	}
}

// Without colour (NO_COLOR) the chart's cells over the purchased line and the line
// itself are the same one cell each: the symbols that mark warnings and failures in
// text (⚠, ✗) would push every column out of line and wrap the row.
func TestChartWithoutColourKeepsItsColumns(t *testing.T) {
	t.Parallel()
	sh := &common.Shared{Keys: common.DefaultKeyMap(), Styles: common.NewStyles(asciiRenderer(), common.MonoTheme())}
	p := Pane{sh: sh}
	values := []float64{math.NaN(), 3000, 3200, 3340}
	limit := []float64{math.NaN(), 3300, 3300, 3300}
	for i, row := range p.chartRows(values, limit, 2990, 3340, 5) {
		if w := ansi.StringWidth(row); w != len(values) || strings.ContainsAny(row, "✗⚠") {
			t.Errorf("row %d is %d cells for %d columns: %q", i, w, len(values), row)
		}
	}
}

// TestTrendWithOneCloudReading: a fresh console has one reading of the cloud. The legend's
// purchased line is drawn across the chart, and the header says no change "since last
// sync" that contradicts the sync's own "consumed 1,800 → 3,340": with a reading before
// the sync it counts from there, and without one it says nothing.
func TestTrendWithOneCloudReading(t *testing.T) {
	sync := []history.SyncPoint{{Server: "ghes.acme.test", Date: testNow.Add(-time.Hour).Format(time.RFC3339), Status: "success"}}
	reading := func(at time.Time, consumed int, syncs []history.SyncPoint) history.Sample {
		return history.Sample{At: at, Until: at, Source: history.SourceObserved, Server: "ghes.acme.test",
			CloudConsumed: intp(consumed), CloudPurchased: intp(3000), Syncs: syncs}
	}
	for _, tc := range []struct {
		name     string
		samples  []history.Sample
		want     string
		wantNone bool
	}{
		{"one reading", []history.Sample{reading(testNow, 3340, sync)}, "", true},
		{"a reading before the sync", []history.Sample{reading(testNow.Add(-2*time.Hour), 1800, nil), reading(testNow, 3340, sync)},
			"+1,540 since before the last sync", false},
	} {
		sh := &common.Shared{Now: func() time.Time { return testNow }, Keys: common.DefaultKeyMap(), Styles: common.NewStyles(asciiRenderer(), common.DefaultTheme())}
		p := Pane{sh: sh, open: true, samples: tc.samples}
		st := status.Status{Server: status.ServerStatus{Hostname: "ghes.acme.test"}}
		view := p.View(80, 16, &st)
		if strings.Count(view, "─") < 40 {
			t.Errorf("%s: no purchased line across the chart:\n%s", tc.name, view)
		}
		if strings.Contains(view, "+0 since") || tc.wantNone && strings.Contains(view, "since") || !strings.Contains(view, tc.want) {
			t.Errorf("%s: want %q in the header:\n%s", tc.name, tc.want, view)
		}
	}
}

// testNow is the clock of the pane under test.
var testNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// asciiRenderer draws without colour, as the tests compare plain text.
func asciiRenderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	r.SetHasDarkBackground(true)
	return r
}
