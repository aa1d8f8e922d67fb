package metrics

import (
	"context"
	"runtime"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/licensesync/licensesync/client/status"
)

// Source reads the picture once: what `status --json` prints, reconcile included.
type Source func(ctx context.Context) (*status.Status, error)

// Refresher keeps the last picture a Source gave and serves it as a
// prometheus.Collector: a scrape is answered from memory, and however many callers ask
// for a refresh at once, one read is in flight and the others wait for its result.
type Refresher struct {
	source  Source
	version string

	mu        sync.Mutex
	flight    chan struct{} // open while a read is in flight; nil otherwise
	lastErr   error         // the in-flight read's error, for those who waited on it
	picture   *status.Status
	up        map[string]float64 // by source; a source absent from the map is unknown
	duration  time.Duration
	done      time.Time          // when the last read that returned a picture ended
	refreshed bool               // whether any read has ended
	errors    map[string]float64 // refresh errors by cause, since the start
}

// NewRefresher is a Refresher reading from source; version is the build's version,
// for licensesync_build_info.
func NewRefresher(source Source, version string) *Refresher {
	return &Refresher{source: source, version: version, errors: map[string]float64{}}
}

// Refresh reads the picture once, or waits for the read already in flight; it
// returns that read's error. A failed read drops the picture: its series are absent
// until a read succeeds, and the failure is counted by cause.
func (r *Refresher) Refresh(ctx context.Context) error {
	r.mu.Lock()
	if wait := r.flight; wait != nil {
		r.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return ctx.Err()
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		return r.lastErr
	}
	flight := make(chan struct{})
	r.flight = flight
	r.mu.Unlock()

	start := time.Now()
	st, err := r.source(ctx)
	took := time.Since(start)

	r.mu.Lock()
	defer r.mu.Unlock()
	r.record(st, err, took)
	r.lastErr = err
	r.flight = nil
	close(flight)
	return err
}

// record keeps what one read returned. Called with r.mu held.
func (r *Refresher) record(st *status.Status, err error, took time.Duration) {
	r.duration, r.refreshed = took, true
	if err != nil || st == nil {
		r.picture = nil
		r.up = map[string]float64{"server": 0}
		if err != nil {
			r.errors[label(status.NewPartError(status.PartServer, err).Kind)]++
		}
		return
	}
	r.picture, r.done = st, time.Now()
	r.up = map[string]float64{"server": 1}
	if st.Cloud.Enterprise != "" {
		r.up["cloud"] = 1
	}
	for _, e := range st.Errors {
		r.up[sideOf(e.Part)] = 0
		r.errors[label(e.Kind)]++
	}
}

// Run refreshes every interval until ctx ends. The first refresh is the caller's
// (Refresh), so that the first scrape already has a picture.
func (r *Refresher) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_ = r.Refresh(ctx) // the error is in the metrics: up and refresh_errors_total
		}
	}
}

// Describe sends every description the Refresher may use.
func (r *Refresher) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{
		descServerSeats, descServerSeatsUsed, descSeatsAvailable, descCloudConsumed, descCloudPurchased,
		descProjected, descLicenseExpiry, descLastSync, descLastSyncSuccess, descPeople, descCountedTwice,
		descUp, descRefreshDuration, descRefreshTime, descRefreshErrors, descBuildInfo,
	} {
		ch <- d
	}
}

// Collect sends the last picture's series, from memory.
func (r *Refresher) Collect(ch chan<- prometheus.Metric) {
	r.mu.Lock()
	defer r.mu.Unlock()
	ch <- prometheus.MustNewConstMetric(descBuildInfo, prometheus.GaugeValue, 1, label(r.version), runtime.Version())
	for cause, n := range r.errors {
		ch <- prometheus.MustNewConstMetric(descRefreshErrors, prometheus.CounterValue, n, cause)
	}
	if !r.refreshed {
		return
	}
	ch <- prometheus.MustNewConstMetric(descRefreshDuration, prometheus.GaugeValue, r.duration.Seconds())
	for source, v := range r.up {
		ch <- prometheus.MustNewConstMetric(descUp, prometheus.GaugeValue, v, source)
	}
	if r.picture != nil {
		ch <- prometheus.MustNewConstMetric(descRefreshTime, prometheus.GaugeValue, float64(r.done.Unix()))
		emit(ch, r.picture)
	}
}
