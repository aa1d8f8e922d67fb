package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/exporter-toolkit/web"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/licensesync/licensesync/client/textsafe"
	"github.com/licensesync/licensesync/cmd/licensesync/usage"
	"github.com/licensesync/licensesync/metrics"
)

// metricsServing is where and how /metrics is served: `metrics --listen` and
// `serve --metrics` share it, flags, checks and server.
type metricsServing struct {
	listen    string
	webConfig string
	interval  time.Duration
}

// metricsShutdownGrace is how long scrapes in flight have to end once interrupted:
// well within the process's own grace (interruptGrace).
const metricsShutdownGrace = time.Second

// register adds the serving flags but the address's own (--listen or --metrics).
func (m *metricsServing) register(fs *pflag.FlagSet, intervalFlag string) {
	fs.StringVar(&m.webConfig, "web.config.file", "", "the Prometheus web configuration `FILE` (TLS, basic auth) for /metrics")
	fs.DurationVar(&m.interval, intervalFlag, 5*time.Minute, "how often /metrics reads both sides again")
}

// check says what is wrong with the flags; addrFlag names the address's flag.
func (m metricsServing) check(addrFlag string) error {
	switch {
	case m.interval <= 0:
		return usage.Errorf("the interval must be above 0, like 5m")
	case m.listen != "" && m.webConfig == "" && !loopback(m.listen):
		return usage.Errorf("%s %s is not a loopback address: give --web.config.file (TLS, basic auth) to serve it, or listen on 127.0.0.1", addrFlag, m.listen)
	case m.webConfig != "" && m.listen == "":
		return usage.Errorf("--web.config.file goes with %s", addrFlag)
	}
	return nil
}

// bind listens on the address, so that a busy port is said before anything is read.
func (m metricsServing) bind() (net.Listener, error) {
	l, err := net.Listen("tcp", m.listen)
	if err != nil {
		return nil, fmt.Errorf("metrics: cannot listen on %s: %w (choose another port, or stop what holds it)", m.listen, err)
	}
	return l, nil
}

// exporter is the refresher of every server the metrics cover, and what closes their
// connections and the history.
type exporter struct {
	refresher *metrics.Refresher
	close     func()
}

// openExporter opens the history (its trend gives the run-out estimate; without it
// the estimate is absent) and a source per server: the fleet's when the config file
// lists one and neither --server nor --demo picks a server, else s's.
func (a *app) openExporter(ctx context.Context, s *session) (*exporter, error) {
	store, err := a.openHistory(ctx)
	if err != nil {
		fmt.Fprintf(a.io.err, "licensesync: note: no run-out estimate: %s\n", textsafe.Redact(textsafe.Sanitize(err.Error()), a.secrets()...))
		store = nil
	}
	closeStore := func() {
		if store != nil {
			_ = store.Close()
		}
	}
	if s == nil {
		sources, closeAll, err := a.metricsFleet(store)
		if err != nil {
			closeStore()
			return nil, err
		}
		return &exporter{metrics.NewRefresher(version, sources...), func() { closeAll(); closeStore() }}, nil
	}
	src := metrics.Source{Server: s.client.ServerHostname(), Read: a.metricsSource(s, store)}
	return &exporter{metrics.NewRefresher(version, src), closeStore}, nil
}

// exportsFleet reports whether the metrics cover the config file's fleet.
func (a *app) exportsFleet() bool {
	file, err := a.config()
	return err == nil && !a.conn.demo && a.conn.server == "" && len(file.Servers) > 0
}

// serveMetrics serves /metrics on l until ctx ends, refreshing every interval (the
// first refresh before the first scrape is answered); a failed refresh is one line
// on stderr per server. Interrupted, it lets scrapes in flight end and returns nil,
// as serve and sim do.
func (a *app) serveMetrics(parent context.Context, l net.Listener, r *metrics.Refresher, m metricsServing) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	reg := metrics.Registry(r)
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{EnableOpenMetrics: true}))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	report := func(err error) {
		if err != nil && ctx.Err() == nil {
			fmt.Fprintf(a.io.err, "licensesync: metrics: %s\n", textsafe.Redact(textsafe.Sanitize(err.Error()), a.secrets()...))
		}
	}
	report(r.Refresh(ctx))
	go r.Run(ctx, m.interval, report)
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		<-ctx.Done()
		if parent.Err() != nil {
			fmt.Fprintln(a.io.err, "licensesync: metrics: shutting down")
		}
		shutdown, cancelShutdown := context.WithTimeout(context.Background(), metricsShutdownGrace)
		defer cancelShutdown()
		if err := srv.Shutdown(shutdown); err != nil {
			_ = srv.Close()
		}
	}()
	fmt.Fprintf(a.io.err, "licensesync: metrics: serving http://%s/metrics (every %s)\n", l.Addr(), m.interval)
	logger := slog.New(slog.NewTextHandler(a.io.err, &slog.HandlerOptions{Level: slog.LevelWarn}))
	noSystemd := false
	flags := &web.FlagConfig{WebListenAddresses: &[]string{m.listen}, WebSystemdSocket: &noSystemd, WebConfigFile: &m.webConfig}
	err := web.Serve(l, srv, flags, logger)
	cancel()
	<-stopped
	if parent.Err() != nil || errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return fmt.Errorf("metrics: %w", err)
}

// loopback reports whether addr (host:port) listens on this machine only.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// serveMetricsOnly is `serve --metrics ADDR` without --ssh: /metrics alone, exactly as
// `metrics --listen ADDR` serves it.
func (a *app) serveMetricsOnly(cmd *cobra.Command, m metricsServing) error {
	if a.exportsFleet() {
		return a.runMetrics(cmd, nil, "", m)
	}
	return a.withSession(func(cmd *cobra.Command, s *session) error { return a.runMetrics(cmd, s, "", m) })(cmd, nil)
}

// serveMetricsBeside serves /metrics on l beside serve's consoles, on their connection
// s (or the fleet's), until ctx ends or the returned stop is called; stop waits for it.
// A failure is said on stderr: the consoles keep running.
func (a *app) serveMetricsBeside(ctx context.Context, l net.Listener, s *session, m metricsServing) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if a.exportsFleet() {
			s = nil
		}
		e, err := a.openExporter(ctx, s)
		if err == nil {
			defer e.close()
			err = a.serveMetrics(ctx, l, e.refresher, m)
		}
		if err != nil {
			fmt.Fprintf(a.io.err, "licensesync: metrics: %s\n", textsafe.Redact(textsafe.Sanitize(err.Error()), a.secrets()...))
		}
	}()
	return func() { cancel(); <-done }
}
