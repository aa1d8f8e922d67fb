package sim

import (
	"maps"
	"strconv"
	"sync"
)

// Stats counts what the sim saw since it started (GET /_sim/stats serves it).
// Requests to /_sim/ are not counted.
type Stats struct {
	Requests int64            `json:"requests"`
	ByStatus map[string]int64 `json:"by_status"` // "200": n; "reset" for dropped connections
	ByRoute  map[string]int64 `json:"by_route"`  // "GET cloud enterprises/{e}/consumed-licenses": n
	// ByTarget counts the writes that reached a handler by method, side and path:
	// "PUT server users/alice/suspended": n, so tests can prove a write was sent once.
	ByTarget map[string]int64 `json:"by_target"`
	// NotModified counts 304 answers to If-None-Match.
	NotModified int64 `json:"not_modified"`
	// LimitHits counts primary and secondary rate-limit refusals.
	LimitHits          int64 `json:"limit_hits"`
	PrimaryLimitHits   int64 `json:"primary_limit_hits"`
	SecondaryLimitHits int64 `json:"secondary_limit_hits"`
	// InjectedFailures counts FailRate answers (502/500); Resets dropped connections.
	InjectedFailures int64 `json:"injected_failures"`
	Resets           int64 `json:"resets"`
	// LostReplies counts writes applied whose answer was dropped (LostWriteReplies).
	LostReplies int64 `json:"lost_replies"`
	// Spikes counts requests delayed by a latency spike.
	Spikes int64 `json:"spikes"`
	// Writes counts requests with a writing method (POST, PATCH, PUT, DELETE).
	Writes int64 `json:"writes"`
	// JobsStarted counts "Sync now" requests that started a job.
	JobsStarted int64 `json:"jobs_started"`
	Uploads     int64 `json:"uploads"`
	InFlight    int64 `json:"in_flight"`
	// MaxConcurrent is the most requests ever in flight at once.
	MaxConcurrent int64 `json:"max_concurrent"`
}

// counters is the live, lock-protected Stats.
type counters struct {
	mu sync.Mutex
	s  Stats
}

func newCounters() *counters {
	return &counters{s: Stats{ByStatus: map[string]int64{}, ByRoute: map[string]int64{}, ByTarget: map[string]int64{}}}
}

// begin counts a request arriving and returns the number now in flight.
func (c *counters) begin(write bool) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.s.Requests++
	if write {
		c.s.Writes++
	}
	c.s.InFlight++
	c.s.MaxConcurrent = max(c.s.MaxConcurrent, c.s.InFlight)
	return c.s.InFlight
}

func (c *counters) end() {
	c.mu.Lock()
	c.s.InFlight--
	c.mu.Unlock()
}

// add runs f on the counters under the lock.
func (c *counters) add(f func(*Stats)) {
	c.mu.Lock()
	f(&c.s)
	c.mu.Unlock()
}

func (c *counters) status(code int) {
	c.add(func(s *Stats) {
		s.ByStatus[strconv.Itoa(code)]++
		if code == 304 {
			s.NotModified++
		}
	})
}

// snapshot is a deep copy.
func (c *counters) snapshot() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.s
	s.ByStatus = make(map[string]int64, len(c.s.ByStatus))
	for k, v := range c.s.ByStatus {
		s.ByStatus[k] = v
	}
	s.ByRoute = make(map[string]int64, len(c.s.ByRoute))
	for k, v := range c.s.ByRoute {
		s.ByRoute[k] = v
	}
	s.ByTarget = maps.Clone(c.s.ByTarget)
	return s
}
