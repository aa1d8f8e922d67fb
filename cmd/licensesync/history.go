package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/client/status"
	"github.com/licensesync/licensesync/client/textsafe"
	"github.com/licensesync/licensesync/cmd/licensesync/output"
	"github.com/licensesync/licensesync/history"
)

func (a *app) historyCommand() *cobra.Command {
	var (
		asJSON jsonOutput
		asCSV  bool
		since  time.Duration
	)
	cmd := &cobra.Command{
		Use:   "history",
		Short: "Show the recorded license usage over time",
		Long: `Show the license usage licensesync has recorded: a sample each time the numbers
were read (status, check, each console refresh), identical ones folded into one span,
and one point a day after 90 days. Where the appliance shares Server Statistics with
the cloud, their daily records are added first (source "server-statistics"): the
server's seats used on each day, up to a year back.

The history is kept in $XDG_STATE_HOME/licensesync/history.db (docs/HISTORY.md). With
--demo it shows the demo's history only, which is marked as demo data.`,
		Example: `  licensesync history
  licensesync history --since 30d --csv > usage.csv
  licensesync history --demo --json | jq '[.[] | select(.source == "server-statistics")] | length'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			store, err := a.openHistory(ctx)
			if err != nil {
				return err
			}
			defer store.Close()
			from := time.Now().Add(-since)
			q := history.Query{Since: from, Demo: a.conn.demo}
			if s, err := a.open(ctx); err == nil {
				q.Server = a.backfill(ctx, store, s, from)
				s.close()
			} else if a.conn.demo || a.conn.server != "" {
				return err
			}
			samples, err := store.Samples(ctx, q)
			if err != nil {
				return fmt.Errorf("cannot read the history %s: %w", store.Path(), err)
			}
			switch {
			case asJSON.wanted():
				return asJSON.write(a.io.out, samples)
			case asCSV:
				return writeHistoryCSV(a, samples)
			}
			printHistory(a, samples, store.Path())
			return nil
		},
	}
	f := cmd.Flags()
	asJSON.register(cmd, "print the samples as a JSON array, oldest first",
		".[-1].server_seats_used", `{{range .}}{{.time}} {{.server_seats_used}}{{"\n"}}{{end}}`)
	f.BoolVar(&asCSV, "csv", false, "print the samples as CSV, oldest first")
	f.Var(newDayDuration(&since, 90*24*time.Hour), "since", "how far back, e.g. 30d, 365d or 12h")
	cmd.MarkFlagsMutuallyExclusive("json", "csv")
	return cmd
}

// backfill adds the cloud's Server Statistics records since from to the store, and
// returns the server's host name (the history to show). What cannot be read is a note.
func (a *app) backfill(ctx context.Context, store *history.Store, s *session, from time.Time) string {
	host := hostOf(s.config.ServerURL)
	if file, err := a.config(); err == nil {
		if f, ok := file.fleetEntry(s.config.ServerURL); ok && f.Hostname != "" {
			host = f.Hostname // the name samples carry, when the server cannot be read now
		}
	}
	if st, err := s.client.Status(ctx); err == nil {
		a.recordInto(ctx, store, st)
		host = st.Server.Hostname
	}
	if !s.client.HasCloud() {
		return history.ServerKey(host)
	}
	recs, err := s.client.ServerStatistics(ctx, from)
	if err != nil {
		if client.KindOf(err) != client.KindNotFound {
			output.PrintGaps(a.io.err, []string{"Server Statistics were not added to the history: " + err.Error()})
		}
		return history.ServerKey(host)
	}
	if _, err := store.Backfill(ctx, history.FromStatistics(recs, a.conn.demo)); err != nil {
		output.PrintGaps(a.io.err, []string{"Server Statistics were not added to the history: " + err.Error()})
	}
	return history.ServerKey(host)
}

func printHistory(a *app, samples []history.Sample, path string) {
	if len(samples) == 0 {
		fmt.Fprintf(a.io.out, "No history yet in %s: every status, check and console refresh adds a sample.\n", path)
		return
	}
	fmt.Fprintf(a.io.out, "%-17s  %-17s  %-24s  %11s  %11s  %s\n", "TIME (UTC)", "SOURCE", "SERVER", "SERVER SEATS", "CLOUD SEATS", "COUNTED TWICE")
	for _, s := range samples {
		fmt.Fprintf(a.io.out, "%-17s  %-17s  %-24s  %11s  %11s  %s\n", s.At.Format("2006-01-02 15:04"), s.Source,
			textsafe.Sanitize(s.Server), ratio(s.ServerSeatsUsed, s.ServerSeatsTotal), ratio(s.CloudConsumed, s.CloudPurchased), output.OrDash(humanNum(s.CountedTwice)))
	}
}

func writeHistoryCSV(a *app, samples []history.Sample) error {
	w := output.NewCSVWriter(a.io.out) // every cell sanitized and neutralised (textsafe.CSVCell)
	_ = w.Write([]string{"time", "until", "source", "demo", "daily", "server", "server_seats_used", "server_seats_total",
		"cloud_consumed", "cloud_purchased", "counted_twice", "this_server_last_sync", "this_server_last_sync_status"})
	for _, s := range samples {
		var syncDate, syncStatus string
		for _, p := range s.Syncs {
			if p.Server == s.Server {
				syncDate, syncStatus = p.Date, p.Status
			}
		}
		row := []string{s.At.Format(time.RFC3339), s.Until.Format(time.RFC3339), s.Source, strconv.FormatBool(s.Demo), strconv.FormatBool(s.Daily),
			s.Server, num(s.ServerSeatsUsed), num(s.ServerSeatsTotal), num(s.CloudConsumed), num(s.CloudPurchased), num(s.CountedTwice), syncDate, syncStatus}
		_ = w.Write(row)
	}
	return w.Flush()
}

func num(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

// humanNum is num with thousands separators, for the table people read.
func humanNum(p *int) string {
	if p == nil {
		return ""
	}
	return frontend.Thousands(*p)
}

func ratio(a, b *int) string {
	if a == nil {
		return "-"
	}
	if b == nil {
		return humanNum(a)
	}
	return humanNum(a) + "/" + humanNum(b)
}

// historyFile is the history database's name in the state directory.
const historyFile = "history.db"

// historyPath is the history database's path in the state directory.
func (a *app) historyPath() (string, error) {
	dir, err := a.stateDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, historyFile), nil
}

// openHistory opens the history database in the state directory; a database that
// had to be moved aside is said once, on stderr.
func (a *app) openHistory(ctx context.Context) (*history.Store, error) {
	path, err := a.historyPath()
	if err != nil {
		return nil, err
	}
	store, notice, err := history.Open(ctx, path)
	if notice != "" {
		output.PrintGaps(a.io.err, []string{notice})
	}
	return store, err
}

// recordSample adds one status to the history. The history never fails a command: a
// problem is a note on stderr.
func (a *app) recordSample(ctx context.Context, st *status.Status) {
	store, err := a.openHistory(ctx)
	if err != nil {
		output.PrintGaps(a.io.err, []string{"this reading was not added to the history: " + err.Error()})
		return
	}
	defer store.Close()
	a.recordInto(ctx, store, st)
}

func (a *app) recordInto(ctx context.Context, store *history.Store, st *status.Status) {
	var countedTwice *int // known when the status says where the seats go
	if st.Reconcile != nil {
		countedTwice = &st.Reconcile.CountedTwice.People
	}
	if err := store.RecordStatus(ctx, st, a.conn.demo, countedTwice); err != nil {
		output.PrintGaps(a.io.err, []string{"this reading was not added to the history: " + err.Error()})
	}
}

// forgetDemoHistory drops the demo's history with the demo (--demo-reset).
func (a *app) forgetDemoHistory(ctx context.Context) {
	store, err := a.openHistory(ctx)
	if err != nil {
		output.PrintGaps(a.io.err, []string{"the demo's history was kept: " + err.Error()})
		return
	}
	defer store.Close()
	if err := store.ForgetDemo(ctx); err != nil {
		output.PrintGaps(a.io.err, []string{"the demo's history was kept: " + err.Error()})
	}
}
