package main

import (
	"context"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client/sim"
	"github.com/licensesync/licensesync/client/status"
	"github.com/licensesync/licensesync/history"
	"github.com/licensesync/licensesync/metrics"
)

// The exporter's run-out is the trend pane's estimate of the recorded history: a
// reading a day rising 10 a day from 1000 reaches 1200 purchased 20 days after the
// first; at or over purchased it is now; without a trend it is absent.
func TestRunOutIsTheHistorysEstimate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, _, err := history.Open(ctx, filepath.Join(t.TempDir(), "history.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	now := time.Now().UTC().Truncate(time.Second)
	first := now.AddDate(0, 0, -9)
	for d := range 10 {
		consumed, purchased := 1000+10*d, 1200
		at := first.AddDate(0, 0, d)
		smp := history.Sample{At: at, Until: at, Source: history.SourceObserved, Server: "ghes.example.com",
			CloudConsumed: &consumed, CloudPurchased: &purchased, Syncs: []history.SyncPoint{}}
		if err := store.Record(ctx, smp); err != nil {
			t.Fatal(err)
		}
	}
	a := &app{}
	purchased := 1200
	st := &status.Status{Server: status.ServerStatus{Hostname: "ghes.example.com"}, Cloud: status.CloudStatus{SeatsPurchased: &purchased}}
	got := a.runOut(ctx, store, st)
	if want := first.AddDate(0, 0, 20); got == nil || got.Sub(want).Abs() > time.Minute {
		t.Fatalf("run-out %v, want about %v", got, want)
	}
	purchased = 1050 // the last reading, 1090, is over it already
	if got := a.runOut(ctx, store, st); got == nil || time.Since(*got) > time.Minute {
		t.Fatalf("over purchased: run-out %v, want now", got)
	}
	st.Server.Hostname = "ghes-other.example.com" // no history of its own
	if got := a.runOut(ctx, store, st); got != nil {
		t.Fatalf("without readings: run-out %v, want none", got)
	}
}

// The exporter plans reclaim (the dormant-users report, every organization's
// invitations) once an hour, not at every refresh: the second refresh serves the first
// plan's seats and reads no report.
func TestMetricsPlanReclaimAtMostHourly(t *testing.T) {
	t.Parallel()
	p := startInProcSim(t, baseEnv(t), sim.Options{LicenseSyncEnabled: true}, nil)
	a := &app{getenv: func(k string) string { return envValue(p.env, k) }, io: stdio{in: strings.NewReader(""), out: io.Discard, err: io.Discard}}
	if err := a.rootCommand().ParseFlags(nil); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	s, err := a.open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	read := a.metricsSource(s, nil)
	const report = "GET server stafftools/reports/dormant_users.csv"
	var first []metrics.Reclaimable
	for i := range 2 {
		pic, err := read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(pic.Reclaimable) == 0 {
			t.Fatalf("refresh %d serves no reclaimable seats", i+1)
		}
		if i == 0 {
			first = pic.Reclaimable
		} else if !slices.Equal(first, pic.Reclaimable) {
			t.Errorf("the second refresh serves %v, the first %v", pic.Reclaimable, first)
		}
	}
	if n := p.Stats().ByRoute[report]; n < 1 || n > 2 { // the first read may be answered 202, then read again
		t.Fatalf("the dormant-users report was read %d times over two refreshes, want the first refresh's only", n)
	}
	before := p.Stats().ByRoute[report]
	if _, err := read(ctx); err != nil {
		t.Fatal(err)
	}
	if after := p.Stats().ByRoute[report]; after != before {
		t.Errorf("a third refresh within the hour read the report again (%d → %d)", before, after)
	}
}
