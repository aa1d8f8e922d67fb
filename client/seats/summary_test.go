package seats

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/licensesync/licensesync/client"
)

// TestSummaryKeepsTheBreakdown holds FromSummary to NewReconcile: on random
// enterprises, after the first sync and before it (a projection), with and without the
// server's accounts, the breakdown made from its kept summary (through JSON, as it is
// kept) is the same but for the findings themselves, and so are its words.
func TestSummaryKeepsTheBreakdown(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 24))
	suspended, dormant := 3, 5
	var projected, twice int
	for round := range 200 {
		users, accounts := randomEnterprise(r, 5+r.IntN(60))
		if round%2 == 1 { // before the first sync: no server user in the list
			for i := range users {
				users[i].EnterpriseServerUser, users[i].EnterpriseServerUserIDs, users[i].EnterpriseServerEmails = client.FlexBool{}, nil, nil
			}
		}
		in := ReconcileInput{Licenses: &client.ConsumedLicenses{TotalSeatsConsumed: len(users) + r.IntN(3), TotalSeatsPurchased: 40, Users: users},
			Accounts: accounts, AccountsSource: AccountsFromUsageFile, Suspended: &suspended, Dormant: &dormant, Server: "ghes.test"}
		if round%3 == 0 {
			in.Accounts, in.AccountsSource, in.AccountsUnknown = nil, "", "ghe-user-csv failed"
		}
		want := NewReconcile(in)
		body, err := json.Marshal(want.Summary())
		if err != nil {
			t.Fatal(err)
		}
		var kept Summary
		if err := json.Unmarshal(body, &kept); err != nil {
			t.Fatal(err)
		}
		if !kept.Consistent() {
			t.Fatalf("round %d: a summary made by Summary is not consistent: %+v", round, kept)
		}
		got := FromSummary(kept, ReconcileInput{Suspended: &suspended, Dormant: &dormant, Server: "ghes.test", AccountsUnknown: in.AccountsUnknown})
		if !got.Kept || got.Findings != nil || got.ProjectedFindings != nil {
			t.Fatalf("round %d: a kept breakdown holds findings (%v)", round, got.Kept)
		}
		got.Kept = false
		got.Findings, got.ProjectedFindings = want.Findings, want.ProjectedFindings
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: kept\n %+v\nmade\n %+v", round, got, want)
		}
		if want.ProjectedPeople > 0 {
			projected++
		}
		if want.CountedTwice.People > 0 {
			twice++
		}
	}
	if projected == 0 || twice == 0 {
		t.Errorf("the rounds never exercise a projection with findings (%d) or findings (%d)", projected, twice)
	}
}

// A summary that no breakdown could have made is not consistent.
func TestSummaryConsistent(t *testing.T) {
	good := Summary{Consumed: 10, Purchased: 8, Listed: 10, Both: 4, ServerOnly: 3, CloudOnly: 2, Other: 1, PendingInvitations: 2,
		CountedTwice: CountedTwiceCounts{People: 3, ExactEmailSplit: 1, Lookalike: 2}, Confidence: ConfidenceCounts{Certain: 1, Guesses: 2}}
	if !good.Consistent() {
		t.Fatalf("%+v", good)
	}
	minus := -1
	for name, change := range map[string]func(s *Summary){
		"negative count":        func(s *Summary) { s.Both, s.CloudOnly = -1, 7 },
		"sides off the list":    func(s *Summary) { s.Other = 2 },
		"kinds off the people":  func(s *Summary) { s.CountedTwice.Lookalike = 3 },
		"confidence off":        func(s *Summary) { s.Confidence.Likely = 1 },
		"negative projection":   func(s *Summary) { s.ProjectedAfterSync = &minus },
		"more invited than all": func(s *Summary) { s.PendingInvitations = 11 },
		"overflowing sides":     func(s *Summary) { s.Both, s.ServerOnly = 1<<62, 1<<62 },
	} {
		s := good
		change(&s)
		if s.Consistent() {
			t.Errorf("%s: consistent: %+v", name, s)
		}
	}
}
