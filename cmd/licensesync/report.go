package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/licensesync/licensesync/client/appliance"
	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/client/status"
	"github.com/licensesync/licensesync/client/textsafe"
	"github.com/licensesync/licensesync/cmd/licensesync/output"
)

func (a *app) reportCommand() *cobra.Command {
	var outFile string
	var force bool
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Write a Markdown reconciliation of the cloud's seats, for a ticket or finance",
		Long: `Write where the cloud enterprise's consumed seats go, as Markdown: the breakdown (both
sides, server only, cloud only, other, pending invitations, suspended and dormant server
users), the people counted twice by kind with counts, each person with the exact fix,
and the date and sources of the data.

It reads every page of consumed licenses. Without -o it goes to standard output; a file
is written with mode 0600 and never replaces an existing one without --force.`,
		Example: `  licensesync report -o seats.md
  licensesync report --demo | less`,
		Args: cobra.NoArgs,
		RunE: a.withSession(func(cmd *cobra.Command, s *session) error {
			st, err := s.client.Status(cmd.Context())
			if err != nil {
				return err
			}
			if st.CloudRefused != nil {
				return st.CloudRefused
			}
			r, at, notes, err := readReconcile(cmd.Context(), s.client, st, true)
			if err != nil {
				return err
			}
			output.PrintGaps(a.io.err, notes)
			var buf bytes.Buffer
			writeReport(&buf, reportData{At: time.Now(), UsersAt: at, Version: version, Status: st, R: r})
			if outFile == "" || outFile == "-" {
				_, err := a.io.out.Write(buf.Bytes())
				return err
			}
			if err := writeFileAtomic(outFile, buf.Bytes(), force); err != nil {
				return err
			}
			fmt.Fprintf(a.io.err, "Wrote %s: %s people counted twice, %s over.\n", outFile, frontend.Thousands(r.CountedTwice.People), frontend.Thousands(r.Over))
			return nil
		}),
	}
	cmd.Flags().StringVarP(&outFile, "output", "o", "", "write the report to FILE")
	cmd.Flags().BoolVar(&force, "force", false, "replace FILE if it exists")
	return cmd
}

// reportData is everything a report says.
type reportData struct {
	At      time.Time
	UsersAt time.Time // when the users counted were read
	Version string
	Status  *status.Status
	R       *seats.Reconcile
}

