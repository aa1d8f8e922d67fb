package reclaim

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/seats"
)

// planInvitations adds a cancellation per pending invitation older than
// f.InvitationsOlderThan whose invitee is not kept, and lists the failed invitations
// as not touched: they hold no seat, and GitHub cannot re-send one as is.
func (p *Plan) planInvitations(facts Facts, f Filters, keep map[string]bool) {
	for _, org := range slices.Sorted(maps.Keys(facts.OrgRefusals)) {
		p.Unavailable = append(p.Unavailable, Skip{Lever: LeverInvitations, Target: org, Why: facts.OrgRefusals[org].Error()})
	}
	for _, inv := range facts.Invitations {
		skip := func(rule, why string) {
			p.Skipped = append(p.Skipped, Skip{Lever: LeverInvitations, Target: inv.Invitee(), Rule: rule, Why: why})
		}
		age := facts.Now.Sub(inv.CreatedAt)
		switch {
		case keep[strings.ToLower(inv.Login)] || keep[strings.ToLower(inv.Email)]:
			skip(SkipKeep, "in the keep list")
		case f.InvitationsOlderThan > 0 && !inv.CreatedAt.IsZero() && age < f.InvitationsOlderThan:
			skip(SkipRecent, fmt.Sprintf("invited to %s %s ago, within %s", inv.Org, days(age), days(f.InvitationsOlderThan)))
		default:
			a := Action{ID: KindCancel + ":" + strings.ToLower(inv.Org) + "/" + strconv.FormatInt(inv.ID, 10),
				Lever: LeverInvitations, Kind: KindCancel, Target: inv.Invitee(), TargetID: inv.InviteeID, Why: invitationWhy(inv, facts.Now),
				Org: inv.Org, InvitationID: inv.ID, InviteeID: inv.InviteeID, Email: inv.Email, Role: inv.Role}
			a.CloudSeat, a.CloudNote = invitationSeat(facts.Licenses, inv, facts.Invitations)
			p.Actions = append(p.Actions, a)
		}
	}
	for _, inv := range facts.Failed {
		why := "a failed invitation to " + inv.Org
		if inv.FailedReason != "" {
			why += " (" + inv.FailedReason + ")"
		}
		p.Skipped = append(p.Skipped, Skip{Lever: LeverInvitations, Target: inv.Invitee(), Rule: SkipFailed,
			Why: why + ": holds no seat; GitHub cannot re-send it as is, invite again by hand if still wanted"})
	}
}

// invitationWhy is the reason shown for cancelling inv: its age, inviter and teams.
func invitationWhy(inv client.OrgInvitation, now time.Time) string {
	why := "pending invitation to " + inv.Org
	if !inv.CreatedAt.IsZero() {
		why += fmt.Sprintf(" since %s (%s)", inv.CreatedAt.Format(time.DateOnly), days(now.Sub(inv.CreatedAt)))
	}
	if inv.Inviter != "" {
		why += ", invited by " + inv.Inviter
	}
	if inv.Role != "" {
		why += ", role " + inv.Role
	}
	switch {
	case inv.TeamCount == 1:
		why += ", 1 team"
	case inv.TeamCount > 1:
		why += ", " + strconv.Itoa(inv.TeamCount) + " teams"
	}
	return why
}

// invitationSeat says whether cancelling inv frees a cloud seat, from the consumed
// licenses: the person's seat goes only when the invitation is all they consume
// through (no membership, no server account, no Visual Studio subscription, no other
// pending invitation).
func invitationSeat(cl *client.ConsumedLicenses, inv client.OrgInvitation, all []client.OrgInvitation) (int, string) {
	if cl == nil {
		return 0, "cloud seats unknown (consumed licenses not read)"
	}
	if others := otherInvitations(inv, all); others > 0 {
		return 0, fmt.Sprintf("no cloud seat: still invited to %d other organizations", others)
	}
	u, ok := consumerOf(cl, inv)
	if !ok {
		return 1, "a cloud seat at once: the invitee holds no other license (not otherwise in the consumed licenses)"
	}
	switch {
	case len(u.GithubComMemberRoles) > 0:
		return 0, "no cloud seat: still consumes as a member (" + strings.Join(u.GithubComMemberRoles, ", ") + ")"
	case seats.Side(u) == seats.SideServer || seats.Side(u) == seats.SideBoth:
		return 0, "no cloud seat: still consumes through a server account"
	case u.VisualStudioSubscriptionUser.True():
		return 0, "no cloud seat: still consumes as a Visual Studio subscriber"
	case slices.ContainsFunc(u.GithubComOrgsWithPendingInvites, func(o string) bool { return !strings.EqualFold(o, inv.Org) }):
		return 0, "no cloud seat: still invited to another organization"
	}
	return 1, "a cloud seat at once: the invitation is all the person consumes"
}

// otherInvitations counts the pending invitations of the same invitee to other
// organizations.
func otherInvitations(inv client.OrgInvitation, all []client.OrgInvitation) int {
	n := 0
	for _, o := range all {
		if !strings.EqualFold(o.Org, inv.Org) && sameInvitee(o, inv) {
			n++
		}
	}
	return n
}

func sameInvitee(a, b client.OrgInvitation) bool {
	return (a.Login != "" && strings.EqualFold(a.Login, b.Login)) || (a.Email != "" && strings.EqualFold(a.Email, b.Email))
}

// consumerOf finds the invitee among the consumed licenses by login, else by any
// email the list gives for a person.
func consumerOf(cl *client.ConsumedLicenses, inv client.OrgInvitation) (client.ConsumedUser, bool) {
	for _, u := range cl.Users {
		if inv.Login != "" && strings.EqualFold(u.GithubComLogin, inv.Login) {
			return u, true
		}
	}
	if inv.Email == "" {
		return client.ConsumedUser{}, false
	}
	for _, u := range cl.Users {
		emails := slices.Concat(u.GithubComVerifiedDomainEmails, u.EnterpriseServerEmails)
		if u.VisualStudioSubscriptionEmail != nil {
			emails = append(emails, *u.VisualStudioSubscriptionEmail)
		}
		if slices.ContainsFunc(emails, func(e string) bool { return strings.EqualFold(strings.TrimSpace(e), inv.Email) }) {
			return u, true
		}
	}
	return client.ConsumedUser{}, false
}

// InvitationLookup reads what a re-invitation needs that the invitation list does
// not give; *client.Client has it.
type InvitationLookup interface {
	InvitationTeams(ctx context.Context, org string, id int64) ([]int64, error)
	CloudUserID(ctx context.Context, login string) (int64, error)
}

// CompleteInvitations reads, for each invitation the plan cancels, its teams and the
// invited account's id, and keeps them in the action: the run's journal then holds
// them before any cancellation, and an undo can invite the same person to the same
// teams. An invitation whose teams or account cannot be read stays in the plan; its
// why says what an undo cannot restore.
func (p *Plan) CompleteInvitations(ctx context.Context, look InvitationLookup) {
	for i := range p.Actions {
		a := &p.Actions[i]
		if a.Kind != KindCancel {
			continue
		}
		if ids, err := look.InvitationTeams(ctx, a.Org, a.InvitationID); err == nil {
			a.TeamIDs = ids
		} else {
			a.Why += "; its teams could not be read, so an undo invites again without them"
		}
		if a.InviteeID != 0 || (a.Email != "" && a.Target == a.Email) {
			continue
		}
		if id, err := look.CloudUserID(ctx, a.Target); err == nil {
			a.InviteeID, a.TargetID = id, id
		} else if a.Email == "" {
			a.Why += "; the account's id could not be read, so an undo cannot invite again"
		}
	}
}
