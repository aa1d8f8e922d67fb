package reclaim

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client"
)

// invitationFacts are invitations of every kind a plan must tell apart, over
// consumed licenses that say who consumes otherwise.
func invitationFacts() Facts {
	ago := func(d int) time.Time { return planNow.Add(-time.Duration(d) * 24 * time.Hour) }
	t := true
	yes := client.FlexBool{V: &t}
	return Facts{
		Now: planNow, Server: "ghes.test",
		Invitations: []client.OrgInvitation{
			{ID: 1, Org: "eng", Email: "outsider@corp.test", Role: "direct_member", CreatedAt: ago(60), Inviter: "boss", TeamCount: 2},
			{ID: 2, Org: "eng", Login: "member", Role: "direct_member", CreatedAt: ago(60)},
			{ID: 3, Org: "eng", Login: "fresh", CreatedAt: ago(5)},
			{ID: 4, Org: "eng", Email: "Kept@corp.test", CreatedAt: ago(60)},
			{ID: 5, Org: "eng", Login: "twice", CreatedAt: ago(60)},
			{ID: 6, Org: "ops", Login: "twice", CreatedAt: ago(60)},
			{ID: 7, Org: "ops", Email: "vs@corp.test", CreatedAt: ago(60)},
		},
		Failed:      []client.OrgInvitation{{ID: 9, Org: "eng", Email: "gone@corp.test", Failed: true, FailedReason: "expired"}},
		OrgRefusals: map[string]error{"labs": errors.New("SAML SSO: authorise the token")},
		Licenses: &client.ConsumedLicenses{TotalSeatsConsumed: 100, Users: []client.ConsumedUser{
			{GithubComLogin: "member", GithubComUser: yes, GithubComMemberRoles: []string{"ops:Member"}, GithubComOrgsWithPendingInvites: []string{"eng"}},
			{GithubComLogin: "twice", GithubComOrgsWithPendingInvites: []string{"eng", "ops"}},
			{VisualStudioSubscriptionUser: yes, VisualStudioSubscriptionEmail: strPtr("VS@corp.test")},
		}},
	}
}

func strPtr(s string) *string { return &s }

func TestPlanCancelsStaleInvitationsAndSaysWhoStillConsumes(t *testing.T) {
	p := NewPlan(invitationFacts(), Filters{Levers: []string{LeverInvitations}, InvitationsOlderThan: 30 * 24 * time.Hour, Keep: []string{"kept@corp.test"}})
	want := map[int64]int{1: 1, 2: 0, 5: 0, 6: 0, 7: 0} // invitation id → cloud seats freed
	if len(p.Actions) != len(want) {
		t.Fatalf("actions %+v, want invitations %v", p.Actions, want)
	}
	for _, a := range p.Actions {
		seat, ok := want[a.InvitationID]
		if !ok || a.Kind != KindCancel || a.CloudSeat != seat || a.ServerSeat != 0 || a.CloudNote == "" {
			t.Errorf("action %+v, want cancel of invitation %d freeing %d cloud seat with a note", a, a.InvitationID, seat)
		}
	}
	first := p.Actions[0]
	if first.Org != "eng" || first.Email != "outsider@corp.test" || !strings.Contains(first.Why, "60 days") || !strings.Contains(first.Why, "invited by boss") {
		t.Errorf("the action must carry the invitation and say its age and inviter: %+v", first)
	}
	rules := map[string]string{}
	for _, s := range p.Skipped {
		rules[s.Target] = s.Rule
	}
	if rules["fresh"] != SkipRecent || rules["Kept@corp.test"] != SkipKeep || rules["gone@corp.test"] != SkipFailed {
		t.Errorf("skipped %+v: want fresh recent, the kept email kept, the failed one listed", p.Skipped)
	}
	if len(p.Unavailable) != 1 || p.Unavailable[0].Target != "labs" || !strings.Contains(p.Unavailable[0].Why, "SSO") {
		t.Errorf("the refusing organization must be listed with GitHub's words: %+v", p.Unavailable)
	}
	if len(p.Totals) != 1 || p.Totals[0] != (LeverTotal{Lever: LeverInvitations, Actions: 5, CloudSeat: 1}) || *p.CloudSeatsConsumedAfter != 99 {
		t.Errorf("totals %+v, cloud after %v", p.Totals, p.CloudSeatsConsumedAfter)
	}
}

func TestPlanOfInvitationsWithoutConsumedLicensesFreesNoSeatItCannotProve(t *testing.T) {
	f := invitationFacts()
	f.Licenses = nil
	for _, a := range NewPlan(f, Filters{Levers: []string{LeverInvitations}}).Actions {
		if a.CloudSeat != 0 || !strings.Contains(a.CloudNote, "unknown") {
			t.Errorf("%+v: with the consumed licenses unknown no seat may be promised", a)
		}
	}
}

// lookup is an InvitationLookup of fixed teams and ids.
type lookup struct{}

func (lookup) InvitationTeams(_ context.Context, _ string, id int64) ([]int64, error) {
	if id == 2 {
		return nil, errors.New("refused")
	}
	return []int64{10 + id}, nil
}

func (lookup) CloudUserID(_ context.Context, login string) (int64, error) {
	return int64(len(login)), nil
}

func TestCompleteInvitationsKeepsTeamsAndAccountForTheUndo(t *testing.T) {
	p := NewPlan(invitationFacts(), Filters{Levers: []string{LeverInvitations}, InvitationsOlderThan: 30 * 24 * time.Hour})
	p.CompleteInvitations(context.Background(), lookup{})
	for _, a := range p.Actions {
		switch a.InvitationID {
		case 1:
			if len(a.TeamIDs) != 1 || a.TeamIDs[0] != 11 || a.InviteeID != 0 {
				t.Errorf("an email invitation keeps its teams and no account: %+v", a)
			}
		case 2:
			if a.TeamIDs != nil || !strings.Contains(a.Why, "without them") || a.InviteeID != int64(len("member")) {
				t.Errorf("teams unreadable: the why must say the undo cannot restore them: %+v", a)
			}
		}
	}
}
