package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client/status"
	"github.com/licensesync/licensesync/history"
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
