package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func (a *app) exportCommand() *cobra.Command {
	var output string
	var force bool
	cmd := &cobra.Command{
		Use:   "export",
		Short: `"Export license usage": download the server's usage file`,
		Long: `Download the server's license usage file, as "Export license usage" does on the
License page, for the manual path: upload it to the cloud with licensesync upload FILE
(or on the enterprise's Licensing page, "Add server usage").

The file is written with mode 0600 and never replaces an existing file without --force.
Without -o it goes to standard output.`,
		Example: `  licensesync export -o usage.json
  licensesync upload usage.json`,
		Args: cobra.NoArgs,
		RunE: a.withSession(func(cmd *cobra.Command, s *session) error {
			data, err := s.client.ExportUsage(cmd.Context())
			if err != nil {
				return err
			}
			if output == "" || output == "-" {
				_, err := a.io.out.Write(escapeInvisible(data)) // same JSON, inert on a terminal
				return err
			}
			if err := writeFileAtomic(output, data, force); err != nil {
				return err
			}
			fmt.Fprintf(a.io.err, "Wrote %s (%d bytes). Next: licensesync upload %s\n", output, len(data), output)
			return nil
		}),
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "write the usage file to FILE")
	cmd.Flags().BoolVar(&force, "force", false, "replace FILE if it exists")
	return cmd
}
