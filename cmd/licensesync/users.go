package main

import (
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/client/textsafe"
	"github.com/licensesync/licensesync/cmd/licensesync/output"
)

// usersGCPercent is the users command's GOGC (unless GOGC is set): at 300,000 users,
// 50 peaked at 242 MB cold, 25 at 208, 15 at 189, 10 at 182, all in about 6 s
// (docs/PERFORMANCE.md, "Scaling").
const usersGCPercent = 15

func (a *app) usersCommand() *cobra.Command {
	var asCSV, duplicates bool
	var asJSON jsonOutput
	var filter string
	cmd := &cobra.Command{
		Use:   "users",
		Short: "List the people who consume a license, as the cloud counts them",
		Long: `List every person in the cloud enterprise's consumed licenses (all pages), with where
they were seen: GitHub.com, the server, or both.

--duplicates shows the people counted twice, in GitHub's terms, one person per row: the
kind (exact_email_split, no_verified_email, vs_unmatched, saml_mismatch, lookalike), how
sure it is (certain, likely, guess), why, and the exact fix. Each fix frees a license.
Where the server's own user list can be read, an email that is not a user's primary one
is found too, and before the first sync it lists who that sync will count twice.

The last complete list is kept in $XDG_CACHE_HOME/licensesync (readable by you only, no
token in it); the next run asks for every page with its ETag and takes the pages the
cloud answers "304 Not Modified" from there; when page 1 is unchanged and the list was
confirmed within --max-age, the other pages are not asked for (a note says how old
they are). An interrupted run resumes after the pages it got. Requests to the cloud are paced under
GitHub's secondary limit of 900 points a minute per endpoint (--pace).`,
		Example: `  licensesync users --filter jdoe
  licensesync users --duplicates
  licensesync users --json > users.json
  licensesync users --csv > users.csv`,
		Args: cobra.NoArgs,
		RunE: a.withSession(func(cmd *cobra.Command, s *session) error {
			if a.getenv("GOGC") == "" {
				// The command holds one long-lived list and makes little garbage around
				// it (the pages as they arrive; writing makes next to none): collecting
				// at 1.15× the list, not 2×, keeps a 300,000-user read under 200 MB at no
				// measurable cost in time (docs/PERFORMANCE.md, "Memory").
				defer debug.SetGCPercent(debug.SetGCPercent(usersGCPercent))
			}
			var onPage func(client.PageProgress)
			var progress *output.FetchProgress
			if isTerminal(a.io.err) {
				progress = output.NewFetchProgress(a.io.err, s.config.CloudPace, time.Now)
				onPage = progress.Page
			}
			cl, err := s.client.ConsumedLicenses(cmd.Context(), onPage)
			if progress != nil {
				progress.Done()
			}
			if err != nil {
				return err
			}
			output.PrintGaps(a.io.err, cl.Notes)
			if f := cl.Fetch; f.Trusted > 0 {
				fmt.Fprintf(a.io.err, "licensesync: note: %s of %s pages from the snapshot confirmed %s (page 1 unchanged since); --max-age 0 checks every page\n",
					frontend.Thousands(f.Trusted), frontend.Thousands(f.Pages), frontend.Ago(time.Now(), f.ConfirmedAt))
			}
			if duplicates {
				r := s.client.ReconcileFrom(cmd.Context(), cl)
				findings := r.Findings
				switch {
				case frontend.NoServerUsersYet(cl.Users) && r.ProjectedAfterSync != nil:
					// The server's own accounts say who the first sync will count twice.
					fmt.Fprintln(a.io.err, "licensesync: note: "+frontend.NoServerUsersText+"; these are the people the first sync will count twice (from the server's accounts): fix them before it")
					findings = r.ProjectedFindings
				case frontend.NoServerUsersYet(cl.Users):
					fmt.Fprintln(a.io.err, "licensesync: note: "+frontend.NoServerUsersText+"; enable license sync and sync (or upload a usage file) first")
				}
				return a.printFindings(filterFindings(findings, filter), &asJSON, asCSV)
			}
			users := filterUsers(cl.Users, filter)
			switch {
			case asJSON.wanted():
				if users == nil {
					users = []client.ConsumedUser{}
				}
				if asJSON.filtered() {
					return asJSON.write(a.io.out, users)
				}
				return writeJSONArray(a.io.out, users)
			case asCSV:
				return writeUsersCSV(a.io.out, users)
			}
			return writeUsersTable(a.io.out, a.io.err, users, cl, filter)
		}),
	}
	asJSON.register(cmd, "print the users as a JSON array with the API's field names",
		".[0].github_com_login", `{{range .}}{{.github_com_login}}{{"\n"}}{{end}}`)
	cmd.Flags().BoolVar(&asCSV, "csv", false, "print the users as CSV")
	cmd.MarkFlagsMutuallyExclusive("json", "csv")
	cmd.MarkFlagsMutuallyExclusive("jq", "csv")
	cmd.MarkFlagsMutuallyExclusive("template", "csv")
	cmd.Flags().BoolVar(&duplicates, "duplicates", false, "show only the people counted twice, with the fix for each")
	cmd.Flags().StringVar(&filter, "filter", "", "only users whose login, name, emails or server user ids contain TEXT (case-insensitive), as in the console")
	return cmd
}

