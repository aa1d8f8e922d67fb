package main

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/licensesync/licensesync/client/atomicfile"
	"github.com/licensesync/licensesync/client/sim"
	"github.com/licensesync/licensesync/cmd/licensesync/shell"
	"github.com/licensesync/licensesync/cmd/licensesync/usage"
)

// simReadyLine ends --print-env's output; the shell ignores it as a comment.
const simReadyLine = "# licensesync sim is serving; Ctrl+C stops it"

func (a *app) simCommand() *cobra.Command {
	var (
		opts     sim.Options
		addr     string
		tlsDir   string
		useTLS   bool
		printEnv bool
		stubsDir string
		servers  int
	)
	cmd := &cobra.Command{
		Use:   "sim",
		Short: "Serve a simulated GitHub Enterprise Server and Cloud enterprise on this machine",
		Long: `Serve a simulated enterprise over HTTP (or HTTPS with --tls) on a loopback address:
the server side under /api/v3/, the cloud side under /cloud/. It speaks HTTP as GitHub
does, so every command and curl can be pointed at it. Deterministic from --seed.
Runs until interrupted.`,
		Example: `  # In one shell
  licensesync sim --print-env > sim.env
  # In another
  . ./sim.env && licensesync status

  # Three appliances syncing into one cloud enterprise (on ports 8000, 8001, 8002)
  licensesync sim --servers 3 --addr 127.0.0.1:8000 --print-env > fleet.env &
  . ./fleet.env && licensesync status --all`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// Said by flag, as usage errors, before the simulator's own option checks.
			switch {
			case opts.Users <= 0 || opts.CloudUsers <= 0:
				return usage.Errorf("--users %d --cloud-users %d: give each a number above 0", opts.Users, opts.CloudUsers)
			case opts.FailRate < 0 || opts.FailRate > 1:
				return usage.Errorf("--fail-rate %g: give a fraction from 0 to 1, e.g. 0.1 for one request in ten", opts.FailRate)
			case servers < 1 || servers > 20:
				return usage.Errorf("--servers %d: choose 1 to 20 appliances", servers)
			}
			if useTLS && tlsDir == "" {
				dir, err := a.stateDir()
				if err != nil {
					return err
				}
				tlsDir = filepath.Join(dir, "sim-tls")
			}
			if !useTLS {
				tlsDir = ""
			}
			opts.Log = a.io.err // the server's own complaints (e.g. TLS handshakes)
			if cmd.Flags().Changed("servers") {
				if useTLS || opts.Stock {
					return usage.Errorf("--servers simulates appliances with the console API over HTTP; leave out --tls and --stock")
				}
				return a.serveFleet(cmd, opts, servers, addr, printEnv)
			}
			srv, err := sim.Start(opts, addr, tlsDir)
			if err != nil {
				return err
			}
			defer srv.Close()
			if stubsDir != "" {
				if stubsDir, err = filepath.Abs(stubsDir); err != nil {
					return err
				}
				if err := srv.WriteApplianceStubs(stubsDir); err != nil {
					return err
				}
				fmt.Fprintf(a.io.err, "Wrote stand-ins for ghe-license and ghe-config in %s; put it first on PATH for appliance mode.\n", stubsDir)
			}
			if printEnv {
				for _, line := range srv.Env() {
					fmt.Fprintln(a.io.out, line)
				}
				if stubsDir != "" {
					fmt.Fprintf(a.io.out, "export PATH=%s:\"$PATH\"\n", shell.Quote(stubsDir))
				}
				// A last comment line tells scripts (and our tests) that all lines are out.
				fmt.Fprintln(a.io.out, simReadyLine)
			} else {
				fmt.Fprintf(a.io.err, "Simulated enterprise at %s (server %s, cloud %s). Ctrl+C stops it.\n",
					srv.URL, srv.ServerURL(), srv.CloudURL())
				fmt.Fprintln(a.io.err, "Run `licensesync sim --print-env` for the variables that point licensesync at it.")
			}
			<-cmd.Context().Done()
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&addr, "addr", "127.0.0.1:0", "address to listen on (loopback); with --servers N, appliance i takes the port plus i")
	f.Int64Var(&opts.Seed, "seed", 1, "seed of the simulated data")
	f.IntVar(&opts.Users, "users", 2500, "users on the server")
	f.IntVar(&opts.CloudUsers, "cloud-users", 1800, "members of the cloud enterprise")
	f.DurationVar(&opts.Latency, "latency", 0, "added to every response")
	f.DurationVar(&opts.PageTime.Base, "page-time", 0, "server time of one page of a paged list (consumed-licenses, users)")
	f.DurationVar(&opts.PageTime.PerItem, "page-time-per-item", 0, "server time added per item on a page (a page of 100 takes page-time + 100×this)")
	f.IntVar(&opts.SecondaryLimit.PointsPerWindow, "secondary-points", 0, "secondary rate limit: points (GET 1, writes 5) per token and endpoint per --secondary-window, then 429 with Retry-After (0: off; GitHub: 900)")
	f.DurationVar(&opts.SecondaryLimit.Window, "secondary-window", time.Minute, "the window of --secondary-points (scale it down to keep benchmarks short, e.g. 90 points per 6s)")
	f.IntVar(&opts.SecondaryLimit.MaxConcurrent, "secondary-concurrency", 0, "secondary rate limit: requests in flight at once, then 403 with Retry-After (0: off; GitHub: 100)")
	f.IntVar(&opts.PrimaryLimit.Limit, "primary-limit", 0, "primary rate limit: requests per token per --primary-window (0: not enforced; GitHub: 5000 per hour)")
	f.DurationVar(&opts.PrimaryLimit.Window, "primary-window", time.Hour, "the window of --primary-limit")
	registerFaultFlags(f, &opts)
	f.DurationVar(&opts.SyncDuration, "sync-duration", 3*time.Second, "how long a sync job takes")
	f.Float64Var(&opts.FailRate, "fail-rate", 0, "fraction of requests answered 502/500")
	f.StringVar(&opts.SyncFailure, "sync-failure", "", "make sync jobs fail with this error")
	f.Float64Var(&opts.Clock, "clock", 1, "speed of the simulated clock (e.g. 10080 makes a week pass in a minute)")
	f.BoolVar(&opts.Stock, "stock", false, "a stock appliance: no console API, only GitHub's public endpoints")
	f.BoolVar(&opts.LicenseSyncEnabled, "license-sync-enabled", false, "start with license sync enabled and one sync done")
	f.BoolVar(&opts.ServerStatistics, "server-statistics", false, "the appliance shares Server Statistics with the cloud")
	f.BoolVar(&useTLS, "tls", false, "serve HTTPS with a self-signed certificate (its file is in --print-env as LICENSESYNC_CA_CERT)")
	f.StringVar(&tlsDir, "tls-dir", "", "directory for the certificate with --tls")
	f.BoolVar(&printEnv, "print-env", false, "print export lines that point licensesync at the simulator")
	f.StringVar(&stubsDir, "appliance-bin", "", "write stand-ins for the appliance's ghe-license, ghe-config and ghe-user-csv into DIR (for appliance mode; with --print-env, PATH gets DIR first)")
	f.IntVar(&servers, "servers", 1, "simulate a fleet: this many appliances syncing into one cloud enterprise, listed in a config file (LICENSESYNC_CONFIG)")
	return cmd
}

