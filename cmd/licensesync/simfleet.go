package main

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/licensesync/licensesync/client/atomicfile"
	"github.com/licensesync/licensesync/client/sim"
	"github.com/licensesync/licensesync/cmd/licensesync/shell"
)

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
