package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/licensesync/licensesync/client/appliance"
	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/client/status"
	"github.com/licensesync/licensesync/cmd/licensesync/output"
	"github.com/licensesync/licensesync/cmd/licensesync/usage"
)

// exportReport is export --json: where the file went and what its instance block says
// (README, "export --json").
type exportReport struct {
	File     string   `json:"file"`
	Source   string   `json:"source"`
	ServerID string   `json:"server_id"`
	Features []string `json:"features"`
}

func (a *app) exportCommand() *cobra.Command {
	var outFile string
	var force bool
	var asJSON jsonOutput
	cmd := &cobra.Command{
		Use:   "export",
		Short: `"Export license usage": download the server's usage file`,
		Long: `Download the server's license usage file, as "Export license usage" does on the
License page, for the manual path: upload it to the cloud with licensesync upload FILE
(or on the enterprise's Licensing page, "Add server usage").

In the appliance's administrative shell (appliance mode) the file comes from
ghe-license usage (ghe-license-usage on GHES 3.12 and older), written byte for byte:
its user list is encrypted and is never read or changed. No token is needed for it.

The file is written with mode 0600 and never replaces an existing file without --force.
Without -o it goes to standard output.`,
		Example: `  licensesync export -o usage.json
  licensesync export -o usage.json --json
  licensesync upload usage.json`,
		Args: cobra.NoArgs,
		RunE: a.withSession(func(cmd *cobra.Command, s *session) error {
			toStdout := outFile == "" || outFile == "-"
			if asJSON.wanted() && toStdout {
				return usage.Errorf("--json prints where the file went: pass -o FILE too")
			}
			data, source, err := exportUsage(cmd.Context(), s.client)
			if err != nil {
				return err
			}
			if toStdout {
				_, err := a.io.out.Write(output.EscapeInvisible(data)) // same JSON, inert on a terminal
				return err
			}
			if err := writeFileAtomic(outFile, data, force); err != nil {
				return err
			}
			inst := appliance.ReadUsageInstance(data)
			if asJSON.wanted() {
				return asJSON.write(a.io.out, exportReport{File: outFile, Source: source, ServerID: inst.ServerID, Features: inst.Features})
			}
			if s.client.Appliance() != nil {
				fmt.Fprintf(a.io.err, "Wrote %s (%s bytes, from %s). Upload it on %s → Add server usage (or: licensesync upload %s).\n",
					outFile, frontend.Thousands(len(data)), source, s.client.CloudLicensePage(), outFile)
				return nil
			}
			fmt.Fprintf(a.io.err, "Wrote %s (%s bytes). Next: licensesync upload %s\n", outFile, frontend.Thousands(len(data)), outFile)
			return nil
		}),
	}
	cmd.Flags().StringVarP(&outFile, "output", "o", "", "write the usage file to FILE")
	cmd.Flags().BoolVar(&force, "force", false, "replace FILE if it exists")
	asJSON.register(cmd, `with -o: print {"file","source","server_id","features"} as JSON`,
		".server_id", `{{join "," .features}}`)
	return cmd
}

// exportUsage reads the usage file: from ghe-license usage in appliance mode, else from
// the console API. The second result names where it came from.
func exportUsage(ctx context.Context, c *status.Reader) ([]byte, string, error) {
	if app := c.Appliance(); app != nil {
		return app.ExportUsage(ctx)
	}
	data, err := c.ExportUsage(ctx)
	return data, "the console API", err
}
