package main

import (
	"io"
	"slices"

	"context"
	"time"

	"github.com/licensesync/licensesync/reclaim"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/status"
	"github.com/licensesync/licensesync/history"
	"github.com/licensesync/licensesync/metrics"
)

// metricsSource reads one server's picture as status --json does: the status, then
// where the seats go (from the kept users while the cloud's totals are unchanged); it
// records the reading in the usage history (store may be nil: no history), whose trend
// gives the run-out estimate, and adds the rate limits the connection saw.
func (a *app) metricsSource(s *session, store *history.Store) func(ctx context.Context) (*metrics.Picture, error) {
	c := s.client
	var reclaimable []metrics.Reclaimable // the last plan's, read at most every reclaimEvery
	var reclaimedAt time.Time
	return func(ctx context.Context) (*metrics.Picture, error) {
		st, err := c.Status(ctx)
		if err != nil {
			return nil, err
		}
		if st.Cloud.SeatsConsumed != nil {
			r, _, _, err := readReconcile(ctx, c, st, false)
			if err != nil {
				st.Errors = append(st.Errors, status.NewPartError(status.PartCloudConsumed, err))
			}
			st.Reconcile = r
		}
		if reclaimedAt.IsZero() || time.Since(reclaimedAt) >= reclaimEvery {
			reclaimable, reclaimedAt = a.reclaimable(ctx, s), time.Now()
		}
		p := &metrics.Picture{Status: st, Rates: c.RatesRemaining(), Reclaimable: reclaimable}
		if store != nil {
			a.recordInto(ctx, store, st)
			p.RunOut = a.runOut(ctx, store, st)
		}
		return p, nil
	}
}

// reclaimEvery is how often the exporter plans reclaim again: the plan reads the
// dormant-users report and every organization's invitations, a few requests per
// organization, too many for every five-minute refresh of a large enterprise's token.
const reclaimEvery = time.Hour

// reclaimable is what each lever of the reclaim plan (`licensesync reclaim` with its
// defaults) would free; a lever that could not be planned is left out.
func (a *app) reclaimable(ctx context.Context, s *session) []metrics.Reclaimable {
	plan, _ := a.planReclaim(ctx, s, a.serverNames(ctx, s), reclaim.DefaultFilters(), false, io.Discard)
	var out []metrics.Reclaimable
	for _, lever := range reclaim.Levers {
		// A lever refused as a whole is absent; one refused by some organizations only
		// is served with what the others give.
		if slices.ContainsFunc(plan.Unavailable, func(u reclaim.Skip) bool { return u.Lever == lever && u.Target == "" }) {
			continue
		}
		r := metrics.Reclaimable{Lever: lever}
		for _, t := range plan.Totals {
			if t.Lever == lever {
				r.ServerSeats, r.CloudSeats = t.ServerSeat, t.CloudSeat
			}
		}
		out = append(out, r)
	}
	return out
}

// runOut is when the cloud's consumed seats reach its purchased seats at the trend of
// the server's recorded history, as the console's trend pane says it (history.Reach):
// now when consumed is at or over purchased, nil when the history cannot say.
func (a *app) runOut(ctx context.Context, store *history.Store, st *status.Status) *time.Time {
	purchased := st.Cloud.SeatsPurchased
	if purchased == nil || st.Server.Hostname == "" {
		return nil
	}
	now := time.Now()
	samples, err := store.Samples(ctx, history.Query{Server: history.ServerKey(st.Server.Hostname),
		Since: now.Add(-history.ForecastWindow), Demo: a.conn.demo})
	if err != nil {
		return nil
	}
	f := history.Reach(history.Points(samples, "", func(s history.Sample) *int { return s.CloudConsumed }), float64(*purchased), now)
	switch {
	case f.Over:
		return &now
	case f.OK:
		return &f.At
	}
	return nil
}

// metricsFleet is a source per server of the config file's fleet, each on its own
// connection: a server whose connection cannot be made (no token, a bad URL) reads as
// that error every time, so that it is down in the metrics while the others are served.
// close ends every connection.
func (a *app) metricsFleet(store *history.Store) (sources []metrics.Source, closeAll func(), err error) {
	file, err := a.config()
	if err != nil {
		return nil, nil, err
	}
	var closers []func()
	for _, srv := range file.Servers {
		host := srv.Hostname
		if host == "" {
			host = hostOf(client.WithHTTPS(srv.URL))
		}
		src := metrics.Source{Server: host}
		cfg, err := a.resolveConfigFor(srv.Name)
		var s *session
		if err == nil {
			s, err = a.openConfig(cfg, func() {})
		}
		if err != nil {
			src.Read = func(context.Context) (*metrics.Picture, error) { return nil, err }
		} else {
			src.Read = a.metricsSource(s, store)
			closers = append(closers, s.close)
		}
		sources = append(sources, src)
	}
	return sources, func() {
		for _, c := range closers {
			c()
		}
	}, nil
}