// filterUsers keeps the users the filter text finds, as the console's filter does
// (frontend.SearchText says what it searches).
func filterUsers(users []client.ConsumedUser, text string) []client.ConsumedUser {
	if frontend.Query(text) == "" {
		return users
	}
	var out []client.ConsumedUser
	for _, u := range users {
		if frontend.MatchesUser(u, text) {
			out = append(out, u)
		}
	}
	return out
}

// filterFindings keeps the people counted twice whose login, emails or server user
// ids hold the filter text, as the user filter reads it.
func filterFindings(findings []seats.Finding, text string) []seats.Finding {
	q := frontend.Query(text)
	if q == "" {
		return findings
	}
	var out []seats.Finding
	for _, f := range findings {
		parts := append(append(append([]string{f.CloudLogin}, f.ServerEmails...), f.CloudEmails...), f.ServerUserIDs...)
		if frontend.Matches(strings.ToLower(textsafe.Sanitize(strings.Join(parts, "\x00"))), q) {
			out = append(out, f)
		}
	}
	return out
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// where says on which side a person was seen.
func where(u client.ConsumedUser) string {
	switch {
	case u.GithubComUser.True() && u.EnterpriseServerUser.True():
		return "both"
	case u.EnterpriseServerUser.True():
		return "server"
	case u.GithubComUser.True():
		return "cloud"
	}
	return "-"
}

var usersCSVHeader = []string{"github_com_login", "github_com_name", "seen_on", "license_type",
	"enterprise_server_emails", "github_com_verified_domain_emails", "enterprise_server_user_ids", "visual_studio_subscription_user"}

func writeUsersCSV(w io.Writer, users []client.ConsumedUser) error {
	cw := output.NewCSVWriter(w)
	if err := cw.Write(usersCSVHeader); err != nil {
		return err
	}
	join := func(list []string) string {
		clean := make([]string, len(list))
		for i, s := range list {
			clean[i] = textsafe.Sanitize(s)
		}
		return strings.Join(clean, ";")
	}
	for _, u := range users {
		rec := []string{u.GithubComLogin, deref(u.GithubComName), where(u),
			u.LicenseType, join(u.EnterpriseServerEmails), join(u.GithubComVerifiedDomainEmails),
			join(u.EnterpriseServerUserIDs), fmt.Sprint(u.VisualStudioSubscriptionUser.True())}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// writeUsersTable writes the table on w and the summary on errw (data on stdout, words on
// stderr, as gh does); with nobody to list it says so instead of printing a bare header.
func writeUsersTable(w, errw io.Writer, users []client.ConsumedUser, cl *client.ConsumedLicenses, filter string) error {
	summary := fmt.Sprintf("%s shown; %s consumed of %s purchased", frontend.Thousands(len(users)),
		frontend.Thousands(cl.TotalSeatsConsumed), frontend.Thousands(cl.TotalSeatsPurchased))
	if len(users) == 0 {
		if frontend.Query(filter) != "" {
			fmt.Fprintf(errw, "no users match %q; %s\n", textsafe.Sanitize(filter), summary)
		} else {
			fmt.Fprintln(errw, "no users consume a license; "+summary)
		}
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "LOGIN\tNAME\tSEEN ON\tEMAILS")
	for _, u := range users {
		emails := u.Emails()
		for i, e := range emails {
			emails[i] = textsafe.Sanitize(e)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", output.OrDash(frontend.UserName(u)), output.OrDash(deref(u.GithubComName)), where(u),
			output.OrDash(strings.Join(emails, ", ")))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(errw, summary)
	return err
}

func (a *app) printFindings(findings []seats.Finding, asJSON *jsonOutput, asCSV bool) error {
	switch {
	case asJSON.wanted():
		if findings == nil {
			findings = []seats.Finding{}
		}
		return asJSON.write(a.io.out, findings)
	case asCSV:
		cw := output.NewCSVWriter(a.io.out)
		_ = cw.Write(seats.FindingCSVHeader)
		for _, f := range findings {
			_ = cw.Write(seats.FindingCSVRecord(f))
		}
		return cw.Flush()
	}
	if len(findings) == 0 {
		_, err := fmt.Fprintln(a.io.err, "nobody looks counted twice")
		return err
	}
	w := a.io.out
	for i, f := range findings {
		if i > 0 {
			fmt.Fprintln(w)
		}
		who := output.OrDash(f.CloudLogin)
		if len(f.ServerEmails) > 0 {
			who += " / " + output.OrDash(strings.Join(f.ServerEmails, ", "))
		}
		fmt.Fprintf(w, "%s (%s, %s)\n", who, f.Kind, f.Confidence)
		fmt.Fprintf(w, "  why  %s\n  fix  %s\n", output.OrDash(f.Why), output.OrDash(f.Fix))
	}
	if len(findings) > 0 {
		fmt.Fprintln(w)
	}
	_, err := fmt.Fprintf(a.io.err, "%s %s counted twice; each fix gives a seat back at the next sync.\n",
		frontend.Thousands(len(findings)), map[bool]string{true: "person", false: "people"}[len(findings) == 1])
	return err
}
