package snapshot

import (
	"context"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/sim"
	"github.com/licensesync/licensesync/client/transport"
)

// benchWorld fetches a 100,000-user sim once into a snapshot directory.
func benchWorld(b *testing.B) (client.Config, *client.Client, *sim.Server) {
	b.Helper()
	cfg, srv := simConfig(b, sim.Options{CloudUsers: 100_000}, b.TempDir(), func(cfg *client.Config) {
		cfg.CloudPace = transport.Pace{Points: -1}
		cfg.Concurrency = 16
	})
	c, err := client.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := c.ConsumedLicenses(context.Background(), nil); err != nil {
		b.Fatal(err)
	}
	return cfg, c, srv
}

// BenchmarkCachedConsumedLicenses100k reads a snapshot of 100,000 users from disk: what
// the dashboard shows before any request. A new client each time, as a new console has
// (a client keeps the last snapshot it read in memory).
func BenchmarkCachedConsumedLicenses100k(b *testing.B) {
	cfg, _, _ := benchWorld(b)
	dir := filepath.Dir(cfg.Snapshots.Path("", ""))
	ctx := context.Background()
	for b.Loop() {
		cfg.Snapshots = NewStore(dir) // a new console: nothing read yet
		fresh, err := client.New(cfg)
		if err != nil {
			b.Fatal(err)
		}
		cl, _, ok := fresh.CachedConsumedLicenses(ctx)
		if !ok || len(cl.Users) != 100_000 {
			b.Fatal("no snapshot")
		}
	}
}

// BenchmarkConsumedLicenses100k fetches 1,000 pages from a loopback sim with no
// latency and no limits: cold (no snapshot), warm (every page a 304: --max-age 0) and
// trusted (page 1 a 304, the snapshot fresh).
func BenchmarkConsumedLicenses100k(b *testing.B) {
	cfg, c, srv := benchWorld(b)
	ctx := context.Background()
	b.Run("trusted", func(b *testing.B) {
		for b.Loop() {
			cl, err := c.ConsumedLicenses(ctx, nil)
			if err != nil || cl.Fetch.Trusted != 999 {
				b.Fatalf("%v %+v", err, cl.Fetch)
			}
		}
	})
	revalidating := cfg
	revalidating.SnapshotMaxAge = -1
	c, err := client.New(revalidating)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("warm", func(b *testing.B) {
		for b.Loop() {
			before := srv.Stats().NotModified
			cl, err := c.ConsumedLicenses(ctx, nil)
			if err != nil || cl.Fetch.NotModified != 1000 || srv.Stats().NotModified-before != 1000 {
				b.Fatalf("%v %+v", err, cl.Fetch)
			}
		}
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MB")
	})
	cfg.Snapshots = nil
	cold, err := client.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			cl, err := cold.ConsumedLicenses(ctx, nil)
			if err != nil || len(cl.Users) != 100_000 {
				b.Fatal(err)
			}
		}
	})
}
