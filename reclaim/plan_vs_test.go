package reclaim

import (
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/seats"
)

func TestPlanMatchesAVisualStudioSubscriptionOnlyOnOneAccountOfEvidence(t *testing.T) {
	vs := func(login, email string) seats.Finding {
		return seats.Finding{Kind: seats.KindVSUnmatched, CloudLogin: login, ServerEmails: []string{email}, Why: "looks like " + login}
	}
	facts := Facts{Now: planNow,
		VSUnmatched: []client.VSSubscription{{ID: 1, Email: "one@corp.test"}, {ID: 2, Email: "none@corp.test"}, {ID: 3, Email: "two@corp.test"}, {ID: 4, Email: "kept@corp.test"}},
		Findings: []seats.Finding{vs("alice", "ONE@corp.test"), vs("bob", "two@corp.test"), vs("carol", "two@corp.test"), vs("kept", "kept@corp.test"),
			{Kind: seats.KindLookalike, CloudLogin: "dave", ServerEmails: []string{"none@corp.test"}}},
	}
	p := NewPlan(facts, Filters{Levers: []string{LeverVS}, Keep: []string{"Kept"}})
	if len(p.Actions) != 1 {
		t.Fatalf("actions %+v, want the one subscription with one account of evidence", p.Actions)
	}
	a := p.Actions[0]
	if a.Kind != KindMatchVS || a.SubscriptionID != 1 || a.Target != "alice" || !strings.Contains(a.Why, "looks like alice") || a.CloudSeat != 1 {
		t.Errorf("match %+v: want subscription 1 to alice, saying the evidence, one cloud seat", a)
	}
	rules := map[string]string{}
	for _, s := range p.Skipped {
		rules[s.Target] = s.Rule
	}
	if rules["none@corp.test"] != SkipNoEvidence || rules["two@corp.test"] != SkipAmbiguous || rules["kept@corp.test"] != SkipKeep {
		t.Errorf("skipped %+v: a lookalike is no evidence, two accounts are ambiguous, a kept account is kept", p.Skipped)
	}
}

func TestUndoPlanReinvitesWithTheTeamsAndRemovesTheMatch(t *testing.T) {
	run := &Run{ID: "r1", Actions: []Action{
		{ID: "cancel_invitation:eng/1", Lever: LeverInvitations, Kind: KindCancel, Target: "alice", Org: "eng", InvitationID: 1, InviteeID: 7, Role: "admin", TeamIDs: []int64{3, 4}, CloudSeat: 1},
		{ID: "cancel_invitation:eng/2", Lever: LeverInvitations, Kind: KindCancel, Target: "nobody", Org: "eng", InvitationID: 2},
		{ID: "match_vs:9", Lever: LeverVS, Kind: KindMatchVS, Target: "bob", SubscriptionID: 9, CloudSeat: 1},
	}, Outcomes: map[string]string{"cancel_invitation:eng/1": OutcomeDone, "cancel_invitation:eng/2": OutcomeDone, "match_vs:9": OutcomeDone}}
	p := UndoPlan(run)
	if len(p.Actions) != 2 {
		t.Fatalf("undo actions %+v", p.Actions)
	}
	unmatch, reinvite := p.Actions[0], p.Actions[1]
	if unmatch.Kind != KindUnmatchVS || unmatch.SubscriptionID != 9 || unmatch.CloudSeat != -1 {
		t.Errorf("undo of the match: %+v", unmatch)
	}
	if reinvite.Kind != KindReinvite || reinvite.InviteeID != 7 || reinvite.Role != "admin" || len(reinvite.TeamIDs) != 2 ||
		!strings.Contains(reinvite.Why, "new invitation") || reinvite.CloudSeat != -1 {
		t.Errorf("undo of the cancellation: %+v, want a re-invitation with role, teams and what GitHub cannot restore", reinvite)
	}
	if len(p.Skipped) != 1 || p.Skipped[0].Target != "nobody" || !strings.Contains(p.Skipped[0].Why, "no way to invite again") {
		t.Errorf("an invitation naming neither account nor email cannot be re-sent, and must say so: %+v", p.Skipped)
	}
}
