package sim

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

// BenchmarkNewWorld100k generates a world of 100,000 users on each side.
func BenchmarkNewWorld100k(b *testing.B) {
	for b.Loop() {
		newWorld(Options{Users: 100_000, CloudUsers: 100_000, Enterprise: "acme", Hostname: "ghes.acme.test"})
	}
}

// BenchmarkConsumedPage100k serves consumed-licenses pages of 100 users from a
// synced 100k world.
func BenchmarkConsumedPage100k(b *testing.B) {
	s, clock := newTestSim(b, Options{Users: 100_000, CloudUsers: 100_000})
	enableSync(b, s)
	do(b, s, http.MethodPost, pathSync, ServerAdminToken, "")
	clock.Advance(time.Minute)
	do(b, s, http.MethodGet, pathConsumed, CloudAdminToken, "") // builds the view
	b.ResetTimer()
	page := 0
	for b.Loop() {
		page = page%1500 + 1
		rec := do(b, s, http.MethodGet, pathConsumed+"?per_page=100&page="+strconv.Itoa(page), CloudAdminToken, "")
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Code)
		}
	}
}

// BenchmarkRebuildConsumed100k deduplicates 200k accounts after a sync.
func BenchmarkRebuildConsumed100k(b *testing.B) {
	s, clock := newTestSim(b, Options{Users: 100_000, CloudUsers: 100_000})
	enableSync(b, s)
	do(b, s, http.MethodPost, pathSync, ServerAdminToken, "")
	clock.Advance(time.Minute)
	do(b, s, http.MethodGet, pathSync, ServerAdminToken, "")
	for b.Loop() {
		s.buildConsumed()
	}
}
