package client

import "testing"

// userSet merges exactly the users whose userKey strings are equal.
func TestUserSetMergesByTheUserKey(t *testing.T) {
	users := []ConsumedUser{
		{GithubComLogin: "ada"},
		{GithubComLogin: "ada"},
		{GithubComLogin: "ada", EnterpriseServerEmails: []string{"ada@x"}},
		{EnterpriseServerUserIDs: []string{"ghes:1", "ghes:2"}},
		{EnterpriseServerUserIDs: []string{"ghes:1,ghes:2"}}, // the same key string
		{EnterpriseServerUserIDs: []string{"ghes:1"}, EnterpriseServerEmails: []string{"ghes:2"}},
		{GithubComLogin: "ada\x00"},
		{}, {}, // no identity: never merged
	}
	set, keys := newUserSet(0), map[string]bool{}
	for i := range users {
		k := userKey(users[i])
		want := k == "" || !keys[k]
		keys[k] = true
		if got := set.add(&users[i]); got != want {
			t.Errorf("user %d (%q): new %v, want %v", i, k, got, want)
		}
	}
	if got := dropRepeated(newUserSet(0), users); len(got) != 7 {
		t.Errorf("dropRepeated kept %d of %d", len(got), len(users))
	}
}
