package reclaim

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/licensesync/licensesync/client"
)

// Cloud is the part of the cloud's API the engine acts through for the invitations
// and Visual Studio levers; *client.Client has it.
type Cloud interface {
	OrgInvitations(ctx context.Context, org string) ([]client.OrgInvitation, error)
	CancelInvitation(ctx context.Context, org string, id int64) error
	CreateInvitation(ctx context.Context, org string, inv client.Reinvitation) error
	UnmatchedVSSubscriptions(ctx context.Context) ([]client.VSSubscription, error)
	MatchVSSubscription(ctx context.Context, id int64, login string) error
	UnmatchVSSubscription(ctx context.Context, id int64) error
}

// errNoCloud is the refusal of a cloud action by an engine without a cloud.
var errNoCloud = &client.Error{Kind: client.KindUnauthorized, Op: "act on the cloud",
	Err:  errors.New("no cloud token is configured"),
	Hint: "Give a cloud token of an enterprise owner (with admin:org) to act on invitations and Visual Studio subscriptions."}

// live is an action's target as read just now: asWanted says it already is as the
// action makes it; refuse, when set, why the write must not be made although it is not.
type live struct {
	asWanted bool
	refuse   string
}

// liveState reads a's target live: the account (suspensions), the organization's
// pending invitations (an invitation cancelled is gone; a re-invitation is there when
// one for the same person is), the unmatched Visual Studio subscriptions (a matched
// one is not among them).
func (e *Engine) liveState(ctx context.Context, a Action) (live, error) {
	switch a.Kind {
	case KindSuspend, KindUnsuspend:
		u, err := e.Server.ServerUser(ctx, a.Target)
		if err != nil {
			return live{}, err
		}
		want := a.Kind == KindSuspend
		l := live{asWanted: (u.SuspendedAt != nil) == want}
		if u.SiteAdmin && want {
			l.refuse = "now a site admin: never suspended"
		}
		return l, nil
	}
	if e.Cloud == nil {
		return live{}, errNoCloud
	}
	switch a.Kind {
	case KindCancel, KindReinvite:
		invs, err := e.Cloud.OrgInvitations(ctx, a.Org)
		if err != nil {
			return live{}, err
		}
		if a.Kind == KindCancel {
			return live{asWanted: !slices.ContainsFunc(invs, func(i client.OrgInvitation) bool { return i.ID == a.InvitationID })}, nil
		}
		return live{asWanted: slices.ContainsFunc(invs, func(i client.OrgInvitation) bool { return invites(i, a) })}, nil
	case KindMatchVS, KindUnmatchVS:
		subs, err := e.Cloud.UnmatchedVSSubscriptions(ctx)
		if err != nil {
			return live{}, err
		}
		unmatched := slices.ContainsFunc(subs, func(s client.VSSubscription) bool { return s.ID == a.SubscriptionID })
		return live{asWanted: unmatched == (a.Kind == KindUnmatchVS)}, nil
	}
	return live{}, errors.New("unknown action kind " + a.Kind)
}

// invites says whether pending invitation i is one for the person a re-invites: the
// same login (GitHub's list names the account by login, not id), else the same email.
func invites(i client.OrgInvitation, a Action) bool {
	if a.InviteeID != 0 || a.Email == "" {
		return i.Login != "" && strings.EqualFold(i.Login, a.Target)
	}
	return strings.EqualFold(i.Email, a.Email)
}

// stateWord says what an action makes of its target: "suspended", "cancelled", …
func stateWord(a Action) string {
	switch a.Kind {
	case KindSuspend:
		return "suspended"
	case KindUnsuspend:
		return "not suspended"
	case KindCancel:
		return "cancelled"
	case KindReinvite:
		return "invited again"
	case KindMatchVS:
		return "matched"
	case KindUnmatchVS:
		return "unmatched"
	}
	return a.Kind
}

// targetWord names what an action acts on, for its messages.
func targetWord(a Action) string {
	switch a.Kind {
	case KindCancel, KindReinvite:
		return "invitation"
	case KindMatchVS, KindUnmatchVS:
		return "subscription"
	}
	return "account"
}
