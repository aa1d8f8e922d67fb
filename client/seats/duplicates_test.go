package seats

import (
	"fmt"
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/textsafe"
)

func ptr(s string) *string { return &s }

func yes() client.FlexBool { v := true; return client.FlexBool{V: &v} }

func serverOnlyUser(id, email string) client.ConsumedUser {
	return client.ConsumedUser{EnterpriseServerUser: yes(), EnterpriseServerUserIDs: []string{id}, EnterpriseServerEmails: []string{email}}
}

// findingKey names a finding by kind, cloud login and server ids.
func findingKey(f Finding) string {
	return f.Kind + "/" + f.Confidence + ":" + f.CloudLogin + "<" + strings.Join(f.ServerUserIDs, ",")
}

func TestCountedTwiceKinds(t *testing.T) {
	users := []client.ConsumedUser{
		// exact_email_split, sync predates: the primary equals a verified email.
		{GithubComLogin: "ann-gh", GithubComUser: yes(), GithubComVerifiedDomainEmails: []string{"ann@acme.test"}},
		serverOnlyUser("ghes:1", "ANN@acme.test"),
		// exact_email_split, not the primary: only the account list knows.
		{GithubComLogin: "bob", GithubComUser: yes(), GithubComVerifiedDomainEmails: []string{"bob@acme.test"}},
		serverOnlyUser("ghes:2", "bob@old.test"),
		// no_verified_email: no domain email, looks like a server user.
		{GithubComLogin: "carl-mo-dev", GithubComUser: yes()},
		serverOnlyUser("ghes:3", "carl.mo@acme.test"),
		// saml_mismatch: NameID's local part, another domain.
		{GithubComLogin: "dana", GithubComUser: yes(), GithubComSamlNameID: ptr("dana.k@idp.test"), GithubComVerifiedDomainEmails: []string{"dk@acme.test"}},
		serverOnlyUser("ghes:4", "dana.k@acme.test"),
		// vs_unmatched: a subscription alone, and the member it looks like.
		{VisualStudioSubscriptionUser: yes(), VisualStudioSubscriptionEmail: ptr("erin@outlook.test"), VisualStudioLicenseStatus: ptr("unmatched")},
		{GithubComLogin: "erin", GithubComUser: yes(), GithubComVerifiedDomainEmails: []string{"erin@acme.test"}},
		// lookalike: same local part, two server accounts of one person.
		{GithubComLogin: "fay", GithubComUser: yes(), GithubComVerifiedDomainEmails: []string{"fay.l@acme.test"}},
		serverOnlyUser("ghes:6", "fay.l@old.test"),
		serverOnlyUser("other:6", "Fay.L+ci@old.test"),
		// matched already: neither side alone.
		{GithubComLogin: "gus", GithubComUser: yes(), EnterpriseServerUser: yes(), EnterpriseServerUserIDs: []string{"ghes:7"}, EnterpriseServerEmails: []string{"gus@acme.test"}},
		// too short a key.
		serverOnlyUser("ghes:8", "al@acme.test"),
		{GithubComLogin: "al", GithubComUser: yes(), GithubComVerifiedDomainEmails: []string{"al.x@acme.test"}},
	}
	accounts := []ServerAccount{{Host: "ghes", ID: 2, Login: "bob", PrimaryEmail: "bob@old.test", Emails: []string{"bob@old.test", "bob@acme.test"}}}
	got := CountedTwice(users, accounts)
	var keys []string
	for _, f := range got {
		keys = append(keys, findingKey(f))
		if f.Why == "" || f.Fix == "" {
			t.Errorf("%s: no why or fix: %+v", findingKey(f), f)
		}
	}
	want := []string{
		"exact_email_split/certain:ann-gh<ghes:1",
		"exact_email_split/certain:bob<ghes:2",
		"no_verified_email/certain:carl-mo-dev<ghes:3",
		"vs_unmatched/certain:erin<",
		"saml_mismatch/likely:dana<ghes:4",
		"lookalike/guess:fay<ghes:6,other:6",
	}
	if strings.Join(keys, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(keys, "\n"), strings.Join(want, "\n"))
	}
	if fix := got[1].Fix; !strings.Contains(fix, "make bob@acme.test the primary email of bob") {
		t.Errorf("not-primary fix: %q", fix)
	}
	if fix := got[0].Fix; !strings.HasPrefix(fix, "Sync now") {
		t.Errorf("predating fix: %q", fix)
	}
	if got[1].ServerProfiles[0] != "https://ghes/bob" || got[1].CloudProfile != "https://github.com/bob" {
		t.Errorf("profiles: %q %q", got[1].ServerProfiles, got[1].CloudProfile)
	}
	if CountedTwice(nil, nil) != nil {
		t.Error("nil users gave findings")
	}
}

