package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/frontend"
)

func (a *app) usersCommand() *cobra.Command {
	var asCSV, duplicates bool
	var asJSON jsonOutput
	var filter string
	cmd := &cobra.Command{
		Use:   "users",
		Short: "List the people who consume a license, as the cloud counts them",
		Long: `List every person in the cloud enterprise's consumed licenses (all pages), with where
they were seen: GitHub.com, the server, or both.

--duplicates shows the "maybe counted twice" pairs: a server-only user whose email local
part or name matches a cloud-only user. Fixing their emails frees a license.

The last complete list is kept in $XDG_CACHE_HOME/licensesync (readable by you only, no
token in it); the next run asks for every page with its ETag and takes the pages the
cloud answers "304 Not Modified" from there. Requests to the cloud are paced under
GitHub's secondary limit of 900 points a minute per endpoint (--pace).`,
		Example: `  licensesync users --filter jdoe
  licensesync users --duplicates
  licensesync users --json > users.json
  licensesync users --csv > users.csv`,
		Args: cobra.NoArgs,
		RunE: a.withSession(func(cmd *cobra.Command, s *session) error {
			cl, err := s.client.ConsumedLicenses(cmd.Context(), nil)
			if err != nil {
				return err
			}
			printGaps(a.io.err, cl.Notes)
			if duplicates {
				if frontend.NoServerUsersYet(cl.Users) {
					fmt.Fprintln(a.io.err, "licensesync: note: "+frontend.NoServerUsersText+"; enable license sync and sync (or upload a usage file) first")
				}
				return a.printDuplicates(filterPairs(client.MaybeCountedTwice(cl.Users), filter), &asJSON, asCSV)
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
	asJSON.register(cmd, "print the users as a JSON array with the API's field names")
	cmd.Flags().BoolVar(&asCSV, "csv", false, "print the users as CSV")
	cmd.MarkFlagsMutuallyExclusive("json", "csv")
	cmd.MarkFlagsMutuallyExclusive("jq", "csv")
	cmd.MarkFlagsMutuallyExclusive("template", "csv")
	cmd.Flags().BoolVar(&duplicates, "duplicates", false, `show only the "maybe counted twice" pairs`)
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

// filterPairs keeps the "maybe counted twice" pairs where the filter text finds either person.
func filterPairs(pairs []client.DuplicateCandidate, text string) []client.DuplicateCandidate {
	if frontend.Query(text) == "" {
		return pairs
	}
	var out []client.DuplicateCandidate
	for _, p := range pairs {
		if frontend.MatchesUser(p.Server, text) || frontend.MatchesUser(p.Cloud, text) {
			out = append(out, p)
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
	cw := newCSVWriter(w)
	if err := cw.Write(usersCSVHeader); err != nil {
		return err
	}
	join := func(list []string) string {
		clean := make([]string, len(list))
		for i, s := range list {
			clean[i] = client.Sanitize(s)
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
			fmt.Fprintf(errw, "no users match %q; %s\n", client.Sanitize(filter), summary)
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
			emails[i] = client.Sanitize(e)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", orDash(frontend.UserName(u)), orDash(deref(u.GithubComName)), where(u),
			orDash(strings.Join(emails, ", ")))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(errw, summary)
	return err
}

func (a *app) printDuplicates(pairs []client.DuplicateCandidate, asJSON *jsonOutput, asCSV bool) error {
	switch {
	case asJSON.wanted():
		type pair struct {
			Server client.ConsumedUser `json:"server"`
			Cloud  client.ConsumedUser `json:"cloud"`
			Reason string              `json:"reason"`
		}
		out := make([]pair, 0, len(pairs))
		for _, p := range pairs {
			out = append(out, pair{p.Server, p.Cloud, p.Reason})
		}
		return asJSON.write(a.io.out, out)
	case asCSV:
		cw := newCSVWriter(a.io.out)
		_ = cw.Write([]string{"server_emails", "cloud_login", "cloud_emails", "reason"})
		for _, p := range pairs {
			_ = cw.Write([]string{strings.Join(p.Server.EnterpriseServerEmails, ";"),
				p.Cloud.GithubComLogin, strings.Join(p.Cloud.GithubComVerifiedDomainEmails, ";"), p.Reason})
		}
		return cw.Flush()
	}
	if len(pairs) == 0 {
		_, err := fmt.Fprintln(a.io.err, "no pairs look like one person counted twice")
		return err
	}
	tw := tabwriter.NewWriter(a.io.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SERVER EMAIL\tCLOUD LOGIN\tWHY")
	for _, p := range pairs {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", orDash(strings.Join(p.Server.EnterpriseServerEmails, ", ")), orDash(p.Cloud.GithubComLogin), orDash(p.Reason))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(a.io.err, "%s pairs may be one person counted twice; give each person the same email on both sides, then sync.\n", frontend.Thousands(len(pairs)))
	return err
}
