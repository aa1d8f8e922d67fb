package main

import (
	"context"
	"sync"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/client/status"
	"github.com/licensesync/licensesync/cmd/licensesync/output"
	"github.com/licensesync/licensesync/history"
	"github.com/licensesync/licensesync/tui/common"
)

// recordingBackend is a console's backend that adds every status it reads (each
// refresh) to the history, with the number of people maybe counted twice as last
// counted from a full users load. Recording never fails or slows the console beyond
// one small local write; a failed write is dropped (the next refresh writes again).
type recordingBackend struct {
	common.Backend
	store *history.Store
	demo  bool

	mu           sync.Mutex
	last         *status.Status // the last status read
	countedTwice *int           // the last count, nil before a users load
}

func newRecordingBackend(b common.Backend, store *history.Store, demo bool) *recordingBackend {
	return &recordingBackend{Backend: b, store: store, demo: demo}
}

func (b *recordingBackend) Status(ctx context.Context) (*status.Status, error) {
	st, err := b.Backend.Status(ctx)
	if err == nil && st.Server.Hostname != "" {
		b.mu.Lock()
		b.last = st
		n := b.countedTwice
		b.mu.Unlock()
		_ = b.store.RecordStatus(ctx, st, b.demo, n)
	}
	return st, err
}

// ReconcileFrom records, with the last status, the people counted twice the console's
// breakdown found after a complete users load (seats.CountedTwice: people, not pairs).
func (b *recordingBackend) ReconcileFrom(ctx context.Context, cl *client.ConsumedLicenses) *seats.Reconcile {
	r := b.Backend.ReconcileFrom(ctx, cl)
	n := r.CountedTwice.People
	b.mu.Lock()
	b.countedTwice = &n
	st := b.last
	b.mu.Unlock()
	if st != nil {
		_ = b.store.RecordStatus(ctx, st, b.demo, &n)
	}
	return r
}

// withHistory wires the history into a console's options: its refreshes record
// samples, and its trend view reads them; with c (may be nil), the cloud's Server
// Statistics are added in the background. It returns the close of it all; without a
// usable history (said on stderr) the console runs without one.
func (a *app) withHistory(ctx context.Context, opts *common.Options, c *status.Reader) func() {
	store, err := a.openHistory(ctx)
	if err != nil {
		output.PrintGaps(a.io.err, []string{"the console runs without its history: " + err.Error()})
		return func() {}
	}
	demo := a.conn.demo
	opts.History = func(ctx context.Context, since time.Time) ([]history.Sample, error) {
		return store.Samples(ctx, history.Query{Since: since, Demo: demo})
	}
	recordInto(opts, store, demo)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if c != nil {
			backfillQuietly(ctx, store, c, demo)
		}
	}()
	return func() {
		cancel()
		<-done
		_ = store.Close()
	}
}

// backfillQuietly adds the cloud's Server Statistics to the history in the background
// of a console: what cannot be read is left out silently (the console is on screen).
func backfillQuietly(ctx context.Context, store *history.Store, c *status.Reader, demo bool) {
	if !c.HasCloud() {
		return
	}
	recs, err := c.ServerStatistics(ctx, time.Now().AddDate(0, 0, -history.RawDays))
	if err == nil {
		_, _ = store.Backfill(ctx, history.FromStatistics(recs, demo))
	}
}

// recordInto makes the console's backend (and one built from a typed token) record
// every status it reads into store.
func recordInto(opts *common.Options, store *history.Store, demo bool) {
	if opts.Backend != nil {
		opts.Backend = newRecordingBackend(opts.Backend, store, demo)
	}
	if onToken := opts.OnToken; onToken != nil {
		opts.OnToken = func(token string) (common.Backend, error) {
			b, err := onToken(token)
			if err != nil {
				return nil, err
			}
			return newRecordingBackend(b, store, demo), nil
		}
	}
}
