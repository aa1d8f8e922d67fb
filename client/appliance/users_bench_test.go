package appliance

import (
	"fmt"
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/seats"
)

// userCSV is a user list of n rows; row i is made by row(i).
func userCSV(n int, row func(i int) string) string {
	var b strings.Builder
	b.WriteString("login,email,suspension_status\n")
	for i := range n {
		b.WriteString(row(i))
		b.WriteByte('\n')
	}
	return b.String()
}

// BenchmarkUserListToBreakdown reads 50,000 rows of ghe-user-csv and computes the
// breakdown before the first sync (projection and counted twice) against a cloud
// member who looks like every row: distinct rows, then the same login, then the same
// email in every row. The three take about the same time: duplicates are linear.
func BenchmarkUserListToBreakdown(b *testing.B) {
	const n = 50_000
	on := true
	cl := &client.ConsumedLicenses{TotalSeatsConsumed: 1, TotalSeatsPurchased: 10, Users: []client.ConsumedUser{
		{GithubComLogin: "ann", GithubComUser: client.FlexBool{V: &on}, GithubComVerifiedDomainEmails: []string{"ann@cloud.test"}},
	}}
	for name, row := range map[string]func(int) string{
		"distinct":   func(i int) string { return fmt.Sprintf("ann%d,ann@host%d.test,active", i, i) },
		"same login": func(i int) string { return fmt.Sprintf("ann,ann@host%d.test,active", i) },
		"same email": func(i int) string { return fmt.Sprintf("ann%d,ann@acme.test,active", i) },
	} {
		csv := userCSV(n, row)
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				accounts, err := parseUserCSV(strings.NewReader(csv), "ghes.acme.test")
				if err != nil || len(accounts) != n {
					b.Fatalf("%d accounts, %v", len(accounts), err)
				}
				seats.NewReconcile(seats.ReconcileInput{Licenses: cl, Accounts: accounts, AccountsSource: seats.AccountsFromUserCSV})
			}
		})
	}
}
