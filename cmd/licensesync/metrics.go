package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/exporter-toolkit/web"
	"github.com/spf13/cobra"

	"github.com/licensesync/licensesync/client/status"
	"github.com/licensesync/licensesync/cmd/licensesync/usage"
	"github.com/licensesync/licensesync/metrics"
)

// metricsCommand is `licensesync metrics`: the picture of `status --json` as
// Prometheus metrics (docs/METRICS.md), written once or served on /metrics.
func (a *app) metricsCommand() *cobra.Command {
	var out, listen, webConfig string
	var interval time.Duration
	cmd := &cobra.Command{
		Use:   "metrics",
		Short: "Prometheus metrics of license usage and sync health, once or served",
		Long: `Read what status --json reads and write it as Prometheus metrics (docs/METRICS.md):
once to stdout, or atomically to --out FILE for node_exporter's textfile collector (so
cron can run it); with --listen ADDR, serve /metrics, refreshed in the background every
--interval, each scrape answered from memory. A number that is not known is an absent
series, never a 0. --listen is on loopback unless --web.config.file (the Prometheus
exporters' web configuration: TLS, basic auth) is given.

Once, the exit code is 1 when nothing could be read (the metrics, written anyway, say
licensesync_up 0); a part that failed is in the metrics, not the exit code.`,
		Example: `  licensesync metrics --demo
  licensesync metrics --out /var/lib/node_exporter/textfile/licensesync.prom
  licensesync metrics --listen 127.0.0.1:9790
  licensesync metrics --listen :9790 --web.config.file web.yml`,
		Args: cobra.NoArgs,
		PreRunE: func(*cobra.Command, []string) error {
			switch {
			case listen != "" && out != "":
				return usage.Errorf("--out writes once and --listen serves: pick one")
			case interval <= 0:
				return usage.Errorf("--interval must be above 0, like 5m")
			case listen != "" && webConfig == "" && !loopback(listen):
				return usage.Errorf("--listen %s is not a loopback address: give --web.config.file (TLS, basic auth) to serve it, or listen on 127.0.0.1", listen)
			case webConfig != "" && listen == "":
				return usage.Errorf("--web.config.file goes with --listen")
			}
			return nil
		},
		RunE: a.withSession(func(cmd *cobra.Command, s *session) error {
			r := metrics.NewRefresher(metricsSource(s.client), version)
			err := r.Refresh(cmd.Context())
			reg := metrics.Registry(r)
			if listen == "" {
				if out != "" {
					if werr := metrics.WriteTextFile(out, reg); werr != nil {
						return werr
					}
				} else if werr := metrics.WriteText(a.io.out, reg); werr != nil {
					return werr
				}
				return err
			}
			return a.serveMetrics(cmd.Context(), r, reg, listen, webConfig, interval)
		}),
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "write the metrics to `FILE` atomically (node_exporter's textfile collector)")
	cmd.Flags().StringVar(&listen, "listen", "", "serve /metrics on `ADDR` (like 127.0.0.1:9790)")
	cmd.Flags().StringVar(&webConfig, "web.config.file", "", "the Prometheus web configuration `FILE` (TLS, basic auth) for --listen")
	cmd.Flags().DurationVar(&interval, "interval", 5*time.Minute, "with --listen, how often to read both sides again")
	return cmd
}

// metricsSource reads the picture as status --json does: the status, then where the
// seats go (from the kept users while the cloud's totals are unchanged).
func metricsSource(c *status.Reader) metrics.Source {
	return func(ctx context.Context) (*status.Status, error) {
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
		return st, nil
	}
}

// serveMetrics serves /metrics on listen until ctx ends, refreshing every interval.
func (a *app) serveMetrics(ctx context.Context, r *metrics.Refresher, reg prometheus.Gatherer, listen, webConfig string, interval time.Duration) error {
	l, err := net.Listen("tcp", listen)
	if err != nil {
		return fmt.Errorf("metrics: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{EnableOpenMetrics: true}))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go r.Run(ctx, interval)
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	fmt.Fprintf(a.io.err, "serving http://%s/metrics (every %s)\n", l.Addr(), interval)
	logger := slog.New(slog.NewTextHandler(a.io.err, &slog.HandlerOptions{Level: slog.LevelWarn}))
	noSystemd := false
	flags := &web.FlagConfig{WebListenAddresses: &[]string{listen}, WebSystemdSocket: &noSystemd, WebConfigFile: &webConfig}
	if err := web.Serve(l, srv, flags, logger); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("metrics: %w", err)
	}
	return ctx.Err()
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
