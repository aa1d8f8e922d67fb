package snapshot

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/sim"
	"github.com/licensesync/licensesync/client/transport"
)

const consumedRoute = "GET cloud enterprises/{e}/consumed-licenses"

// A snapshot confirmed current within its max age is trusted once page 1 comes back
// unchanged: one request instead of one a page, and the snapshot keeps its age. Older
// than its max age, every page is revalidated and the snapshot is current again.
func TestFreshSnapshotIsTrustedAfterAnUnchangedPage1(t *testing.T) {
	dir := t.TempDir()
	c, srv := newSimClient(t, sim.Options{CloudUsers: 1234}, dir, func(cfg *client.Config) { cfg.SnapshotMaxAge = time.Hour })
	ctx := context.Background()
	first, err := c.ConsumedLicenses(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	file := snapshotFiles(t, dir)[0]
	confirmed := time.Now().Add(-30 * time.Minute).Truncate(time.Second)
	if err := os.Chtimes(file, confirmed, confirmed); err != nil {
		t.Fatal(err)
	}

	before := srv.Stats().ByRoute[consumedRoute]
	var progress []int
	warm, err := c.ConsumedLicenses(ctx, func(p client.PageProgress) { progress = append(progress, p.Page) })
	if err != nil {
		t.Fatal(err)
	}
	if n := srv.Stats().ByRoute[consumedRoute] - before; n != 1 {
		t.Fatalf("%d requests for a fresh snapshot, want 1 (page 1)", n)
	}
	if f := warm.Fetch; f.Pages != 13 || f.NotModified != 1 || f.Trusted != 12 || !f.ConfirmedAt.Equal(confirmed) {
		t.Fatalf("warm fetch: %+v", f)
	}
	if jsonOf(t, warm.Users) != jsonOf(t, first.Users) || len(progress) != 13 {
		t.Fatalf("the trusted result differs from the fetched one (%d pages reported)", len(progress))
	}
	if info, err := os.Stat(file); err != nil || !info.ModTime().Equal(confirmed) {
		t.Fatalf("trusting the snapshot changed its age: %v", err)
	}

	stale := time.Now().Add(-2 * time.Hour)
	if err := os.Chtimes(file, stale, stale); err != nil {
		t.Fatal(err)
	}
	before = srv.Stats().NotModified
	checked, err := c.ConsumedLicenses(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if f := checked.Fetch; f.NotModified != 13 || f.Trusted != 0 || !f.ConfirmedAt.IsZero() || srv.Stats().NotModified-before != 13 {
		t.Fatalf("a stale snapshot was not revalidated page by page: %+v", f)
	}
	if info, _ := os.Stat(file); time.Since(info.ModTime()) > time.Minute {
		t.Fatal("the revalidated snapshot was not marked current")
	}
}

// A fetch stopped part way keeps the pages it has; the next one asks for page 1 and
// then only the pages it did not get, and the result is the whole list, each user once.
func TestInterruptedFetchResumesAfterItsPages(t *testing.T) {
	dir := t.TempDir()
	c, srv := newSimClient(t, sim.Options{CloudUsers: 1234}, dir, func(cfg *client.Config) { cfg.Concurrency = 1 })
	ctx, cancel := context.WithCancel(context.Background())
	_, err := c.ConsumedLicenses(ctx, func(p client.PageProgress) {
		if p.Page == 5 {
			cancel() // Ctrl+C after page 5
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted fetch: %v", err)
	}
	if _, _, ok := c.CachedConsumedLicenses(context.Background()); ok {
		t.Fatal("the first pages of a fetch were offered as a whole snapshot")
	}
	kept, _ := NewStore(dir).Load(snapshotFiles(t, dir)[0], false)
	if kept == nil || !kept.Head.Partial || kept.Head.LastPage != 13 || len(kept.Pages) < 5 {
		t.Fatalf("pages kept: %+v", kept)
	}

	// The request in flight when the fetch stopped may reach the sim's counters late.
	before := srv.Stats().ByRoute[consumedRoute]
	for settled := false; !settled; {
		time.Sleep(20 * time.Millisecond)
		now := srv.Stats().ByRoute[consumedRoute]
		settled, before = now == before, now
	}
	res, err := c.ConsumedLicenses(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := srv.Stats().ByRoute[consumedRoute] - before; n != int64(1+13-len(kept.Pages)) {
		t.Fatalf("%d requests to resume after %d pages, want %d", n, len(kept.Pages), 1+13-len(kept.Pages))
	}
	if len(res.Users) != 1234 || res.Fetch.Trusted != len(kept.Pages)-1 {
		t.Fatalf("resumed: %d users, %+v", len(res.Users), res.Fetch)
	}
	if _, _, ok := c.CachedConsumedLicenses(context.Background()); !ok {
		t.Fatal("the completed fetch left no whole snapshot")
	}
}

func TestCacheMaxAge(t *testing.T) {
	for header, want := range map[string]time.Duration{
		"":                                   0,
		"private, max-age=60, s-maxage=60":   time.Minute,
		`max-age="120"`:                      2 * time.Minute,
		"max-age=x":                          0,
		"no-cache":                           -1,
		"private, no-store, max-age=60":      -1,
		"max-age=99999999999999999999999999": 0,
	} {
		if got := transport.CacheMaxAge(header); got != want {
			t.Errorf("cacheMaxAge(%q) = %v, want %v", header, got, want)
		}
	}
}
