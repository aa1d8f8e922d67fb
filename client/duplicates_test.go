package client

import (
	"strings"
	"testing"
)

func ptr(s string) *string { return &s }

func yes() FlexBool { v := true; return FlexBool{V: &v} }

func TestMaybeCountedTwice(t *testing.T) {
	users := []ConsumedUser{
		{GithubComLogin: "jdoe", GithubComUser: yes(), GithubComName: ptr("Jane Doe")},                                                     // 0 cloud-only
		{EnterpriseServerUser: yes(), EnterpriseServerUserIDs: []string{"ghes:1"}, EnterpriseServerEmails: []string{"J.Doe+ci@acme.test"}}, // 1 server-only
		{EnterpriseServerUser: yes(), EnterpriseServerUserIDs: []string{"ghes:2"}, EnterpriseServerEmails: []string{"jane.doe@acme.test"}}, // 2 server-only, by name
		{GithubComLogin: "zed", GithubComUser: yes(), GithubComVerifiedDomainEmails: []string{"zed@corp.test"}},                            // 3 cloud-only
		{EnterpriseServerUser: yes(), EnterpriseServerUserIDs: []string{"ghes:3"}, EnterpriseServerEmails: []string{"zed@corp.test"}},      // 4 server-only, same email
		{GithubComLogin: "both", GithubComUser: yes(), EnterpriseServerUser: yes(), EnterpriseServerUserIDs: []string{"ghes:4"},
			EnterpriseServerEmails: []string{"jdoe@acme.test"}}, // 5 matched already: neither side alone
		{EnterpriseServerUser: yes(), EnterpriseServerUserIDs: []string{"ghes:5"}, EnterpriseServerEmails: []string{"al@acme.test"}}, // 6 key too short
		{GithubComLogin: "al", GithubComUser: yes()},
	}
	got := MaybeCountedTwice(users)
	var reasons []string
	for _, d := range got {
		reasons = append(reasons, d.Server.EnterpriseServerUserIDs[0]+"~"+d.Cloud.GithubComLogin+": "+d.Reason)
	}
	want := []string{
		`ghes:1~jdoe: email local part "J.Doe" matches cloud login "jdoe"`,
		`ghes:2~jdoe: email local part "jane.doe" matches cloud name "Jane Doe"`,
		`ghes:3~zed: server email "zed@corp.test" matches cloud email "zed@corp.test"`,
	}
	if strings.Join(reasons, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(reasons, "\n"), strings.Join(want, "\n"))
	}
	if MaybeCountedTwice(nil) != nil {
		t.Error("nil users gave candidates")
	}
}
