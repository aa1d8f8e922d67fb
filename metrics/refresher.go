package metrics

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/licensesync/licensesync/client/status"
)

// Refresher keeps the last picture of every Source and serves them as one
// prometheus.Collector: a scrape is answered from memory, and however many callers ask
// for a refresh at once, one refresh (every source read in parallel) is in flight and
// the others wait for its result. A source whose read fails marks only its own series
// down.
type Refresher struct {
	sources []Source
	version string

	mu        sync.Mutex
	flight    chan struct{} // open while a refresh is in flight; nil otherwise
	lastErr   error         // the in-flight refresh's error, for those who waited on it
	servers   []serverState // one per source, in the sources' order
	duration  time.Duration
	refreshed bool // whether any refresh has ended
}

// serverState is what the Refresher keeps of one source.
type serverState struct {
	name    string             // the server label: the source's, then the hostname a read said
	picture *Picture           // nil while the last read failed
	up      map[string]float64 // by source (server, cloud); a source absent from the map is unknown
	done    time.Time          // when the last read that returned a picture ended
	errors  map[string]float64 // parts that failed, by cause, since the start
}

// NewRefresher is a Refresher reading from sources (at least one); version is the
// build's version, for licensesync_build_info.
func NewRefresher(version string, sources ...Source) *Refresher {
	r := &Refresher{sources: sources, version: version, servers: make([]serverState, len(sources))}
	for i, s := range sources {
		r.servers[i] = serverState{name: label(s.Server), errors: map[string]float64{}}
	}
	return r
}

// Refresh reads every source once, or waits for the refresh already in flight; it
// returns the errors of the reads that failed. A failed read drops that source's
// picture: its series are absent until a read succeeds, and the failure is counted
// by cause.
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
	pictures := make([]*Picture, len(r.sources))
	errs := make([]error, len(r.sources))
	var wg sync.WaitGroup
	for i, s := range r.sources {
		wg.Go(func() { pictures[i], errs[i] = s.Read(ctx) })
	}
	wg.Wait()
	took := time.Since(start)

	r.mu.Lock()
	defer r.mu.Unlock()
	var failed []error
	for i := range r.sources {
		r.servers[i].record(pictures[i], errs[i])
		if errs[i] != nil {
			failed = append(failed, fmt.Errorf("%s: %w", r.servers[i].name, errs[i]))
		}
	}
	r.duration, r.refreshed = took, true
	r.lastErr = errors.Join(failed...)
	r.flight = nil
	close(flight)
	return r.lastErr
}

// record keeps what one read returned. Called with the Refresher's lock held.
func (s *serverState) record(p *Picture, err error) {
	if err != nil || p == nil || p.Status == nil {
		s.picture = nil
		s.up = map[string]float64{"server": 0}
		if err != nil {
			s.errors[label(status.NewPartError(status.PartServer, err).Kind)]++
		}
		return
	}
	st := p.Status
	if host := label(st.Server.Hostname); host != "" {
		s.name = host
	}
	s.picture, s.done = p, time.Now()
	s.up = map[string]float64{"server": 1}
	if st.Cloud.Enterprise != "" {
		s.up["cloud"] = 1
	}
	for _, e := range st.Errors {
		s.up[sideOf(e.Part)] = 0
		s.errors[label(e.Kind)]++
	}
}

// Run refreshes every interval until ctx ends, giving each refresh's error to report
// (it is in the metrics too: up and refresh_errors_total). The first refresh is the
// caller's (Refresh), so that the first scrape already has a picture.
func (r *Refresher) Run(ctx context.Context, interval time.Duration, report func(error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			report(r.Refresh(ctx))
		}
	}
}

// Describe sends every description the Refresher may use.
func (r *Refresher) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range descriptions {
		ch <- d
	}
}

// Collect sends the last pictures' series, from memory. A server label two sources
// share is served for the first of them only; a cloud enterprise's seats come from
// the first picture that read them.
func (r *Refresher) Collect(ch chan<- prometheus.Metric) {
	r.mu.Lock()
	defer r.mu.Unlock()
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	gauge(descBuildInfo, 1, label(r.version), runtime.Version())
	if r.refreshed {
		gauge(descRefreshDuration, r.duration.Seconds())
	}
	servers := map[string]bool{}
	clouds := map[string]bool{}
	syncs := map[string]lastSync{}
	for _, s := range r.servers {
		if servers[s.name] {
			continue
		}
		servers[s.name] = true
		for cause, n := range s.errors {
			ch <- prometheus.MustNewConstMetric(descRefreshErrors, prometheus.CounterValue, n, s.name, cause)
		}
		for source, v := range s.up {
			gauge(descUp, v, s.name, source)
		}
		if s.picture == nil {
			continue
		}
		gauge(descRefreshTime, float64(s.done.Unix()), s.name)
		emitServer(gauge, s.name, s.picture)
		st := s.picture.Status
		if ent := label(st.Cloud.Enterprise); hasCloudSeats(st) && !clouds[ent] {
			clouds[ent] = true
			emitCloud(gauge, ent, s.picture)
		}
		addSyncs(syncs, st.Cloud.Servers)
	}
	emitSyncs(gauge, syncs)
}
