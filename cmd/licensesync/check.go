package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/licensesync/licensesync/client/textsafe"
	"github.com/licensesync/licensesync/cmd/licensesync/check"
)

// checkExit ends a command with a monitoring exit code; its line is already printed.
type checkExit struct{ code int }

func (e checkExit) Error() string { return "check: " + check.StateNames[e.code] }

func (a *app) checkCommand() *cobra.Command {
	var (
		asJSON jsonOutput
		lim    check.Limits
	)
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Check license sync and seats for cron and monitoring (Nagios/Icinga plugin)",
		Long: `Check license sync and seat usage once and answer as a Nagios or Icinga plugin does:
one line "LICENSESYNC STATE - what | perfdata" and the exit code

  0 OK        nothing to report
  1 WARNING   license sync disabled; no successful sync for longer than --stale;
              consumed above --over-warn of purchased; license expiring within --expiry-warn
  2 CRITICAL  the last sync failed; consumed over purchased; license expiring within
              --expiry-critical, or expired
  3 UNKNOWN   something could not be read (the reason is on the line)

The worst finding decides (CRITICAL, then WARNING, then UNKNOWN); every finding is on the
line, worst first.`,
		Example: `  licensesync check
  licensesync check --stale 15d --over-warn 90%
  licensesync check --json | jq .findings
  # cron: mail only when something is wrong
  0 7 * * * licensesync check >/dev/null || licensesync check | mail -s licensesync admin@example.com`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// Above 100% the warning would come after the critical (consumed over
			// purchased); a zero --stale would warn on every run.
			if lim.OverWarnPct <= 0 || lim.OverWarnPct > 100 {
				return a.checkUnknown(&asJSON, fmt.Sprintf("--over-warn %g%%: give a percentage of purchased seats above 0%% and at most 100%% (over 100%% is CRITICAL already), e.g. 95%%", lim.OverWarnPct))
			}
			if lim.Stale <= 0 {
				return a.checkUnknown(&asJSON, fmt.Sprintf("--stale %s: give how long without a successful sync is too long, more than 0, e.g. 8d (the weekly schedule plus a day)", formatDays(lim.Stale)))
			}
			if lim.ExpiryCrit > lim.ExpiryWarn {
				return a.checkUnknown(&asJSON, fmt.Sprintf("--expiry-critical %s is longer than --expiry-warn %s: the critical limit must be the shorter", formatDays(lim.ExpiryCrit), formatDays(lim.ExpiryWarn)))
			}
			s, err := a.open(cmd.Context())
			if err != nil {
				return a.checkUnknown(&asJSON, err.Error())
			}
			defer s.close()
			st, err := s.client.Status(cmd.Context())
			if err != nil {
				return a.checkUnknown(&asJSON, err.Error())
			}
			a.recordSample(cmd.Context(), st)
			return a.checkReport(&asJSON, check.Evaluate(st, lim, time.Now()))
		},
	}
	f := cmd.Flags()
	asJSON.register(cmd, "print the verdict as JSON (state, code, summary, findings, perfdata)",
		".findings[].text", `{{.state}}: {{.summary}}`)
	// A --jq or --template that does not parse is UNKNOWN too, said as JSON.
	compile := cmd.PreRunE
	cmd.PreRunE = func(c *cobra.Command, args []string) error {
		if err := compile(c, args); err != nil {
			return a.checkUnknown(&asJSON, err.Error())
		}
		return nil
	}
	f.Var(newDayDuration(&lim.Stale, 8*24*time.Hour), "stale", "WARNING when no sync succeeded for longer, more than 0 (the weekly schedule plus a day)")
	f.Var(newPercent(&lim.OverWarnPct, 95), "over-warn", "WARNING when cloud seats consumed exceed this share of purchased (above 0%, at most 100%)")
	f.Var(newDayDuration(&lim.ExpiryWarn, 30*24*time.Hour), "expiry-warn", "WARNING when the server license expires within")
	f.Var(newDayDuration(&lim.ExpiryCrit, 7*24*time.Hour), "expiry-critical", "CRITICAL when the server license expires within")
	// A monitoring system reads any exit but 0-3 wrongly: bad flags are UNKNOWN too.
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return a.checkUnknown(&asJSON, err.Error()) })
	return cmd
}

// checkUnknown reports that the check could not be made, as UNKNOWN (exit 3).
func (a *app) checkUnknown(asJSON *jsonOutput, reason string) error {
	reason = textsafe.Sanitize(strings.TrimPrefix(reason, "licensesync: "))
	return a.checkReport(asJSON, check.Result{State: check.Unknown, Level: check.StateNames[check.Unknown], Summary: reason,
		Findings: []check.Finding{{State: check.Unknown, Level: check.StateNames[check.Unknown], Text: reason}}})
}

// checkReport prints the verdict and ends with its exit code.
func (a *app) checkReport(asJSON *jsonOutput, r check.Result) error {
	if asJSON.wanted() {
		if r.Perf == nil {
			r.Perf = []check.PerfDatum{}
		}
		if err := asJSON.write(a.io.out, r); err != nil {
			return err
		}
	} else {
		line := "LICENSESYNC " + r.Level + " - " + textsafe.Sanitize(r.Summary)
		if p := check.Perfdata(r.Perf); p != "" {
			line += " | " + p
		}
		fmt.Fprintln(a.io.out, line)
	}
	if r.State == check.OK {
		return nil
	}
	return checkExit{r.State}
}

// percent is a flag of a percentage, "95%" or "95".
type percent struct{ p *float64 }

func newPercent(p *float64, def float64) percent {
	*p = def
	return percent{p}
}

func (v percent) String() string {
	if v.p == nil {
		return ""
	}
	return strconv.FormatFloat(*v.p, 'g', -1, 64) + "%"
}

func (v percent) Set(s string) error {
	f, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(s), "%"), 64)
	if err != nil {
		return fmt.Errorf("%q is not a percentage: write e.g. 95%%", s)
	}
	*v.p = f
	return nil
}

func (v percent) Type() string { return "percent" }

var _ pflag.Value = percent{}
