package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/licensesync/licensesync/client/appliance"
	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/client/textsafe"
	"github.com/licensesync/licensesync/cmd/licensesync/output"
	"github.com/licensesync/licensesync/cmd/licensesync/usage"
)

// maxUsageFile bounds what upload reads: a usage file of 1,000,000 users is far below it.
const maxUsageFile = 256 << 20

func (a *app) uploadCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "upload FILE",
		Short: `"Add server usage": upload a usage file to the cloud enterprise`,
		Long: `Upload a license usage file made by licensesync export (or "Export license usage")
to the cloud enterprise, the manual path for servers without license sync. The cloud
then counts those users as it would after a sync.`,
		Example: `  licensesync export -o usage.json
  licensesync upload usage.json`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usage.Errorf("upload takes one file: licensesync upload FILE")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			data, err := readUsageFile(args[0])
			if err != nil {
				return err
			}
			s, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			defer s.close()
			res, err := s.client.UploadUsage(cmd.Context(), data)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.io.out, "Uploaded %s users of %s (server %s) to the cloud enterprise.\n",
				frontend.Thousands(res.UsersUploaded), output.OrDash(res.Hostname), output.OrDash(res.ServerID))
			// The cloud's own view (GraphQL) confirms it, or says it is still pending.
			host := appliance.ReadUsageInstance(data).HostName
			if inst, err := s.client.Installation(cmd.Context(), host); err == nil && inst.Found && inst.LastUpload != nil {
				fmt.Fprintf(a.io.out, "GitHub.com's view of %s: last upload %s %s.\n", textsafe.Sanitize(inst.HostName),
					inst.LastUpload.StateWords(), cloudDate(inst.LastUpload.CreatedAt, time.Now()))
			}
			return nil
		},
	}
	return cmd
}

// readUsageFile reads and checks a usage file before anything is sent.
func readUsageFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usage.Errorf("cannot read %s: %v", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxUsageFile+1))
	if err != nil {
		return nil, usage.Errorf("cannot read %s: %v", path, err)
	}
	if len(data) > maxUsageFile {
		return nil, usage.Errorf("%s is larger than %d MiB; is it a usage file?", path, maxUsageFile>>20)
	}
	// A console-API export has server_id and users at the top; ghe-license usage's has
	// an instance block and an encrypted user list (docs/APPLIANCE.md): either will do.
	var probe struct {
		Users json.RawMessage `json:"users"`
	}
	if err := json.Unmarshal(data, &probe); err != nil || appliance.ReadUsageInstance(data).ServerID == "" || len(probe.Users) == 0 || string(probe.Users) == "null" {
		return nil, usage.Errorf("%s is not a license usage file (make one with licensesync export -o FILE)", path)
	}
	return data, nil
}
