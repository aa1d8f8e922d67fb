package seats

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/licensesync/licensesync/client"
)

// syntheticEnterprise is a deterministic enterprise of n people in the shares the
// simulator uses: most matched, some on one side only with every kind of finding
// among them, the server's accounts with a second email each.
func syntheticEnterprise(n int) ([]client.ConsumedUser, []ServerAccount) {
	users := make([]client.ConsumedUser, 0, n)
	accounts := make([]ServerAccount, 0, n)
	emailOf := func(i int) string { return fmt.Sprintf("Ann%d.Lee%d@acme.test", i, i/7) }
	account := func(id int, email, second string) string {
		accounts = append(accounts, ServerAccount{Host: "ghes.acme.test", ID: int64(id), Login: fmt.Sprintf("user%d", id),
			PrimaryEmail: email, Emails: []string{email, second}, Suspended: id%97 == 0})
		return fmt.Sprintf("ghes.acme.test:%d", id)
	}
	for i := range n {
		email, old := emailOf(i), fmt.Sprintf("user%d@old.acme.test", i)
		name := fmt.Sprintf("Ann%d Lee%d", i, i/7)
		switch i % 10 {
		case 0, 1, 2, 3, 4, 5: // matched
			users = append(users, client.ConsumedUser{GithubComLogin: fmt.Sprintf("ann%d-gh", i), GithubComName: &name, GithubComUser: yes(),
				EnterpriseServerUser: yes(), EnterpriseServerUserIDs: []string{account(i, email, old)}, EnterpriseServerEmails: []string{email},
				GithubComVerifiedDomainEmails: []string{email}})
		case 6: // server only: no verified email on the cloud-only person after it, or a lookalike of the one eight before
			if i%20 == 6 {
				users = append(users, serverOnlyUser(account(i, email, old), fmt.Sprintf("ann%d.lee@acme.test", i)))
			} else {
				users = append(users, serverOnlyUser(account(i, email, old), fmt.Sprintf("ann%d@home.test", i-8)))
			}
		case 7: // cloud only, no verified email: a lookalike login
			users = append(users, client.ConsumedUser{GithubComLogin: fmt.Sprintf("ann%d-lee", i-1), GithubComName: &name, GithubComUser: yes()})
		case 8: // cloud only with a verified email and sometimes a NameID
			u := client.ConsumedUser{GithubComLogin: fmt.Sprintf("ann%d", i), GithubComName: &name, GithubComUser: yes(),
				GithubComVerifiedDomainEmails: []string{email}}
			if i%30 == 8 {
				u.GithubComSamlNameID = ptr(fmt.Sprintf("ann%d.lee@idp.test", i+18))
			}
			users = append(users, u)
		case 9: // a Visual Studio subscription alone, or a server user whose primary or second email is verified
			switch i % 40 {
			case 9, 29:
				users = append(users, client.ConsumedUser{VisualStudioSubscriptionUser: yes(),
					VisualStudioSubscriptionEmail: ptr(fmt.Sprintf("ann%d@outlook.test", i-1-i%40/20*2)), VisualStudioLicenseStatus: ptr("unmatched")})
			case 19:
				users = append(users, serverOnlyUser(account(i, emailOf(i-1), old), emailOf(i-1)))
			default:
				users = append(users, serverOnlyUser(account(i, email, emailOf(i-1)), email))
			}
		}
	}
	return users, accounts
}

func BenchmarkCountedTwice150k(b *testing.B) {
	users, accounts := syntheticEnterprise(150_000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if len(CountedTwice(users, accounts)) == 0 {
			b.Fatal("no findings")
		}
	}
}

func BenchmarkAccountsFromUsage150k(b *testing.B) {
	_, accounts := syntheticEnterprise(150_000)
	type user struct {
		ID           int64    `json:"id"`
		Login        string   `json:"login"`
		PrimaryEmail string   `json:"primary_email"`
		Emails       []string `json:"emails"`
		Suspended    bool     `json:"suspended"`
	}
	file := struct {
		Hostname string `json:"hostname"`
		Users    []user `json:"users"`
	}{Hostname: "ghes.acme.test"}
	for _, a := range accounts {
		file.Users = append(file.Users, user{a.ID, a.Login, a.PrimaryEmail, a.Emails, a.Suspended})
	}
	data, err := json.Marshal(file)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		if got, err := AccountsFromUsage(data); err != nil || len(got) != len(accounts) {
			b.Fatalf("%d accounts, %v", len(got), err)
		}
	}
}
