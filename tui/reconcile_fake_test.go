package tui

import (
	"fmt"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/tui/common"
)

// withEveryFinding gives the fake a cloud over its purchase and one person of every
// way of being counted twice, with the server's own accounts (README.md "Where the
// seats go").
func withEveryFinding(f *fakeBackend) {
	f.status.Cloud.SeatsConsumed, f.status.Cloud.SeatsPurchased = ptr(3040), ptr(3000)
	server := func(id, email string) client.ConsumedUser {
		return client.ConsumedUser{EnterpriseServerUser: yes(), EnterpriseServerUserIDs: []string{"ghes.acme.test:" + id},
			EnterpriseServerEmails: []string{email}, LicenseType: "enterprise"}
	}
	cloud := func(login, name string, emails ...string) client.ConsumedUser {
		return client.ConsumedUser{GithubComLogin: login, GithubComName: ptr(name), GithubComUser: yes(),
			GithubComVerifiedDomainEmails: emails, LicenseType: "enterprise"}
	}
	ann := cloud("ann-lee", "Ann Lee", "ann.lee@acme.test")
	saml := cloud("dev-ray", "Ray Dev", "rdev@acme.test")
	saml.GithubComSamlNameID = ptr("ray.dev@acme.test")
	invited := cloud("ola", "Ola Example", "ola@acme.test")
	invited.GithubComOrgsWithPendingInvites = []string{"acme-web"}
	f.users = append(f.users,
		ann, server("2001", "ann.lee@acme-corp.test"),
		cloud("carl-mo-dev", "Carl Mo"), server("2002", "carl.mo@acme.test"),
		saml, server("2003", "ray.dev@acme-corp.test"),
		client.ConsumedUser{VisualStudioSubscriptionUser: yes(), VisualStudioSubscriptionEmail: ptr("erin.k@outlook.test"),
			VisualStudioLicenseStatus: ptr("unmatched"), LicenseType: "enterprise"},
		cloud("erin-k", "Erin K", "erin.k@acme.test"),
		invited,
	)
	f.accounts = []seats.ServerAccount{
		{Host: "ghes.acme.test", ID: 2001, Login: "ann-lee", PrimaryEmail: "ann.lee@acme-corp.test",
			Emails: []string{"ann.lee@acme-corp.test", "ann.lee@acme.test"}},
		{Host: "ghes.acme.test", ID: 1042, Login: "jdoe", PrimaryEmail: "jdoe@acme.test", Emails: []string{"jdoe@acme.test"}},
	}
}

// withProjection is a cloud no server user has reached yet, with the server's own
// accounts known: every cloud member has one, 40 more will each take a seat.
func withProjection(f *fakeBackend, _ *common.Options) {
	f.status.Cloud.SeatsConsumed, f.status.Cloud.SeatsPurchased = ptr(2960), ptr(3000)
	f.accounts = nil
	f.users = f.users[:len(f.users)-2]
	for i := range f.users {
		u := &f.users[i]
		u.EnterpriseServerUser, u.EnterpriseServerUserIDs = no(), nil
		if u.GithubComLogin != "" {
			u.GithubComVerifiedDomainEmails = append(u.GithubComVerifiedDomainEmails, u.GithubComLogin+"@acme.test")
			f.accounts = append(f.accounts, seats.ServerAccount{Host: "ghes.acme.test", ID: int64(100 + i), PrimaryEmail: u.GithubComLogin + "@acme.test"})
		}
	}
	for i := range 40 {
		f.accounts = append(f.accounts, seats.ServerAccount{Host: "ghes.acme.test", ID: int64(1000 + i), PrimaryEmail: fmt.Sprintf("only%d@acme.test", i)})
	}
}
