package main

import (
	"github.com/spf13/cobra"

	"github.com/licensesync/licensesync/cmd/licensesync/usage"
	"github.com/licensesync/licensesync/metrics"
)

// metricsCommand is `licensesync metrics`: the picture of `status --json` as
// Prometheus metrics (docs/METRICS.md), written once or served on /metrics.
func (a *app) metricsCommand() *cobra.Command {
	var out string
	var m metricsServing
	cmd := &cobra.Command{
		Use:   "metrics",
		Short: "Prometheus metrics of license usage and sync health, once or served",
		Long: `Read what status --json reads and write it as Prometheus metrics (docs/METRICS.md):
once to stdout, or atomically to --out FILE for node_exporter's textfile collector (so
cron can run it); with --listen ADDR, serve /metrics, refreshed in the background every
--interval, each scrape answered from memory, until Ctrl+C or SIGTERM (exit 0). A number
that is not known is an absent series, never a 0. --listen is on loopback unless
--web.config.file (the Prometheus exporters' web configuration: TLS, basic auth) is
given. With a fleet in the config file (docs/CONFIG.md), every server of it is read and
labelled (server="HOST"); --server NAME reads one.

Once, the exit code is 1 when a server could not be read at all (the metrics, written
anyway, say licensesync_up 0); a part that failed is in the metrics, not the exit code.`,
		Example: `  licensesync metrics --demo
  licensesync metrics --out /var/lib/node_exporter/textfile/licensesync.prom
  licensesync metrics --listen 127.0.0.1:9790
  licensesync metrics --listen :9790 --web.config.file web.yml`,
		Args: cobra.NoArgs,
		PreRunE: func(*cobra.Command, []string) error {
			if m.listen != "" && out != "" {
				return usage.Errorf("--out writes once and --listen serves: pick one")
			}
			return m.check("--listen")
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if a.exportsFleet() {
				return a.runMetrics(cmd, nil, out, m)
			}
			return a.withSession(func(cmd *cobra.Command, s *session) error { return a.runMetrics(cmd, s, out, m) })(cmd, args)
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "write the metrics to `FILE` atomically (node_exporter's textfile collector)")
	cmd.Flags().StringVar(&m.listen, "listen", "", "serve /metrics on `ADDR` (like 127.0.0.1:9790)")
	m.register(cmd.Flags(), "interval")
	return cmd
}

// runMetrics writes the metrics of s (nil: the fleet) once, or serves them.
func (a *app) runMetrics(cmd *cobra.Command, s *session, out string, m metricsServing) error {
	ctx := cmd.Context()
	if m.listen != "" {
		l, err := m.bind()
		if err != nil {
			return err
		}
		defer l.Close()
		e, err := a.openExporter(ctx, s)
		if err != nil {
			return err
		}
		defer e.close()
		return a.serveMetrics(ctx, l, e.refresher, m)
	}
	e, err := a.openExporter(ctx, s)
	if err != nil {
		return err
	}
	defer e.close()
	err = e.refresher.Refresh(ctx)
	reg := metrics.Registry(e.refresher)
	if out != "" {
		if werr := metrics.WriteTextFile(out, reg); werr != nil {
			return werr
		}
	} else if werr := metrics.WriteText(a.io.out, reg); werr != nil {
		return werr
	}
	return err
}
