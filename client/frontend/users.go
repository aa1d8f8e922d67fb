package frontend

import (
	"strings"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/client/textsafe"
)

// NoServerUsersText says why there is nothing to compare between the two sides yet.
const NoServerUsersText = "no server users have reached the cloud yet"

// NoServerUsersYet reports whether none of users came from the server: license sync has
// not brought any server user to the cloud, so nobody can look counted twice yet. It is
// the rule the breakdown's projection uses (client.NoServerUserListed).
func NoServerUsersYet(users []client.ConsumedUser) bool { return seats.NoServerUserListed(users) }

// SearchText is what the user filter searches in one user, made safe and lower-cased:
// the cloud login, the name, every email (server and cloud) and, for a user with no
// cloud login, the server user ids and the Visual Studio subscription's email, which
// are then the only names it has. (Ids of users with a login are left out: "host:1042"
// is alike from user to user, and searching for the host would find everyone.) Fields
// are kept apart so a filter cannot match across two of them. The console computes it
// once per row; see Matches.
func SearchText(u client.ConsumedUser) string {
	parts := []string{u.GithubComLogin, ""}
	if u.GithubComName != nil {
		parts[1] = *u.GithubComName
	}
	parts = append(parts, u.Emails()...)
	if u.GithubComLogin == "" {
		parts = append(parts, u.EnterpriseServerUserIDs...)
		if u.VisualStudioSubscriptionEmail != nil {
			parts = append(parts, *u.VisualStudioSubscriptionEmail) // the name UserName gives it
		}
	}
	for i, p := range parts {
		parts[i] = textsafe.Sanitize(p)
	}
	return strings.ToLower(strings.Join(parts, "\x00"))
}

// Query is filter text as typed, ready for Matches: trimmed and lower-cased.
func Query(text string) string { return strings.ToLower(strings.TrimSpace(text)) }

// Matches reports whether a user's SearchText holds query (made by Query); the empty
// query matches everyone.
func Matches(searchText, query string) bool {
	return query == "" || strings.Contains(searchText, query)
}

// MatchesUser reports whether filter text, as typed, finds u.
func MatchesUser(u client.ConsumedUser, text string) bool {
	return Matches(SearchText(u), Query(text))
}

// ServerOnlyMark follows the name a server-only user is shown by, in the console and
// the commands alike.
const ServerOnlyMark = " (server)"

// VisualStudioMark follows the name of a seat held by a Visual Studio subscription alone.
const VisualStudioMark = " (Visual Studio)"

// UserName is how a person is named in a list, made safe: the cloud login; for a user
// the cloud knows only from the server, the local part of the first server email with
// ServerOnlyMark ("jdoe (server)"), since a person knows themselves by their email and not
// by "host:1042"; for a Visual Studio subscription alone, its email's local part with
// VisualStudioMark; failing that the server user ids, joined.
func UserName(u client.ConsumedUser) string {
	if u.GithubComLogin != "" {
		return textsafe.Sanitize(u.GithubComLogin)
	}
	for _, e := range u.EnterpriseServerEmails {
		if local, _, _ := strings.Cut(textsafe.Sanitize(e), "@"); local != "" {
			return local + ServerOnlyMark
		}
	}
	if len(u.EnterpriseServerUserIDs) == 0 && u.VisualStudioSubscriptionEmail != nil {
		// Neither side's user, only a Visual Studio subscription holding a seat: named
		// by the subscription's email, as no row may be blank.
		if local, _, _ := strings.Cut(textsafe.Sanitize(*u.VisualStudioSubscriptionEmail), "@"); local != "" {
			return local + VisualStudioMark
		}
	}
	ids := make([]string, len(u.EnterpriseServerUserIDs))
	for i, id := range u.EnterpriseServerUserIDs {
		ids[i] = textsafe.Sanitize(id)
	}
	return strings.Join(ids, ", ")
}
