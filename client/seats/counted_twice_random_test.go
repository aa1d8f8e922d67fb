package seats

import (
	"math/rand/v2"
	"reflect"
	"strconv"
	"testing"

	"github.com/licensesync/licensesync/client"
)

// randomEnterprise is a small enterprise drawn from few names, so that logins,
// names, emails, NameIDs and subscriptions collide in every way the finder compares
// them: case, spaces, +tags, punctuation, non-ASCII and invalid UTF-8.
func randomEnterprise(r *rand.Rand, n int) ([]client.ConsumedUser, []ServerAccount) {
	stems := []string{"ann", "Ann.Lee", "bo", "carl-mo", "dana_k", "Zoë", "\xffeve", "al", "ANN", "lee-gh", "jo+x", " ann "}
	domains := []string{"acme.test", "ACME.test", "old.test", "idp.test", "outlook.test"}
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	word := func() string {
		w := pick(stems)
		if r.IntN(3) == 0 {
			w += strconv.Itoa(r.IntN(4))
		}
		if r.IntN(4) == 0 {
			w += "-" + pick(stems)
		}
		return w
	}
	email := func() string {
		e := word() + "@" + pick(domains)
		if r.IntN(8) == 0 {
			e = " " + e
		}
		return e
	}
	emails := func(most int) []string {
		var out []string
		for range r.IntN(most + 1) {
			out = append(out, email())
		}
		return out
	}
	opt := func(f func() string) *string {
		if r.IntN(2) == 0 {
			return nil
		}
		s := f()
		return &s
	}
	var accounts []ServerAccount
	users := make([]client.ConsumedUser, 0, n)
	for i := range n {
		var u client.ConsumedUser
		side := r.IntN(5)
		if side == 0 || side == 2 {
			u.GithubComLogin, u.GithubComUser = word(), yes()
			u.GithubComName = opt(word)
			u.GithubComVerifiedDomainEmails = emails(2)
			u.GithubComSamlNameID = opt(func() string {
				if r.IntN(4) == 0 {
					return word()
				}
				return email()
			})
			u.GithubComProfile = opt(func() string { return "https://github.com/" + u.GithubComLogin })
		}
		if side == 1 || side == 2 {
			u.EnterpriseServerUser = yes()
			for k := range 1 + r.IntN(2) {
				id := "ghes:" + strconv.Itoa(i*3+k)
				if r.IntN(3) == 0 {
					id = "GHES:" + strconv.Itoa(r.IntN(n*3))
				}
				u.EnterpriseServerUserIDs = append(u.EnterpriseServerUserIDs, id)
				u.EnterpriseServerEmails = append(u.EnterpriseServerEmails, email())
			}
		}
		if side == 3 || r.IntN(6) == 0 {
			u.VisualStudioSubscriptionUser = yes()
			u.VisualStudioSubscriptionEmail = opt(email)
			u.VisualStudioLicenseStatus = opt(func() string { return pick([]string{"", "unmatched", " pending "}) })
		}
		users = append(users, u)
	}
	for id := range n * 3 {
		if r.IntN(2) == 0 {
			continue
		}
		all := emails(3)
		primary := email()
		if len(all) > 0 && r.IntN(2) == 0 {
			primary = all[0]
		}
		a := ServerAccount{Host: pick([]string{"ghes", "GHES"}), ID: int64(id), Login: loginOrNone(opt(word)), PrimaryEmail: primary, Emails: all}
		accounts = append(accounts, a)
	}
	return users, accounts
}

// TestCountedTwiceMatchesReference holds the optimised finder to the one first
// written, on many random enterprises: the same findings, in the same order, with
// the same words.
func TestCountedTwiceMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(24, 4))
	kinds := map[string]int{}
	for round := range 300 {
		users, accounts := randomEnterprise(r, 5+r.IntN(60))
		if round%5 == 0 {
			accounts = nil
		}
		got, want := CountedTwice(users, accounts), referenceCountedTwice(users, accounts)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: the finder differs from the reference\n got %+v\nwant %+v", round, got, want)
		}
		for _, f := range want {
			kinds[f.Kind]++
		}
	}
	for _, kind := range FindingKinds {
		if kinds[kind] == 0 {
			t.Errorf("no %s finding in any round: the random enterprises do not exercise it (%v)", kind, kinds)
		}
	}
}

// TestCountedTwiceMatchesReferenceAtScale compares the two on the benchmark's
// enterprise, where every kind is found thousands of times.
func TestCountedTwiceMatchesReferenceAtScale(t *testing.T) {
	users, accounts := syntheticEnterprise(20_000)
	if got, want := CountedTwice(users, accounts), referenceCountedTwice(users, accounts); !reflect.DeepEqual(got, want) {
		t.Fatalf("the finder differs from the reference: %d findings, want %d", len(got), len(want))
	}
}

func loginOrNone(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
