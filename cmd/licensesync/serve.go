package main

import (
	"context"
	"os"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/spf13/cobra"

	"github.com/licensesync/licensesync/client/status"
	"github.com/licensesync/licensesync/cmd/licensesync/serve"
	"github.com/licensesync/licensesync/cmd/licensesync/usage"
)

func (a *app) serveCommand() *cobra.Command {
	var f serve.Flags
	var m metricsServing
	cmd := &cobra.Command{
		Use:   "serve --ssh ADDR --authorized-keys FILE | --metrics ADDR",
		Short: "Serve the console over SSH, one console per session, and/or Prometheus metrics",
		Long: `Serve the console over SSH: every session gets its own console, sized and coloured
for the connecting terminal, all backed by this machine's connection. Tokens stay on
this machine; a session never sees them.

Only public-key logins listed in --authorized-keys are accepted (no passwords). The
host key is --host-key, created on the first start. Sessions need a terminal (ssh -t).
One line per session goes to stderr: the user, the key's SHA256 fingerprint and how
long it lasted. At most --max-sessions consoles run at once, each at most 1000x500;
a connection has --login-grace to log in (docs/SERVE.md, "Bounds").

With --metrics ADDR, also (or, without --ssh, only) serve /metrics as
` + "`metrics --listen`" + ` does (docs/METRICS.md), on the same connection.`,
		Example: `  # The demo enterprise, for anyone whose key is in the file
  licensesync serve --demo --ssh :2222 --authorized-keys ~/.ssh/authorized_keys
  ssh -p 2222 -t localhost

  # Your appliance, with the server's tokens in this shell's environment
  licensesync serve --ssh 127.0.0.1:2222 --authorized-keys admins.pub \
    --server https://ghes.example.com --enterprise acme --idle-timeout 10m

  # Prometheus metrics of the demo enterprise, for curl 127.0.0.1:9790/metrics
  licensesync serve --metrics 127.0.0.1:9790 --demo`,
		Args:    cobra.NoArgs,
		PreRunE: func(*cobra.Command, []string) error { return m.check("--metrics") },
		RunE: func(cmd *cobra.Command, _ []string) error {
			switch {
			case m.listen == "" && f.Addr == "":
				return usage.Errorf("serve needs --ssh ADDR (the console over SSH, e.g. --ssh :2222) or --metrics ADDR (Prometheus, e.g. --metrics 127.0.0.1:9790), or both")
			case f.Addr == "":
				return a.serveMetricsOnly(cmd, m)
			}
			// Its sessions are consoles: a read over the rate limit's budget waits for
			// the reset with a countdown on the users line, as the console here does.
			a.conn.inConsole = true
			var metricsOn func(context.Context, *session) func()
			if m.listen != "" {
				l, err := m.bind()
				if err != nil {
					return err
				}
				defer l.Close()
				metricsOn = func(ctx context.Context, s *session) func() { return a.serveMetricsBeside(ctx, l, s, m) }
			}
			return serve.Run(cmd.Context(), f, serve.Host{
				Stderr:       a.io.err,
				CheckConsole: func() error { _, err := a.consoleOptions(cmd, nil, a.getenv); return err },
				StateDir:     a.stateDir,
				HistoryPath:  a.historyPath,
				Demo:         a.conn.demo,
				Open: func(ctx context.Context) (serve.Backend, error) {
					s, err := a.open(ctx)
					if err != nil {
						return nil, err
					}
					b := serveBackend{a: a, cmd: cmd, s: s, stopMetrics: func() {}}
					if metricsOn != nil {
						b.stopMetrics = metricsOn(ctx, s)
					}
					return b, nil
				},
			})
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&f.Addr, "ssh", "", "address to listen on, e.g. :2222 or 127.0.0.1:2222 (required)")
	fs.StringVar(&f.HostKey, "host-key", "", "the server's SSH host key, created (0600) when missing (default $XDG_STATE_HOME/licensesync/ssh_host_ed25519_key)")
	fs.StringVar(&f.AuthorizedKeys, "authorized-keys", "", "OpenSSH authorized_keys file of the public keys allowed in (this or --read-only-keys is required)")
	fs.StringVar(&f.ReadOnlyKeys, "read-only-keys", "", "OpenSSH authorized_keys file of keys allowed in to look, not act: no setting changed, no sync started, no seats reclaimed")
	fs.BoolVar(&f.InsecureNoAuth, "insecure-no-auth", false, "let anyone who can reach --ssh in, without a key (for a trusted loopback only)")
	fs.DurationVar(&f.IdleTimeout, "idle-timeout", 15*time.Minute, "close a session after this long without a key press (0: never)")
	fs.DurationVar(&f.MaxTimeout, "max-timeout", 8*time.Hour, "close a session after this long, whatever happens (0: never)")
	fs.IntVar(&f.MaxSessions, "max-sessions", 8, "at most this many consoles at once; one more is refused until one ends")
	fs.DurationVar(&f.LoginGrace, "login-grace", 30*time.Second, "close a connection that has not logged in after this long")
	fs.StringVar(&m.listen, "metrics", "", "also serve Prometheus /metrics on `ADDR` (like 127.0.0.1:9790), as metrics --listen does")
	m.register(fs, "metrics-interval")
	a.registerConsoleFlags(fs)
	return cmd
}

// serveBackend is the connection serve's sessions share, and the console each one gets.
type serveBackend struct {
	a   *app
	cmd *cobra.Command
	s   *session
	// stopMetrics ends /metrics served beside the consoles (serve --metrics), and waits.
	stopMetrics func()
}

func (b serveBackend) Status(ctx context.Context) (*status.Status, error) {
	return b.s.client.Status(ctx)
}

func (b serveBackend) Close() { b.stopMetrics(); b.s.close() }

// Console is one session's console on the shared backend, recording samples to the
// history (g shows the trend), with the fleet's servers when the config names them.
func (b serveBackend) Console(ctx context.Context, r *lipgloss.Renderer, getenv func(string) string, readOnly bool) (tea.Model, error) {
	opts, err := b.a.consoleOptions(b.cmd, r, getenv)
	if err != nil {
		return nil, err
	}
	s := b.s
	opts.Backend, opts.ServerURL, opts.Enterprise, opts.TokenSource = s.client, s.config.ServerURL, s.config.Enterprise, s.config.ServerTokenSource
	opts.Context = ctx                // a session that drops mid-load stops its fetch
	opts.ExportHost = serveHostname() // `e` writes on this machine, not the admin's
	opts.Reclaim = consoleReclaimer{a: b.a, s: s}
	if readOnly {
		opts.ReadOnly, opts.ReadOnlyWhy = true, "This SSH key is in --read-only-keys: it may look, not act. Nothing was changed."
	}
	// Its refreshes record samples; g shows the trend.
	closeHistory := b.a.withHistory(ctx, &opts, nil)
	go func() { <-ctx.Done(); closeHistory() }()
	b.a.withFleet(&opts)
	return b.a.fleetConsole(opts), nil
}

// serveHostname names this machine for the console's "Wrote … to …" under serve: the
// file is here, not on the admin's machine.
func serveHostname() string {
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return "host name unknown"
}