func TestCountedTwiceServerIDOnce(t *testing.T) {
	// One server user looks like two cloud users; it belongs to one finding only.
	users := []client.ConsumedUser{
		{GithubComLogin: "jdoe", GithubComUser: yes()},
		{GithubComLogin: "jdoe-gh", GithubComUser: yes()},
		serverOnlyUser("ghes:1", "jdoe@acme.test"),
	}
	got := CountedTwice(users, nil)
	if len(got) != 1 || got[0].CloudLogin != "jdoe" {
		t.Fatalf("got %+v", got)
	}
}

func TestCountedTwiceSanitises(t *testing.T) {
	users := []client.ConsumedUser{
		{GithubComLogin: "evil\x1b[31m", GithubComUser: yes(), GithubComVerifiedDomainEmails: []string{"x\x07y@acme.test"}},
		serverOnlyUser("ghes:1", "x\x07y@acme.test"),
	}
	for _, f := range CountedTwice(users, nil) {
		for _, s := range append([]string{f.Why, f.Fix, f.CloudLogin}, f.CloudEmails...) {
			if strings.ContainsAny(s, "\x1b\x07") {
				t.Errorf("unsafe: %q", s)
			}
		}
	}
}

func TestReconcileBreakdown(t *testing.T) {
	users := []client.ConsumedUser{
		{GithubComLogin: "a", GithubComUser: yes(), GithubComOrgsWithPendingInvites: []string{"org"}},
		{GithubComLogin: "b", GithubComUser: yes(), EnterpriseServerUser: yes(), EnterpriseServerUserIDs: []string{"h:1"}},
		serverOnlyUser("h:2", "c@acme.test"),
		{VisualStudioSubscriptionUser: yes()},
	}
	r := NewReconcile(ReconcileInput{Licenses: &client.ConsumedLicenses{TotalSeatsConsumed: 5, TotalSeatsPurchased: 3, Users: users}})
	if r.Both != 1 || r.ServerOnly != 1 || r.CloudOnly != 1 || r.Other != 1 || r.PendingInvitations != 1 {
		t.Errorf("breakdown %+v", r)
	}
	if r.Over != 2 || r.Free != 0 || r.Note == "" || r.ProjectedAfterSync != nil {
		t.Errorf("over %d free %d note %q projection %v", r.Over, r.Free, r.Note, r.ProjectedAfterSync)
	}
}

func TestProjection(t *testing.T) {
	cl := &client.ConsumedLicenses{TotalSeatsConsumed: 2, TotalSeatsPurchased: 2, Users: []client.ConsumedUser{
		{GithubComLogin: "a", GithubComUser: yes(), GithubComVerifiedDomainEmails: []string{"a@acme.test"}},
		{GithubComLogin: "b", GithubComUser: yes(), GithubComSamlNameID: ptr("b@acme.test")},
	}}
	accounts := []ServerAccount{
		{Host: "h", ID: 1, PrimaryEmail: "A@acme.test"}, // matched
		{Host: "h", ID: 2, PrimaryEmail: "b@acme.test"}, // matched by NameID
		{Host: "h", ID: 3, PrimaryEmail: "c@acme.test"},
		{Host: "h2", ID: 3, PrimaryEmail: "C@acme.test"}, // the same person on another server
		{Host: "h", ID: 4, PrimaryEmail: "d@acme.test", Suspended: true},
	}
	p := Projection(cl, accounts)
	if p == nil || *p != 3 {
		t.Fatalf("projection %v, want 3", p)
	}
	if Projection(cl, nil) != nil {
		t.Error("projection without accounts")
	}
	r := NewReconcile(ReconcileInput{Licenses: cl, Accounts: accounts})
	// The suspended account holds no seat and is not counted among the source's.
	if got := r.ProjectionText(); got != "After the first sync: about 3 consumed of 2 purchased: 1 over (from 4 server accounts)." {
		t.Errorf("text %q", got)
	}
}

