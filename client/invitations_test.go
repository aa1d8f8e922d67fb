package client

import (
	"context"
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client/sim"
)

func TestEnterpriseOrgsAndInvitationsReadEveryPageAndExplainEachRefusal(t *testing.T) {
	c, _ := newSimClient(t, sim.Options{Seed: 27, Users: 60, CloudUsers: 40}, nil)
	ctx := context.Background()
	orgs, err := c.EnterpriseOrgs(ctx)
	if err != nil || len(orgs) != 5 { // the sim pages its five organizations two at a time
		t.Fatalf("orgs %v, %v", orgs, err)
	}
	var pending, failed int
	for _, org := range orgs {
		invs, err := c.OrgInvitations(ctx, org)
		switch {
		case strings.HasSuffix(org, "-labs"):
			if err == nil || !strings.Contains(err.Error(), "single sign-on") || !strings.Contains(err.Error(), "/sso") {
				t.Errorf("%s: want the SSO refusal with the page to authorise the token, got %v", org, err)
			}
			continue
		case strings.HasSuffix(org, "-design"):
			if err == nil || !strings.Contains(err.Error(), "IP allow list") || !strings.Contains(err.Error(), "ask an owner") {
				t.Errorf("%s: want the IP allow list refusal with what to do, got %v", org, err)
			}
			continue
		case err != nil:
			t.Fatalf("%s: %v", org, err)
		}
		for _, inv := range invs {
			if inv.Org != org || inv.ID == 0 || inv.Invitee() == "" || inv.CreatedAt.IsZero() || inv.Inviter == "" {
				t.Errorf("invitation read incompletely: %+v", inv)
			}
		}
		pending += len(invs)
		f, err := c.OrgFailedInvitations(ctx, org)
		if err != nil {
			t.Fatal(err)
		}
		for _, inv := range f {
			if !inv.Failed || inv.FailedReason == "" || inv.FailedAt.IsZero() {
				t.Errorf("failed invitation read incompletely: %+v", inv)
			}
		}
		failed += len(f)
	}
	if pending == 0 || failed != 1 {
		t.Errorf("%d pending and %d failed invitations, want some and one", pending, failed)
	}
}

func TestInvitationsWithoutAdminOrgSayWhichScopeToAdd(t *testing.T) {
	c, _ := newSimClient(t, sim.Options{Seed: 27, Users: 60, CloudUsers: 40}, func(cfg *Config) { cfg.CloudToken = sim.CloudNoScopeToken })
	_, err := c.OrgInvitations(context.Background(), "acme-eng")
	if err == nil || !strings.Contains(err.Error(), "admin:org") {
		t.Fatalf("want a refusal naming the admin:org scope, got %v", err)
	}
	assertNoToken(t, "the refusal", err.Error())
}

func TestVSSubscriptionsReadEitherShapeGitHubMaySend(t *testing.T) {
	for _, body := range []string{
		`{"total_count":1,"visual_studio_subscriptions":[{"id":7,"email":"a@b.test","license_status":"pending","matched_user":null}]}`,
		`[{"id":7,"subscriber_email":"a@b.test","license_status":"pending"}]`,
	} {
		list, err := decodeVSList([]byte(body))
		if err != nil || len(list) != 1 {
			t.Fatalf("%s: %v %v", body, list, err)
		}
		if s := list[0].subscription(); s.ID != 7 || s.Email != "a@b.test" || s.MatchedLogin != "" {
			t.Errorf("%s: read %+v", body, s)
		}
	}
}
