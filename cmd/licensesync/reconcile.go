package main

import (
	"context"
	"fmt"
	"io"

	"github.com/licensesync/licensesync/client"
)

// readReconcile reads every page of the cloud's consumed licenses and what the server
// adds, and computes where the seats go. The notes say what could not be read.
func readReconcile(ctx context.Context, c *client.Client) (*client.Reconcile, []string, error) {
	cl, err := c.ConsumedLicenses(ctx, nil)
	if err != nil {
		return nil, nil, err
	}
	r := c.ReconcileFrom(ctx, cl)
	notes := cl.Notes
	if r.Note != "" {
		notes = append(notes, r.Note)
	}
	return r, notes, nil
}

// printReconcile renders the breakdown for people: each number with its meaning.
func printReconcile(w io.Writer, r *client.Reconcile) {
	fmt.Fprintln(w, "Where the seats go")
	for _, l := range r.Lines() {
		n := "?"
		if l.Known {
			n = fmt.Sprint(l.N)
		}
		fmt.Fprintf(w, "  %-16s %6s  %s\n", l.Label, n, l.Meaning)
	}
	if r.CountedTwice.People > 0 {
		fmt.Fprintf(w, "  %-16s %6s  %s: licensesync users --duplicates\n", "", "", r.CountedTwiceSummary())
	}
	if p := r.ProjectionText(); p != "" {
		fmt.Fprintln(w, "  "+p)
	}
}