func TestCSVCellNeutralisesFormulas(t *testing.T) {
	for in, want := range map[string]string{"=HYPERLINK(1)": "'=HYPERLINK(1)", "+1": "'+1", "-2": "'-2", "@x": "'@x",
		"a=b": "a=b", "": "", "\x1b[31m=x": "'=x"} {
		if got := textsafe.CSVCell(in); got != want {
			t.Errorf("CSVCell(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestOnePersonPairedManyTimesReadsInOrder: server users paired with one cloud member
// one after another give one finding whose Why names each pairing in order, and the
// projection joins accounts of one email into one user without touching the input.
func TestOnePersonPairedManyTimesReadsInOrder(t *testing.T) {
	users := []client.ConsumedUser{{GithubComLogin: "fay", GithubComUser: yes(), GithubComVerifiedDomainEmails: []string{"fay@acme.test"}}}
	for i := range 3 {
		users = append(users, serverOnlyUser(fmt.Sprintf("ghes:%d", i), fmt.Sprintf("fay@old%d.test", i)))
	}
	got := CountedTwice(users, nil)
	if len(got) != 1 || len(got[0].ServerUserIDs) != 3 {
		t.Fatalf("findings = %+v, want one with three server users", got)
	}
	if parts := strings.Split(got[0].Why, "; also "); len(parts) != 3 || !strings.Contains(parts[0], "fay@old0.test") || !strings.Contains(parts[2], "fay@old2.test") {
		t.Errorf("why = %q, want the three pairings in order", got[0].Why)
	}
	cl := &client.ConsumedLicenses{Users: users[:1]}
	accounts := []ServerAccount{{Host: "h", Login: "a", PrimaryEmail: "fay@acme.test"}, {Host: "h", Login: "b", PrimaryEmail: "FAY@acme.test"}, {Host: "h", Login: "c", PrimaryEmail: "new@acme.test"}}
	after, added := afterFirstSync(cl, accounts)
	if added != 1 || len(after) != 2 || strings.Join(after[0].EnterpriseServerUserIDs, ",") != "h:a,h:b" || len(cl.Users[0].EnterpriseServerUserIDs) != 0 {
		t.Errorf("after = %+v, added %d; input ids %v", after, added, cl.Users[0].EnterpriseServerUserIDs)
	}
}

// TestAddressesOfAUserWithManyEmailsAreEachListedOnce: past the few emails looked
// through one by one, the listing keeps a set; a repeated address (in another case)
// is still listed once.
func TestAddressesOfAUserWithManyEmailsAreEachListedOnce(t *testing.T) {
	var emails []string
	for i := range 20 {
		emails = append(emails, fmt.Sprintf("u%d@acme.test", i))
	}
	emails = append(emails, "U3@ACME.TEST", "u15@acme.test", "")
	f := newFinder([]client.ConsumedUser{{EnterpriseServerUser: yes(), EnterpriseServerEmails: emails}}, nil)
	got := f.addresses(0)
	if len(got) != 20 {
		t.Fatalf("got %d addresses, want the 20 distinct ones: %v", len(got), got)
	}
	for i, a := range got {
		if want := fmt.Sprintf("u%d@acme.test", i); a.email != want {
			t.Fatalf("address %d is %q, want %q", i, a.email, want)
		}
	}
}
