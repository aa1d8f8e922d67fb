package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/client/textsafe"
	"github.com/licensesync/licensesync/cmd/licensesync/output"
)

func (a *app) syncCommand() *cobra.Command {
	var wait bool
	var asJSON jsonOutput
	cmd := &cobra.Command{
		Use:   "sync",
		Short: `"Sync now": send the server's license usage to the cloud`,
		Long: `Start a license sync job now, as the "Sync now" button does, instead of waiting for
the weekly one. With --wait, follow it until it finishes; the exit code is 1 when the job
fails. License sync must be enabled first (licensesync enable).`,
		Example: `  licensesync sync --wait
  licensesync sync --json`,
		Args: cobra.NoArgs,
		RunE: a.withSession(func(cmd *cobra.Command, s *session) error {
			ctx := cmd.Context()
			job, err := s.client.StartSync(ctx)
			if err != nil {
				return err
			}
			if !asJSON.wanted() {
				fmt.Fprintf(a.io.err, "Sync job %d %s on %s\n", job.ID, output.OrDash(job.State), serverName(ctx, s))
			}
			if wait {
				last, id := job.State, job.ID
				job, err = s.client.WaitSync(ctx, job.ID, func(j *client.SyncJob) {
					if !asJSON.wanted() && j.State != last {
						last = j.State
						fmt.Fprintf(a.io.err, "Sync job %d %s\n", j.ID, output.OrDash(j.State))
					}
				})
				if ctx.Err() != nil {
					fmt.Fprintf(a.io.err, "Sync job %d goes on on the server; licensesync status shows how it ends.\n", id)
				}
				if err != nil {
					return err
				}
			}
			if asJSON.wanted() {
				if err := asJSON.write(a.io.out, job); err != nil {
					return err
				}
			} else {
				printJob(a, job)
			}
			if job.State == client.JobFailed {
				return fmt.Errorf("sync job %d failed: %s", job.ID, output.OrDash(job.Error))
			}
			return nil
		}),
	}
	cmd.Flags().BoolVar(&wait, "wait", false, "wait for the job to finish")
	asJSON.register(cmd, "print the job as JSON", ".state", `{{.state}} {{.users_uploaded}}`)
	return cmd
}

func printJob(a *app, job *client.SyncJob) {
	switch job.State {
	case client.JobSucceeded:
		fmt.Fprintf(a.io.out, "Sync job %d succeeded: %s users uploaded.\n", job.ID, frontend.Thousands(job.UsersUploaded))
	case client.JobFailed:
		fmt.Fprintf(a.io.out, "Sync job %d failed.\n", job.ID)
	default:
		fmt.Fprintf(a.io.out, "Sync job %d is %s; run `licensesync status` to follow it.\n", job.ID, output.OrDash(job.State))
	}
}

// serverName is the server's name as status and enable say it: ghe-config's
// core.github-hostname in appliance mode, else GitHub Connect's settings, else the host
// of --server (often an address GitHub does not know the server by).
func serverName(ctx context.Context, s *session) string {
	if h, err := s.client.KnownHostname(ctx); err == nil && textsafe.Sanitize(h) != "" {
		return textsafe.Sanitize(h)
	}
	if settings, err := s.client.ConnectSettings(ctx); err == nil {
		return settingsHostname(settings, s.config)
	}
	return hostOf(s.config.ServerURL)
}
