package status

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/client/sim"
)

// seededTruth is what GitHub's rules predict for a seeded world, derived from its
// roster by the plain rules of README.md "Where the seats go", without this package.
type seededTruth struct {
	both, serverOnly, cloudOnly, other, pending int
	unmatchedPrimaries                          int
	exact, saml                                 map[string][]string // cloud login → server ids
	vs                                          map[string]string   // subscription email → cloud login ("" none)
	noDomain                                    map[string]bool     // cloud-only logins without a verified-domain email or NameID
	person                                      map[string]string   // server id → cloud login of the same person, both unmatched
}

func deriveTruth(r *sim.Roster, host string) seededTruth {
	t := seededTruth{exact: map[string][]string{}, saml: map[string][]string{}, vs: map[string]string{},
		noDomain: map[string]bool{}, person: map[string]string{}}
	addrs := func(m sim.RosterCloudMember) []string {
		out := slices.Clone(m.VerifiedEmails)
		if m.SAMLNameID != "" {
			out = append(out, m.SAMLNameID)
		}
		return out
	}
	has := func(list []string, e string) bool {
		return slices.ContainsFunc(list, func(x string) bool { return strings.EqualFold(x, e) })
	}
	local := func(e string) string { l, _, _ := strings.Cut(strings.ToLower(e), "@"); return l }
	matched := map[int]bool{}
	unmatched := map[string]bool{}
	var loose []sim.RosterServerUser // active, matched to no member
	for _, u := range r.ServerUsers {
		if u.Suspended {
			continue
		}
		found := false
		for i, m := range r.CloudMembers {
			if !m.VSOnly && has(addrs(m), u.PrimaryEmail) {
				matched[i], found = true, true
			}
		}
		if !found {
			unmatched[strings.ToLower(u.PrimaryEmail)] = true
			loose = append(loose, u)
		}
	}
	t.both, t.serverOnly, t.unmatchedPrimaries = len(matched), len(unmatched), len(unmatched)
	for i, m := range r.CloudMembers {
		if m.VSOnly {
			t.other++
			t.vs[m.VSEmail] = ""
			for _, o := range r.CloudMembers {
				if !o.VSOnly && len(o.DomainEmails) > 0 && local(o.DomainEmails[0]) == local(m.VSEmail) {
					t.vs[m.VSEmail] = o.Login
				}
			}
			continue
		}
		if len(m.PendingInvites) > 0 {
			t.pending++
		}
		if matched[i] {
			continue
		}
		t.cloudOnly++
		if len(m.DomainEmails) == 0 && m.SAMLNameID == "" {
			t.noDomain[m.Login] = true
		}
		for _, u := range loose {
			id := host + ":" + strconv.FormatInt(u.ID, 10)
			if len(m.VerifiedEmails) > 0 && local(u.PrimaryEmail) == local(m.VerifiedEmails[0]) {
				t.person[id] = m.Login
			}
			switch {
			case slices.ContainsFunc(u.Emails, func(e string) bool { return has(append(slices.Clone(m.DomainEmails), m.SAMLNameID), e) }):
				t.exact[m.Login] = append(t.exact[m.Login], id)
			case m.SAMLNameID != "" && local(m.SAMLNameID) == local(u.PrimaryEmail):
				t.saml[m.Login] = append(t.saml[m.Login], id)
			}
		}
	}
	return t
}

