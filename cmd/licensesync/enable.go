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
)

// settingLabel is the setting's name exactly as the GitHub Connect tab shows it.
const settingLabel = "Server can sync user license count and usage"

func (a *app) enableCommand(enable bool) *cobra.Command {
	var yes bool
	verb, value := "disable", "Disabled"
	if enable {
		verb, value = "enable", "Enabled"
	}
	cmd := &cobra.Command{
		Use:   verb,
		Short: fmt.Sprintf("Set %q to %s", settingLabel, value),
		Long: fmt.Sprintf(`Set the GitHub Connect setting %q to %s,
then read it back to confirm. Asks first unless --yes is given.

This needs the appliance console API; on an appliance without it licensesync says
which page to open instead.`, settingLabel, value),
		Example: fmt.Sprintf("  licensesync %s\n  licensesync %s --yes --demo", verb, verb),
		Args:    cobra.NoArgs,
		RunE: a.withSession(func(cmd *cobra.Command, s *session) error {
			ctx := cmd.Context()
			current, err := s.client.ConnectSettings(ctx)
			if err != nil {
				return err
			}
			if !current.Connected {
				return fmt.Errorf("GitHub Connect is not enabled on %s; it comes first: open %s → GitHub Connect → Enable GitHub Connect",
					hostOf(s.config.ServerURL), settingsPage(s.config))
			}
			want := client.FeatureDisabled
			if enable {
				want = client.FeatureEnabled
			}
			if current.LicenseSync() == want {
				fmt.Fprintf(a.io.out, "%q is already %s on %s; nothing changed.\n", settingLabel, value, hostOf(s.config.ServerURL))
				return nil
			}
			if !yes {
				if err := a.confirm(ctx, fmt.Sprintf("Change %q on %s from %s to %s?", settingLabel,
					hostOf(s.config.ServerURL), displayValue(current.LicenseSync()), value)); err != nil {
					return err
				}
			}
			after, err := s.client.SetLicenseSync(ctx, enable, current.ETag)
			// Someone else changed the settings between our read and our write: nothing
			// was overwritten. Show what they are now and ask again (with --yes, stop).
			for errors.Is(err, client.ErrChangedByOthers) && after != nil {
				fmt.Fprintf(a.io.err, "Someone else changed the GitHub Connect settings on %s since they were read: %q is now %s.\n",
					hostOf(s.config.ServerURL), settingLabel, displayValue(after.LicenseSync()))
				if after.LicenseSync() == want {
					fmt.Fprintf(a.io.out, "%q is already %s on %s; nothing changed.\n", settingLabel, value, hostOf(s.config.ServerURL))
					return nil
				}
				if yes {
					return err
				}
				if err := a.confirm(ctx, fmt.Sprintf("Change %q on %s from %s to %s?", settingLabel,
					hostOf(s.config.ServerURL), displayValue(after.LicenseSync()), value)); err != nil {
					return err
				}
				current = after
				after, err = s.client.SetLicenseSync(ctx, enable, after.ETag)
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(a.io.out, "%s: %s → %s (read back from %s)\n", settingLabel,
				displayValue(current.LicenseSync()), displayValue(after.LicenseSync()), hostOf(s.config.ServerURL))
			if enable {
				fmt.Fprintln(a.io.out, "The first sync runs within a week; run `licensesync sync --wait` to sync now.")
			}
			return nil
		}),
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "change without asking")
	return cmd
}

// displayValue names a feature value as the dropdown does.
func displayValue(v string) string {
	switch v {
	case client.FeatureEnabled:
		return "Enabled"
	case client.FeatureDisabled:
		return "Disabled"
	}
	return "unknown"
}

// settingsPage is the enterprise settings page on the appliance.
func settingsPage(cfg client.Config) string {
	return strings.TrimSuffix(cfg.ServerURL, "/") + "/enterprises/" + cfg.Enterprise + "/settings"
}

// confirm asks a yes/no question on the terminal; without one it refuses to guess.
func (a *app) confirm(ctx context.Context, question string) error {
	if f, ok := a.io.in.(interface{ Fd() uintptr }); !ok || !isatty.IsTerminal(f.Fd()) {
		return usagef("%s Not asking without a terminal: pass --yes to change it", question)
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