// registerFaultFlags adds the sim's fault and hostile-input flags to fs, beside
// --fail-rate and the rate-limit flags: connection resets, latency spikes, lost write
// replies and hostile names. `licensesync sim` calls it on its flag set.
func registerFaultFlags(fs *pflag.FlagSet, opts *sim.Options) {
	fs.Float64Var(&opts.ResetRate, "reset-rate", 0, "fraction of connections closed without an answer")
	fs.Float64Var(&opts.SpikeRate, "spike-rate", 0, "fraction of requests delayed by --spike-latency")
	fs.DurationVar(&opts.SpikeLatency, "spike-latency", 500*time.Millisecond, "the length of a latency spike")
	fs.IntVar(&opts.LostWriteReplies, "lost-write-replies", 0, "the first N successful writes are applied but their answer is lost (connection closed)")
	fs.BoolVar(&opts.HostileNames, "hostile-names", false, "plant terminal escape sequences, bidi overrides and control characters in some users' names, logins and emails")
}

// simFleetConfig is the file `sim --servers N` writes: the fleet, for LICENSESYNC_CONFIG.
const simFleetConfig = "sim-fleet.yml"

// serveFleet runs `sim --servers N`: N appliances syncing into one cloud enterprise,
// and a config file listing them (printed with --print-env as LICENSESYNC_CONFIG).
func (a *app) serveFleet(cmd *cobra.Command, opts sim.Options, n int, addr string, printEnv bool) error {
	f, err := sim.StartFleet(opts, n, addr)
	if err != nil {
		return err
	}
	defer f.Close()
	dir, err := a.stateDir()
	if err != nil {
		return err
	}
	path := filepath.Join(dir, simFleetConfig)
	var b strings.Builder
	b.WriteString("# Written by `licensesync sim --servers` for LICENSESYNC_CONFIG: the simulated fleet.\nservers:\n")
	names := make([]string, len(f.Servers))
	for i, s := range f.Servers {
		names[i], _, _ = strings.Cut(s.Hostname(), ".")
		fmt.Fprintf(&b, "  - {name: %s, url: %q, hostname: %s, enterprise: %s, cloud_enterprise: %s}\n",
			names[i], s.ServerURL(), s.Hostname(), s.Enterprise(), s.CloudEnterprise())
	}
	if err := atomicfile.Write(path, []byte(b.String()), 0o600); err != nil {
		return fmt.Errorf("cannot write the fleet's config %s: %w", path, err)
	}
	if printEnv {
		for _, v := range [][2]string{{"LICENSESYNC_CONFIG", path}, {"LICENSESYNC_CLOUD", f.CloudURL()},
			{"LICENSESYNC_CLOUD_ENTERPRISE", f.Servers[0].CloudEnterprise()},
			{"GH_ENTERPRISE_TOKEN", sim.ServerAdminToken}, {"GH_TOKEN", sim.CloudAdminToken}} {
			fmt.Fprintf(a.io.out, "export %s=%s\n", v[0], shell.Quote(v[1]))
		}
		fmt.Fprintln(a.io.out, simReadyLine)
	} else {
		for i, s := range f.Servers {
			fmt.Fprintf(a.io.err, "Simulated appliance %s (%s) at %s\n", names[i], s.Hostname(), s.ServerURL())
		}
		u, _ := url.Parse(f.CloudURL())
		fmt.Fprintf(a.io.err, "One cloud enterprise at %s. The fleet is in %s. Ctrl+C stops it.\n", u, path)
		fmt.Fprintln(a.io.err, "Run `licensesync sim --servers N --print-env` for the variables that point licensesync at it.")
	}
	<-cmd.Context().Done()
	return nil
}
