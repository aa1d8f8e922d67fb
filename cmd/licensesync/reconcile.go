package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/client/status"
)

// readReconcile computes where the seats go from the cloud's consumed licenses and what
// the server adds; the status's server user counts, where it has them, are the
// suspended and dormant users. Unless fresh, the users kept from the last complete read
// (the snapshot) are used while the cloud's totals in st are still theirs, and their
// counts kept with them while nothing they were counted from changed
// (status.Reader.ReconcileKept): a large enterprise's every page costs a minute of
// GitHub's secondary rate limit (900 requests a minute), and status is meant to be
// quick (docs/PERFORMANCE.md). fresh reads every page and counts them, with the
// findings. at is when the users counted were last confirmed; the notes say what
// could not be read.
func readReconcile(ctx context.Context, c *status.Reader, st *status.Status, fresh bool) (r *seats.Reconcile, at time.Time, notes []string, err error) {
	ok := false
	if !fresh {
		r, at, ok = c.ReconcileKept(ctx, st)
	}
	if !ok {
		cl, err := c.ConsumedLicenses(ctx, nil)
		if err != nil {
			return nil, time.Time{}, nil, err
		}
		at = time.Now()
		r = c.ReconcileFetched(ctx, cl, st) // what status read is not read again; kept for the next
		notes = cl.Notes
	}
	if st.Server.Hostname != "" { // the appliance's own name, as status says it
		r.LeversServer = st.Server.Hostname
	}
	for _, n := range []string{r.Note, r.ProjectionUnknown} {
		if n != "" {
			notes = append(notes, n)
		}
	}
	return r, at, notes, nil
}

// printReconcile renders the breakdown for people: each number with its meaning, in
// 80 columns, and how current the users it counts are.
func printReconcile(w io.Writer, r *seats.Reconcile, at, now time.Time) {
	fmt.Fprintf(w, "Where the seats go (users read %s)\n", frontend.Ago(now, at))
	labelW := 16 // wider for the server's own counts, "suspended on HOST"
	for _, l := range r.Lines() {
		labelW = max(labelW, len([]rune(l.Label)))
	}
	for _, l := range r.Lines() {
		n, meaning := "?", "unknown (the server shares no statistics)"
		switch {
		case l.Known:
			n, meaning = frontend.Thousands(l.N), l.Meaning
		case l.Impossible != "":
			meaning = l.Impossible
		}
		fmt.Fprintf(w, "  %-*s %6s  %s\n", labelW, l.Label, n, meaning)
	}
	var notes []string
	if r.CountedTwice.People > 0 {
		notes = append(notes, "Counted twice: "+r.CountedTwiceSummary()+"; who and the fixes: licensesync users --duplicates.",
			r.AfterFixesText())
	}
	notes = append(notes, r.ProjectionText())
	for _, n := range notes {
		if n != "" {
			fmt.Fprintln(w, "  "+strings.ReplaceAll(ansi.Wordwrap(n, 76, ""), "\n", "\n  "))
		}
	}
}
