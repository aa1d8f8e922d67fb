package tui

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"
	"github.com/licensesync/licensesync/history"
	"github.com/licensesync/licensesync/tui/common"
)

func intp(v int) *int { return &v }

// syntheticHistory is 60 days of one server: Server Statistics daily points of seats
// used (2,300 → 2,412), a reading of the cloud every day (consumed 2,700 → 2,950 of
// 3,000 purchased), a weekly sync, the latest one two hours before testNow.
func syntheticHistory(_ context.Context, since time.Time) ([]history.Sample, error) {
	var out []history.Sample
	lastSync := testNow.Add(-2 * time.Hour)
	for d := 59; d >= 0; d-- {
		at := testNow.AddDate(0, 0, -d)
		stat := at.Truncate(24 * time.Hour).Add(-time.Second)
		out = append(out, history.Sample{At: stat, Until: stat, Source: history.SourceServerStatistics, Daily: true,
			Server: "ghes.acme.test", ServerSeatsUsed: intp(2300 + (59-d)*112/59)})
		syncAt := lastSync.AddDate(0, 0, -7*(d/7))
		status := "success"
		if d/7 == 3 {
			status = "failure"
		}
		consumed := 2700 + (59-d)*250/59
		out = append(out, history.Sample{At: at.Add(-time.Hour), Until: at.Add(-time.Hour), Source: history.SourceObserved,
			Server: "ghes.acme.test", ServerSeatsUsed: intp(2300 + (59-d)*112/59), ServerSeatsTotal: intp(3000),
			CloudConsumed: intp(consumed), CloudPurchased: intp(3000),
			Syncs: []history.SyncPoint{{Server: "ghes.acme.test", Date: syncAt.Format(time.RFC3339), Status: status}}})
	}
	var kept []history.Sample
	for _, s := range out {
		if !s.Until.Before(since) {
			kept = append(kept, s)
		}
	}
	return kept, nil
}

func TestTrendPaneCyclesAndReadsTheHistory(t *testing.T) {
	t.Parallel()
	opts := testOptions(newFake())
	opts.History = syntheticHistory
	sh := &common.Shared{Opts: opts, Now: opts.Now, Keys: common.DefaultKeyMap(), Ctx: context.Background(), Styles: common.NewStyles(asciiRenderer(), common.DefaultTheme())}
	p := trendPane{sh: sh}
	for i, want := range []struct {
		open bool
		days int
	}{{true, 30}, {true, 90}, {false, 0}} {
		cmd := p.toggle()
		if p.open != want.open || (p.open && int(trendSpans[p.span].Hours()/24) != want.days) || (cmd != nil) != want.open {
			t.Fatalf("press %d: open %v span %d", i+1, p.open, p.span)
		}
		if cmd != nil {
			p.update(cmd().(trendMsg))
		}
	}
	p.toggle()
	p.update(p.load()().(trendMsg))
	st := newFake().status
	view := p.view(80, 14, &st)
	for _, want := range []string{"Cloud   2,950 consumed · 3,000 purchased", "+30 since before the last sync", "Outlook reaches purchased ≈ 2026-12-",
		"estimate: +4.2/day", "Syncs   2026-11-24 10:00 success · consumed", "2026-11-03 10:00 failure"} {
		if !strings.Contains(view, want) {
			t.Errorf("the trend lacks %q:\n%s", want, view)
		}
	}
	if n := strings.Count(view, "\n") + 1; n > 14 {
		t.Errorf("%d lines for 14", n)
	}
}

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

func TestTrendKeyIsAbsentWithoutAHistory(t *testing.T) {
	t.Parallel()
	opts := testOptions(newFake())
	sh := &common.Shared{Opts: opts, Backend: opts.Backend, Keys: common.DefaultKeyMap()}
	p := trendPane{sh: sh}
	if p.available() || p.load() != nil {
		t.Fatal("a console without a history offers the trend")
	}
	if keys := newDashboardPage(sh).HelpKeys(); slices.ContainsFunc(keys, func(k key.Binding) bool { return k.Help().Desc == "trend" }) {
		t.Fatal("the help offers the trend key without a history")
	}
}

// Without colour (NO_COLOR) the chart's cells over the purchased line and the line
// itself are the same one cell each: the symbols that mark warnings and failures in
// text (⚠, ✗) would push every column out of line and wrap the row.
func TestChartWithoutColourKeepsItsColumns(t *testing.T) {
	t.Parallel()
	sh := &common.Shared{Keys: common.DefaultKeyMap(), Styles: common.NewStyles(asciiRenderer(), common.MonoTheme())}
	p := trendPane{sh: sh}
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
		opts := testOptions(newFake())
		sh := &common.Shared{Opts: opts, Now: opts.Now, Keys: common.DefaultKeyMap(), Styles: common.NewStyles(asciiRenderer(), common.DefaultTheme())}
		p := trendPane{sh: sh, open: true, samples: tc.samples}
		st := newFake().status
		view := p.view(80, 16, &st)
		if strings.Count(view, "─") < 40 {
			t.Errorf("%s: no purchased line across the chart:\n%s", tc.name, view)
		}
		if strings.Contains(view, "+0 since") || tc.wantNone && strings.Contains(view, "since") || !strings.Contains(view, tc.want) {
			t.Errorf("%s: want %q in the header:\n%s", tc.name, tc.want, view)
		}
	}
}
