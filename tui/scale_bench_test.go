package tui

import (
	"context"
	"runtime"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/replay"
)

// BenchmarkFilterKeystroke100k types into the dashboard's filter over 100,000 users,
// one keystroke per iteration through Update (the whole path a key takes): a query
// that narrows to a handful of rows, then back to everything.
func BenchmarkFilterKeystroke100k(b *testing.B) {
	for _, q := range []string{"user0999", "u"} {
		b.Run("query="+q, func(b *testing.B) {
			m := dashboardWith(b, 100_000)
			m.Update(runes("/"))
			d := m.pages[stepDashboard].(*dashboardPage)
			if !d.users.filter.Focused() {
				b.Fatal("the filter did not open")
			}
			keys := make([]tea.KeyMsg, 0, 2*len(q))
			for _, r := range q {
				keys = append(keys, runes(string(r)))
			}
			for range q {
				keys = append(keys, tea.KeyMsg{Type: tea.KeyBackspace})
			}
			i := 0
			for b.Loop() {
				m.Update(keys[i%len(keys)])
				i++
			}
		})
	}
}

// BenchmarkDashboardHeap100k reports the live heap with 100,000 users loaded.
func BenchmarkDashboardHeap100k(b *testing.B) {
	for b.Loop() {
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		m := dashboardWith(b, 100_000)
		_ = m.View()
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc)/(1<<20), "heap-MB")
		b.ReportMetric(float64(after.HeapAlloc-min(before.HeapAlloc, after.HeapAlloc))/(1<<20), "added-MB")
		runtime.KeepAlive(m)
	}
}

// BenchmarkFirstFrameFromSnapshot100k is what a site admin waits for when the dashboard
// opens on an enterprise of 100,000 users with a snapshot on disk: the console built,
// the snapshot read through a real client (CachedConsumedLicenses), turned into sorted
// rows, and the first dashboard View. Target: under 300 ms. The snapshot is written by
// one fetch from client/replay: the official example's two users (one on both sides,
// one on the server only) served 50,000 times, 100 to a page.
func BenchmarkFirstFrameFromSnapshot100k(b *testing.B) {
	srv := replay.StartWith(b, replay.Options{PageSize: 100, UserCopies: 50_000})
	c, err := client.New(client.Config{
		ServerURL: srv.URL, ServerToken: srv.ServerToken, Enterprise: srv.Enterprise,
		CloudURL: srv.CloudURL, CloudToken: srv.CloudToken, CloudEnterprise: srv.CloudEnterprise,
		SnapshotDir: b.TempDir(), CloudPace: client.Pace{Points: -1}, Concurrency: 16,
	})
	if err != nil {
		b.Fatal(err)
	}
	if cl, err := c.ConsumedLicenses(context.Background(), nil); err != nil || len(cl.Users) != 100_000 {
		b.Fatalf("the snapshot was not written: %v", err)
	}
	opts := Options{Backend: c, Renderer: asciiRenderer(), ServerURL: srv.URL, Enterprise: srv.Enterprise}
	for b.Loop() {
		m := New(opts)
		m.Update(windowSize(80, 24))
		m.goTo(stepDashboard)
		d := m.pages[stepDashboard].(*dashboardPage)
		m.Update(readSnapshot(m.sh, d.users.snapID, &d.users.table)())
		v := m.View()
		if d.users.cancel != nil {
			d.users.cancel() // the revalidation that follows is not part of the frame
		}
		if !strings.Contains(v, "Users 1 of 100,000 · sort login ↑ · snapshot from") {
			b.Fatalf("no snapshot on the first frame:\n%s", v)
		}
	}
}
