package tui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/licensesync/licensesync/history"
	"github.com/licensesync/licensesync/tui/common"
	"github.com/licensesync/licensesync/tui/trend"
)

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
			Server: "ghes.acme.test", ServerSeatsUsed: ptr(2300 + (59-d)*112/59)})
		syncAt := lastSync.AddDate(0, 0, -7*(d/7))
		status := "success"
		if d/7 == 3 {
			status = "failure"
		}
		consumed := 2700 + (59-d)*250/59
		out = append(out, history.Sample{At: at.Add(-time.Hour), Until: at.Add(-time.Hour), Source: history.SourceObserved,
			Server: "ghes.acme.test", ServerSeatsUsed: ptr(2300 + (59-d)*112/59), ServerSeatsTotal: ptr(3000),
			CloudConsumed: ptr(consumed), CloudPurchased: ptr(3000),
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
	p := trend.New(sh)
	st := newFake().status
	for i, want := range []struct {
		open  bool
		title string
	}{{true, "last 30 days"}, {true, "last 90 days"}, {false, ""}} {
		cmd := p.Toggle()
		if p.IsOpen() != want.open || (cmd != nil) != want.open {
			t.Fatalf("press %d: open %v, read %v", i+1, p.IsOpen(), cmd != nil)
		}
		if cmd != nil {
			p.Update(cmd())
			if v := p.View(80, 14, &st); !strings.Contains(v, want.title) {
				t.Fatalf("press %d: want %q:\n%s", i+1, want.title, v)
			}
		}
	}
	p.Toggle()
	p.Update(p.Load()())
	view := p.View(80, 14, &st)
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

func TestTrendKeyIsAbsentWithoutAHistory(t *testing.T) {
	t.Parallel()
	opts := testOptions(newFake())
	sh := &common.Shared{Opts: opts, Backend: opts.Backend, Keys: common.DefaultKeyMap()}
	if p := trend.New(sh); p.Available() || p.Open() != nil {
		t.Fatal("a console without a history offers the trend")
	}
	if keys := newDashboardPage(sh).HelpKeys(); slices.ContainsFunc(keys, func(k key.Binding) bool { return k.Help().Desc == "trend" }) {
		t.Fatal("the help offers the trend key without a history")
	}
}
