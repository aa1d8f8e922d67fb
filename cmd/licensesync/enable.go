package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/client/textsafe"
	"github.com/licensesync/licensesync/cmd/licensesync/usage"
)

func (a *app) enableCommand(enable bool) *cobra.Command {
	var yes bool
	verb, value := "disable", frontend.ValueLabel(client.FeatureDisabled)
	if enable {
		verb, value = "enable", frontend.ValueLabel(client.FeatureEnabled)
	}
	cmd := &cobra.Command{
		Use:   verb,
		Short: fmt.Sprintf("Set %q to %s", frontend.SettingLabel, value),
		Long: fmt.Sprintf(`Set the GitHub Connect setting %q to %s,
then read it back to confirm. Asks first unless --yes is given.

This needs the appliance console API; on an appliance without it licensesync says
which page to open instead.`, frontend.SettingLabel, value),
		Example: fmt.Sprintf("  licensesync %s\n  licensesync %s --yes --demo", verb, verb),
		Args:    cobra.NoArgs,
		RunE: a.withSession(func(cmd *cobra.Command, s *session) error {
			ctx := cmd.Context()
			current, err := s.client.ConnectSettings(ctx)
			if err != nil {
				return err
			}
			server := settingsHostname(current, s.config) // the name status shows, not --server's address
			if !current.Connected {
				return fmt.Errorf("GitHub Connect is not enabled on %s; it comes first: open %s → GitHub Connect → Enable GitHub Connect",
					server, settingsPage(s.config))
			}
			want := client.FeatureDisabled
			if enable {
				want = client.FeatureEnabled
			}
			if current.LicenseSync() == want {
				fmt.Fprintf(a.io.out, "%q is already %s on %s; nothing changed.\n", frontend.SettingLabel, value, server)
				return nil
			}
			if !yes {
				if err := a.confirm(ctx, fmt.Sprintf("Change %q on %s from %s to %s?", frontend.SettingLabel,
					server, frontend.ValueLabel(current.LicenseSync()), value)); err != nil {
					return err
				}
			}
			after, err := s.client.SetLicenseSync(ctx, enable, current.ETag)
			// Someone else changed the settings between our read and our write: nothing
			// was overwritten. Show what they are now and ask again (with --yes, stop).
			for errors.Is(err, client.ErrChangedByOthers) && after != nil {
				fmt.Fprintf(a.io.err, "Someone else changed the GitHub Connect settings on %s since they were read: %q is now %s.\n",
					server, frontend.SettingLabel, frontend.ValueLabel(after.LicenseSync()))
				if after.LicenseSync() == want {
					fmt.Fprintf(a.io.out, "%q is already %s on %s; nothing changed.\n", frontend.SettingLabel, value, server)
					return nil
				}
				if yes {
					return err
				}
				if err := a.confirm(ctx, fmt.Sprintf("Change %q on %s from %s to %s?", frontend.SettingLabel,
					server, frontend.ValueLabel(after.LicenseSync()), value)); err != nil {
					return err
				}
				current = after
				after, err = s.client.SetLicenseSync(ctx, enable, after.ETag)
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(a.io.out, "%s: %s → %s (read back from %s)\n", frontend.SettingLabel,
				frontend.ValueLabel(current.LicenseSync()), frontend.ValueLabel(after.LicenseSync()), server)
			if enable {
				fmt.Fprintln(a.io.out, "The first sync runs within a week; run `licensesync sync --wait` to sync now.")
			}
			return nil
		}),
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "change without asking")
	return cmd
}

// settingsPage is the enterprise settings page on the appliance.
func settingsPage(cfg client.Config) string {
	return frontend.EnterpriseURL(cfg.ServerURL, cfg.Enterprise, "settings")
}

// confirm asks a yes/no question on the terminal; without one it refuses to guess.
func (a *app) confirm(ctx context.Context, question string) error {
	if f, ok := a.io.in.(interface{ Fd() uintptr }); !ok || !isatty.IsTerminal(f.Fd()) {
		return usage.Errorf("%s Not asking without a terminal: pass --yes to change it", question)
	}
	fmt.Fprintf(a.io.err, "%s [y/N] ", question)
	if a.answers == nil {
		a.answers = bufio.NewReader(a.io.in)
	}
	// Read in the background so that Ctrl+C (the context) cancels at once; the reader
	// goroutine ends with the process, which exits right after.
	line := make(chan string, 1)
	go func() {
		answer, _ := a.answers.ReadString('\n')
		line <- answer
	}()
	var answer string
	select {
	case <-ctx.Done():
		fmt.Fprintln(a.io.err)
		return ctx.Err()
	case answer = <-line:
	}
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "y", "yes":
		return nil
	}
	return errCancelled
}

// settingsHostname is the server's name as GitHub Connect's settings give it (the one
// status shows), else the host of --server.
func settingsHostname(settings *client.ConnectSettings, cfg client.Config) string {
	if h := textsafe.Sanitize(settings.Hostname); h != "" {
		return h
	}
	return hostOf(cfg.ServerURL)
}