// writeReport renders the reconciliation as Markdown. Every string from an API is
// sanitised and its Markdown characters escaped, so a login cannot format the report.
func writeReport(w io.Writer, d reportData) {
	r, st := d.R, d.Status
	ent := output.OrDash(st.Cloud.Enterprise)
	fmt.Fprintf(w, "# Seat reconciliation: %s\n\n", md(ent))
	fmt.Fprintf(w, "%s seats consumed of %s purchased: ", frontend.Thousands(r.Consumed), frontend.Thousands(r.Purchased))
	switch {
	case r.Over > 0:
		fmt.Fprintf(w, "**%s over**.", frontend.Thousands(r.Over))
	case r.Free > 0:
		fmt.Fprintf(w, "%s free.", frontend.Thousands(r.Free))
	default:
		fmt.Fprint(w, "all in use.")
	}
	switch n := r.CountedTwice.People; {
	case r.ProjectedAfterSync != nil: // before the first sync, what it will bring matters
		fmt.Fprint(w, " "+r.ProjectionText())
	case n > 0:
		fmt.Fprintf(w, " %s %s counted twice (%s). %s", frontend.Thousands(n), map[bool]string{true: "person is", false: "people are"}[n == 1],
			r.CountedTwiceSummary(), r.AfterFixesText())
	}
	fmt.Fprint(w, "\n\n")

	fmt.Fprint(w, "## Where the seats go\n\n| | People | What it means |\n|---|---:|---|\n")
	for _, l := range r.Lines() {
		n, meaning := "unknown", "unknown: the server shares no statistics"
		switch {
		case l.Known:
			n, meaning = frontend.Thousands(l.N), l.Meaning
		case l.Impossible != "":
			meaning = l.Impossible
		}
		fmt.Fprintf(w, "| %s | %s | %s |\n", l.Label, n, meaning)
	}
	fmt.Fprintf(w, "\nOn both sides + server only + cloud only + other = %s, the people the cloud lists.", frontend.Thousands(r.Listed))
	if r.Note != "" {
		fmt.Fprint(w, " "+md(r.Note))
	}
	fmt.Fprint(w, "\n\n")

	// Before the first sync, the people it will count twice (the server's accounts
	// say so) are what can be fixed.
	findings, title := r.Findings, "Counted twice"
	if r.ProjectedAfterSync != nil && len(r.ProjectedFindings) > 0 {
		findings, title = r.ProjectedFindings, "Counted twice after the first sync (projected)"
	}
	byKind := map[string][]seats.Finding{}
	for _, f := range findings {
		byKind[f.Kind] = append(byKind[f.Kind], f)
	}
	fmt.Fprintf(w, "## %s, by kind\n\n| Kind | Confidence | People | GitHub's rule |\n|---|---|---:|---|\n", title)
	for _, k := range seats.FindingKinds {
		fmt.Fprintf(w, "| `%s` | %s | %s | %s |\n", k, seats.KindConfidence(k), frontend.Thousands(len(byKind[k])), seats.KindRule(k))
	}
	fmt.Fprint(w, "\n## People and fixes\n")
	if len(findings) == 0 {
		fmt.Fprint(w, "\nNobody is counted twice.\n")
	}
	for _, k := range seats.FindingKinds {
		fs := byKind[k]
		if len(fs) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n### %s (%s)\n\n", seats.KindTitle(k), frontend.Thousands(len(fs)))
		for _, f := range fs {
			who := md(output.OrDash(f.CloudLogin))
			if len(f.ServerEmails) > 0 {
				who += " / " + md(strings.Join(f.ServerEmails, ", "))
			}
			if len(f.ServerUserIDs) > 0 {
				who += " (" + md(strings.Join(f.ServerUserIDs, ", ")) + ")"
			}
			fmt.Fprintf(w, "- **%s**, %s\n  - Why: %s\n  - Fix: %s\n", who, f.Confidence, md(f.Why), md(f.Fix))
		}
	}

	fmt.Fprint(w, "\n## Date and sources\n\n")
	fmt.Fprintf(w, "- Written %s by licensesync %s.\n", frontend.DateTime(d.At), md(d.Version))
	fmt.Fprintf(w, "- Cloud: enterprise %s, consumed licenses (total and every page: %s people, read %s).\n",
		md(ent), frontend.Thousands(r.Listed), frontend.DateTime(d.UsersAt))
	server := md(output.OrDash(st.Server.Hostname))
	if st.Server.Version != "" {
		server += ", GHES " + md(st.Server.Version)
	}
	fmt.Fprintf(w, "- Server: %s; license sync %s", server, md(st.Connect.LicenseSync))
	if st.Sync.LastSyncAt != nil {
		fmt.Fprintf(w, ", last synced %s", frontend.DateTime(*st.Sync.LastSyncAt))
	}
	fmt.Fprint(w, ".\n")
	accounts := "not readable (a real appliance encrypts its usage file; `ghe-user-csv -o` in the admin shell lists them)"
	label := "Server accounts with every email"
	if r.ServerAccounts > 0 {
		accounts = frontend.Thousands(r.ServerAccounts) + ", from " + md(r.AccountsSource)
		if r.AccountsSource == seats.AccountsFromUserCSV {
			label = "Server accounts (primary emails only)"
		}
	}
	fmt.Fprintf(w, "- %s: %s.\n", label, accounts)
	suspendedFrom := "the server's statistics"
	if st.Server.Users == nil && r.AccountsSource == seats.AccountsFromUserCSV {
		suspendedFrom = appliance.UserCSVUtility // no server token: the list counted them
	}
	fmt.Fprintf(w, "- Suspended users: %s; dormant users: %s.\n",
		knownOr(r.Suspended, suspendedFrom), knownOr(r.Dormant, "the cloud's Server Statistics"))
}

func knownOr(n *int, source string) string {
	if n == nil {
		return "unknown (" + source + " not shared)"
	}
	return frontend.Thousands(*n) + ", from " + source
}

// mdSpecial are the characters that format Markdown, escaped in API strings.
var mdSpecial = strings.NewReplacer(`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", `\<`, ">", `\>`, "|", `\|`, "#", `\#`, "!", `\!`)

// md makes an API string safe inside Markdown text: sanitised, its formatting
// characters escaped.
func md(s string) string { return mdSpecial.Replace(textsafe.Sanitize(s)) }
