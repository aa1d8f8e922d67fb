package sim

import (
	"context"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"
)

// fault is what the dice decided for one request.
type fault int

const (
	faultNone fault = iota
	faultReset
	faultBadGateway
	faultServerError
)

// dice draws the injected faults from a seeded generator, two draws per request in
// arrival order, so a run with the same seed and request order fails the same way.
type dice struct {
	mu        sync.Mutex
	rng       *rand.Rand
	failRate  float64
	resetRate float64
}

func newDice(seed int64, failRate, resetRate float64) *dice {
	return &dice{rng: rand.New(rand.NewPCG(uint64(seed), 0xfa017)), failRate: failRate, resetRate: resetRate}
}

func (d *dice) roll() fault {
	d.mu.Lock()
	reset, fail := d.rng.Float64(), d.rng.Float64()
	d.mu.Unlock()
	switch {
	case reset < d.resetRate:
		return faultReset
	case fail < d.failRate/2:
		return faultBadGateway
	case fail < d.failRate:
		return faultServerError
	}
	return faultNone
}

// spikes draws latency spikes from their own seeded generator.
type spikes struct {
	mu   sync.Mutex
	rng  *rand.Rand
	rate float64
	d    time.Duration
}

func newSpikes(seed int64, rate float64, d time.Duration) *spikes {
	return &spikes{rng: rand.New(rand.NewPCG(uint64(seed), 0x5b1ce)), rate: rate, d: d}
}

// roll returns the extra delay of one request: the spike length, or zero.
func (sp *spikes) roll() time.Duration {
	if sp.rate <= 0 {
		return 0
	}
	sp.mu.Lock()
	hit := sp.rng.Float64() < sp.rate
	sp.mu.Unlock()
	if !hit {
		return 0
	}
	return sp.d
}

// badGateway is what a proxy in front of GitHub answers: HTML, not JSON.
func badGateway() *response {
	h := http.Header{}
	h.Set("Content-Type", "text/html; charset=utf-8")
	return &response{status: http.StatusBadGateway, header: h,
		body: []byte("<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>\n")}
}

// resetConnection closes the client's connection without an answer.
func resetConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler) // HTTP/2 or a recorder: abort the stream
}

// pause sleeps for d unless ctx ends first.
func pause(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
