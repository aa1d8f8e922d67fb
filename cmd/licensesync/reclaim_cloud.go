package main

import (
	"context"
	"errors"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/reclaim"
)

// errNoCloudToken leaves the cloud's levers unavailable when no cloud token is given.
var errNoCloudToken = errors.New("no cloud token is configured; give an enterprise owner's token (with admin:org) to plan the cloud's levers")

// readInvitations reads the pending and failed invitations of every organization of
// the cloud enterprise into facts. An organization that refuses (SSO, an IP allow
// list, a missing scope) is recorded with GitHub's refusal and the others are read
// anyway; only a failure to list the organizations leaves the lever unavailable.
func readInvitations(ctx context.Context, c *client.Client, facts *reclaim.Facts) {
	if !c.HasCloud() {
		facts.InvitationsErr = errNoCloudToken
		return
	}
	orgs, err := c.EnterpriseOrgs(ctx)
	if err != nil {
		facts.InvitationsErr = err
		return
	}
	facts.OrgRefusals = map[string]error{}
	for _, org := range orgs {
		pending, err := c.OrgInvitations(ctx, org)
		if err != nil {
			facts.OrgRefusals[org] = err
			continue
		}
		facts.Invitations = append(facts.Invitations, pending...)
		if failed, err := c.OrgFailedInvitations(ctx, org); err == nil {
			facts.Failed = append(facts.Failed, failed...)
		}
	}
}

// readVSSubscriptions reads the unmatched Visual Studio subscriptions and the
// counted-twice finder's evidence into facts.
func readVSSubscriptions(ctx context.Context, c *client.Client, facts *reclaim.Facts) {
	if !c.HasCloud() {
		facts.VSErr = errNoCloudToken
		return
	}
	facts.VSUnmatched, facts.VSErr = c.UnmatchedVSSubscriptions(ctx)
	facts.Findings = reclaim.VSFindings(facts.Licenses)
}
