package reclaim

import (
	"errors"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client"
)

var planNow = time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)

// dormantFacts is a report with one account of every kind a plan must tell apart.
func dormantFacts() Facts {
	old := planNow.Add(-200 * 24 * time.Hour)
	used := 500
	t := true
	yes := client.FlexBool{V: &t}
	return Facts{
		Now: planNow, Server: "ghes.test", ServerHosts: []string{"ghes.test"}, Viewer: "me",
		ServerSeatsUsed: &used,
		Dormant: []client.DormantUser{
			{ID: 10, Login: "server-only", LastActive: old},
			{ID: 11, Login: "matched", LastActive: old},
			{ID: 12, Login: "unsynced", LastActive: old},
			{ID: 13, Login: "admin", SiteAdmin: true, LastActive: old},
			{ID: 14, Login: "Me", LastActive: old},
			{ID: 15, Login: "ghost", LastActive: old},
			{ID: 16, Login: "Kept", LastActive: old},
			{ID: 17, Login: "recent", LastActive: planNow.Add(-30 * 24 * time.Hour)},
			{ID: 18, Login: "gone", Suspended: true, LastActive: old},
		},
		Licenses: &client.ConsumedLicenses{TotalSeatsConsumed: 300, Users: []client.ConsumedUser{
			{EnterpriseServerUserIDs: []string{"GHES.test:10"}, EnterpriseServerUser: yes},
			{EnterpriseServerUserIDs: []string{"ghes.test:11"}, EnterpriseServerUser: yes, GithubComLogin: "matched-gh", GithubComUser: yes},
		}},
	}
}

func TestPlanSuspendsOnlyUnprotectedDormantUsersAndSaysWhatEachFrees(t *testing.T) {
	p := NewPlan(dormantFacts(), Filters{InactiveFor: 90 * 24 * time.Hour, Keep: []string{"kept"}})
	want := map[string]struct{ server, cloud int }{
		"server-only": {1, 1}, // seen on the server alone: the cloud seat goes at the next sync
		"matched":     {1, 0}, // still consumes on the cloud
		"unsynced":    {1, 0}, // not counted by the cloud yet
	}
	if len(p.Actions) != len(want) {
		t.Fatalf("actions %+v, want %d", p.Actions, len(want))
	}
	for _, a := range p.Actions {
		w, ok := want[a.Target]
		if !ok || a.Kind != KindSuspend || a.ServerSeat != w.server || a.CloudSeat != w.cloud || a.CloudNote == "" {
			t.Errorf("action %+v, want %s %+v with a cloud note", a, a.Target, w)
		}
	}
	skipped := map[string]bool{}
	for _, s := range p.Skipped {
		skipped[s.Target] = true
	}
	for _, login := range []string{"admin", "Me", "ghost", "Kept", "recent"} {
		if !skipped[login] {
			t.Errorf("%s not skipped: %+v", login, p.Skipped)
		}
	}
	if skipped["gone"] {
		t.Error("an already suspended user is listed as skipped; it holds no seat and is left out")
	}
	if len(p.Totals) != 1 || p.Totals[0] != (LeverTotal{Lever: LeverDormant, Actions: 3, ServerSeat: 3, CloudSeat: 1}) {
		t.Errorf("totals %+v", p.Totals)
	}
	if *p.ServerSeatsUsedAfter != 497 || *p.CloudSeatsConsumedAfter != 299 {
		t.Errorf("after: server %d cloud %d, want 497 and 299", *p.ServerSeatsUsedAfter, *p.CloudSeatsConsumedAfter)
	}
}

func TestPlanWithoutTheLeverOrItsReportPlansNothingAndSaysWhy(t *testing.T) {
	if p := NewPlan(dormantFacts(), Filters{Levers: []string{"invitations"}}); len(p.Actions) != 0 {
		t.Errorf("dormant lever not chosen, yet actions %+v", p.Actions)
	}
	f := dormantFacts()
	f.DormantErr = errors.New("the appliance is still generating the dormant-users report")
	p := NewPlan(f, Filters{})
	if len(p.Actions) != 0 || len(p.Unavailable) != 1 || p.Unavailable[0].Lever != LeverDormant {
		t.Errorf("report unavailable: actions %+v, unavailable %+v", p.Actions, p.Unavailable)
	}
}