func TestReconcileOfTheSeededWorld(t *testing.T) {
	opts := sim.Options{Seed: 42, Users: 600, CloudUsers: 450}
	roster, err := sim.SeededRoster(opts)
	if err != nil {
		t.Fatal(err)
	}
	truth := deriveTruth(roster, "ghes.acme.test")
	ctx := context.Background()

	// Before any sync: the projection.
	c, _ := newSimClient(t, opts, nil)
	before, err := c.ConsumedLicenses(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	usage, err := c.ExportUsage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	accounts, err := seats.AccountsFromUsage(usage)
	if err != nil {
		t.Fatal(err)
	}
	r := seats.NewReconcile(seats.ReconcileInput{Licenses: before, Accounts: accounts})
	want := len(roster.CloudMembers) + truth.unmatchedPrimaries
	if r.ProjectedAfterSync == nil || *r.ProjectedAfterSync != want {
		t.Errorf("projection %v, want %d", r.ProjectedAfterSync, want)
	}
	if r.CountedTwice.People != truth.other {
		t.Errorf("before sync %d people counted twice, want only the %d subscriptions", r.CountedTwice.People, truth.other)
	}
	projected := r.ProjectedFindings

	// After the sync: the breakdown and every finding.
	opts.LicenseSyncEnabled = true
	c, _ = newSimClient(t, opts, nil)
	after, err := c.ConsumedLicenses(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	r = seats.NewReconcile(seats.ReconcileInput{Licenses: after, Accounts: accounts})
	got := [5]int{r.Both, r.ServerOnly, r.CloudOnly, r.Other, r.PendingInvitations}
	if wantB := [5]int{truth.both, truth.serverOnly, truth.cloudOnly, truth.other, truth.pending}; got != wantB {
		t.Errorf("both/server/cloud/other/pending = %v, want %v", got, wantB)
	}
	if r.Consumed != truth.both+truth.serverOnly+truth.cloudOnly+truth.other || r.Note != "" {
		t.Errorf("consumed %d, note %q", r.Consumed, r.Note)
	}
	if r.ProjectedAfterSync != nil {
		t.Errorf("a projection after the sync: %d", *r.ProjectedAfterSync)
	}

	byKind := map[string]map[string][]string{}
	ids := map[string]bool{}
	for _, f := range r.Findings {
		if byKind[f.Kind] == nil {
			byKind[f.Kind] = map[string][]string{}
		}
		key := f.CloudLogin
		if f.Kind == seats.KindVSUnmatched {
			key = f.ServerEmails[0] + "→" + f.CloudLogin
		}
		if _, twice := byKind[f.Kind][key]; twice && key != "" {
			t.Errorf("%s: %s is in two findings", f.Kind, key)
		}
		byKind[f.Kind][key] = f.ServerUserIDs
		for _, id := range f.ServerUserIDs {
			if ids[id] {
				t.Errorf("server user %s in two findings", id)
			}
			ids[id] = true
			if f.Confidence != seats.ConfidenceGuess && truth.person[id] != f.CloudLogin {
				t.Errorf("%s finding pairs %s with %s; the roster says %q", f.Kind, id, f.CloudLogin, truth.person[id])
			}
		}
	}
	same := func(kind string, want map[string][]string) {
		t.Helper()
		if len(want) == 0 {
			t.Errorf("the seeded world has no %s", kind)
		}
		if len(byKind[kind]) != len(want) {
			t.Errorf("%s: %d findings %v, want %d %v", kind, len(byKind[kind]), byKind[kind], len(want), want)
		}
		for login, wantIDs := range want {
			if !slices.Equal(byKind[kind][login], wantIDs) {
				t.Errorf("%s %s: server ids %v, want %v", kind, login, byKind[kind][login], wantIDs)
			}
		}
	}
	same(seats.KindExactEmailSplit, truth.exact)
	same(seats.KindSAMLMismatch, truth.saml)
	vsWant := map[string][]string{}
	for email, login := range truth.vs {
		vsWant[email+"→"+login] = []string{}
	}
	same(seats.KindVSUnmatched, vsWant)
	if len(byKind[seats.KindNoVerifiedEmail]) == 0 || len(byKind[seats.KindLookalike]) == 0 {
		t.Errorf("no_verified_email %d, lookalike %d: the seeded world has both", len(byKind[seats.KindNoVerifiedEmail]), len(byKind[seats.KindLookalike]))
	}
	for login := range byKind[seats.KindNoVerifiedEmail] {
		if !truth.noDomain[login] {
			t.Errorf("no_verified_email for %s, which has a verified-domain email or NameID", login)
		}
	}
	// What was projected before the sync is what the sync brought.
	if len(projected) != len(r.Findings) {
		t.Errorf("projected %d people counted twice, the sync brought %d", len(projected), len(r.Findings))
	}
	for i := range min(len(projected), len(r.Findings)) {
		if a, b := findingKey(projected[i]), findingKey(r.Findings[i]); a != b {
			t.Errorf("projected %s, the sync brought %s", a, b)
		}
	}
	sum := 0
	for _, k := range seats.FindingKinds {
		sum += r.CountedTwice.Of(k)
	}
	if sum != r.CountedTwice.People || r.CountedTwice.People != len(r.Findings) {
		t.Errorf("people %d, kinds sum %d, findings %d", r.CountedTwice.People, sum, len(r.Findings))
	}
}

// ReconcileFrom adds the server's suspended users (its stats) and, where the appliance
// shares Server Statistics, its dormant ones, even when reached at an address.
func TestReconcileFromAddsTheServersLevers(t *testing.T) {
	opts := sim.Options{Seed: 9, Users: 200, CloudUsers: 150, LicenseSyncEnabled: true, ServerStatistics: true}
	roster, err := sim.SeededRoster(opts)
	if err != nil {
		t.Fatal(err)
	}
	suspended := 0
	for _, u := range roster.ServerUsers {
		if u.Suspended {
			suspended++
		}
	}
	c, _ := newSimClient(t, opts, nil)
	cl, err := c.ConsumedLicenses(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	r := c.ReconcileFrom(context.Background(), cl)
	if r.Suspended == nil || *r.Suspended != suspended {
		t.Errorf("suspended %v, want %d", r.Suspended, suspended)
	}
	if r.Dormant == nil || *r.Dormant == 0 {
		t.Errorf("dormant %v: the sim shares Server Statistics", r.Dormant)
	}
	if r.ServerAccounts != len(roster.ServerUsers)-suspended {
		t.Errorf("%d server accounts, want the %d active ones", r.ServerAccounts, len(roster.ServerUsers)-suspended)
	}
}

// In a breakdown of the whole cloud enterprise (a fleet's users too), the suspended and
// dormant counts are one server's: their labels say which, the others' do not.
func TestLeversAreLabelledAsThisServers(t *testing.T) {
	opts := sim.Options{Seed: 9, Users: 200, CloudUsers: 150, LicenseSyncEnabled: true, ServerStatistics: true}
	c, _ := newSimClient(t, opts, nil)
	cl, err := c.ConsumedLicenses(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	r := c.ReconcileFrom(context.Background(), cl)
	host := c.ServerHostname()
	levers := 0
	for _, l := range r.Lines() {
		named := strings.HasSuffix(l.Label, " on "+host)
		if l.Lever != named {
			t.Errorf("%q: lever %v, names the server %v", l.Label, l.Lever, named)
		}
		if l.Lever {
			levers++
		}
	}
	if levers != 2 || r.LeversServer != host {
		t.Errorf("%d levers, of %q; want suspended and dormant of %q", levers, r.LeversServer, host)
	}
}
