package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/licensesync/licensesync/client"
)

// readReconcile reads every page of the cloud's consumed licenses and what the server
// adds, and computes where the seats go; the status's server user counts, where it has
// them, are the suspended and dormant users. The notes say what could not be read.
func readReconcile(ctx context.Context, c *client.Client, st *client.Status) (*client.Reconcile, []string, error) {
	cl, err := c.ConsumedLicenses(ctx, nil)
	if err != nil {
		return nil, nil, err
	}
	r := c.ReconcileFrom(ctx, cl)
	if u := st.Server.Users; u != nil {
		r.Suspended = &u.Suspended
		if u.Dormant != nil {
			r.Dormant = u.Dormant
		}
	}
	notes := cl.Notes
	if r.Note != "" {
		notes = append(notes, r.Note)
	}
	return r, notes, nil
}

// printReconcile renders the breakdown for people: each number with its meaning, in
// 80 columns.
func printReconcile(w io.Writer, r *client.Reconcile) {
	fmt.Fprintln(w, "Where the seats go")
	for _, l := range r.Lines() {
		n, meaning := "?", "unknown (the server shares no statistics)"
		if l.Known {
			n, meaning = fmt.Sprint(l.N), l.Meaning
		}
		fmt.Fprintf(w, "  %-16s %6s  %s\n", l.Label, n, meaning)
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
