package frontend

import (
	"testing"

	"github.com/licensesync/licensesync/client"
)

// The filter's meaning, for both the console's / and `users --filter`: the same text
// finds the same users.
func TestUserFilterMeaning(t *testing.T) {
	name := "Jane Doe"
	cloud := client.ConsumedUser{
		GithubComLogin: "JDoe_acme", GithubComName: &name,
		GithubComVerifiedDomainEmails: []string{"jane.doe@acme.example"},
	}
	server := client.ConsumedUser{
		EnterpriseServerUserIDs: []string{"ghes-1:1042"},
		EnterpriseServerEmails:  []string{"JD@corp.example"},
	}
	both := client.ConsumedUser{GithubComLogin: "abel", EnterpriseServerUserIDs: []string{"ghes-1:7"}}
	hostile := client.ConsumedUser{GithubComLogin: "mal\x1b[31mlory"}
	for _, c := range []struct {
		u     client.ConsumedUser
		text  string
		finds bool
	}{
		{cloud, "", true},             // no filter: everyone
		{cloud, "   ", true},          // blank is no filter
		{cloud, "jdoe", true},         // login, any case
		{cloud, "JDOE_ACME", true},    // the query's case does not matter either
		{cloud, "  jdoe  ", true},     // surrounding spaces are not searched for
		{cloud, "jane doe", true},     // name
		{cloud, "acme.example", true}, // cloud email
		{cloud, "nobody", false},
		{cloud, "acme jane", false},   // no match across two fields
		{server, "1042", true},        // server user id
		{server, "ghes-1:1042", true}, // server user id, whole
		{server, "jd@corp", true},     // server email
		{both, "ghes-1", false},       // a user with a login is not found by its server id
		{both, "abel", true},
		{server, "(server)", false},       // the console's display mark is not data
		{hostile, "mallory", true},        // found by what the screen shows
		{hostile, "\x1b[31m", false},      // a query cannot find the raw control bytes
		{client.ConsumedUser{}, "", true}, // an empty user with no filter
	} {
		if got := MatchesUser(c.u, c.text); got != c.finds {
			t.Errorf("MatchesUser(%q, %q) = %v, want %v", SearchText(c.u), c.text, got, c.finds)
		}
		if got := Matches(SearchText(c.u), Query(c.text)); got != c.finds {
			t.Errorf("Matches(SearchText, Query(%q)) = %v, want %v", c.text, got, c.finds)
		}
	}
}
