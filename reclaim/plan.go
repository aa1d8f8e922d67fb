package reclaim

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/seats"
)

// The levers and the kinds of action they take.
const (
	LeverDormant     = "dormant"
	LeverInvitations = "invitations"
	LeverVS          = "vs"

	KindSuspend   = "suspend"
	KindUnsuspend = "unsuspend"
	// KindCancel cancels a pending organization invitation; KindReinvite, its undo,
	// invites the same person again (a new invitation).
	KindCancel   = "cancel_invitation"
	KindReinvite = "reinvite"
	// KindMatchVS matches a Visual Studio subscription to a GitHub account by hand;
	// KindUnmatchVS, its undo, removes the match.
	KindMatchVS   = "match_vs"
	KindUnmatchVS = "unmatch_vs"
)

// Levers are all the levers, in the order plans list them.
var Levers = []string{LeverDormant, LeverInvitations, LeverVS}

// Action is one write of a plan: what it does to which account, why, and the seats
// it frees on each side. Cloud seats are freed at the next license sync, and only
// when the person consumes nothing else in the enterprise; CloudNote says which.
type Action struct {
	ID         string `json:"id"` // "suspend:login", "cancel_invitation:org/id", "match_vs:id": unique in a plan
	Lever      string `json:"lever"`
	Kind       string `json:"kind"`
	Target     string `json:"target"` // the login (an invitation by email: the email)
	TargetID   int64  `json:"target_id,omitempty"`
	Why        string `json:"why"`
	ServerSeat int    `json:"server_seats_freed"`
	CloudSeat  int    `json:"cloud_seats_freed"`
	CloudNote  string `json:"cloud_note"`

	// The invitation of KindCancel and KindReinvite: its organization, id, the
	// invitee (account id and email, either may be empty), role and teams, journaled
	// with the run before the cancellation so that its undo can invite again.
	Org          string  `json:"org,omitempty"`
	InvitationID int64   `json:"invitation_id,omitempty"`
	InviteeID    int64   `json:"invitee_id,omitempty"`
	Email        string  `json:"email,omitempty"`
	Role         string  `json:"role,omitempty"`
	TeamIDs      []int64 `json:"team_ids,omitempty"`
	// SubscriptionID is the Visual Studio subscription of KindMatchVS and
	// KindUnmatchVS; Target is the GitHub account it is matched to, Email the
	// subscription's.
	SubscriptionID int64 `json:"subscription_id,omitempty"`
}

// Skip is an account a lever would have acted on but does not, and why; Rule is the
// rule that spared it (the Skip* constants), empty for a lever that is unavailable.
type Skip struct {
	Lever  string `json:"lever"`
	Target string `json:"target"`
	Rule   string `json:"rule,omitempty"`
	Why    string `json:"why"`
}

// The rules that spare an account.
const (
	SkipSiteAdmin = "site_admin"
	SkipSelf      = "self"
	SkipService   = "service_account"
	SkipKeep      = "keep"
	SkipRecent    = "recent"
	SkipNotOurs   = "not_changed" // an undo: the run did not change the account
	// SkipFailed is a failed invitation: it holds no seat, and GitHub cannot re-send it.
	SkipFailed = "failed_invitation"
	// SkipNoEvidence and SkipAmbiguous are unmatched Visual Studio subscriptions the
	// counted-twice finder names no account, or more than one, for.
	SkipNoEvidence = "no_evidence"
	SkipAmbiguous  = "ambiguous"
)

// LeverTotal is what one lever of a plan does in all.
type LeverTotal struct {
	Lever      string `json:"lever"`
	Actions    int    `json:"actions"`
	ServerSeat int    `json:"server_seats_freed"`
	CloudSeat  int    `json:"cloud_seats_freed"`
}

// Plan is the actions to take and what they free. It changes nothing.
type Plan struct {
	Server  string       `json:"server"`
	Actions []Action     `json:"actions"`
	Skipped []Skip       `json:"skipped"`
	Totals  []LeverTotal `json:"totals"`
	// ServerSeatsUsed and CloudSeatsConsumed are today's numbers (nil: unknown);
	// the After numbers are what they become once the plan is applied (the cloud's
	// after the next sync).
	ServerSeatsUsed         *int `json:"server_seats_used"`
	ServerSeatsUsedAfter    *int `json:"server_seats_used_after"`
	CloudSeatsConsumed      *int `json:"cloud_seats_consumed"`
	CloudSeatsConsumedAfter *int `json:"cloud_seats_consumed_after"`
	// Unavailable says, per lever, why it could not be planned (a refusal in
	// GitHub's words and what to do); the other levers are planned anyway.
	Unavailable []Skip `json:"unavailable"`
}

// Filters choose what a plan may touch.
type Filters struct {
	// Levers are the levers to plan; empty: all.
	Levers []string
	// InactiveFor: a dormant user is suspended only when last active longer ago than
	// this (0: every user the report calls dormant).
	InactiveFor time.Duration
	// Keep are logins never touched, compared without case (for invitations, the
	// invitee's login or email).
	Keep []string
	// InvitationsOlderThan: a pending invitation is cancelled only when older than
	// this (0: every pending invitation).
	InvitationsOlderThan time.Duration
}

// DefaultInactiveFor is how long ago a dormant user must have been active last to be
// suspended, unless the admin says otherwise (reclaim --inactive-for).
const DefaultInactiveFor = 90 * 24 * time.Hour

// DefaultInvitationsOlderThan is how long an invitation must have been pending to be
// cancelled, unless the admin says otherwise (reclaim --invitations-older-than).
const DefaultInvitationsOlderThan = 30 * 24 * time.Hour

// DefaultFilters are the filters of `licensesync reclaim` without flags: every lever,
// the default ages, nothing kept. The console and the exporter plan with them.
func DefaultFilters() Filters {
	return Filters{InactiveFor: DefaultInactiveFor, InvitationsOlderThan: DefaultInvitationsOlderThan}
}

// wants says whether f selects lever.
func (f Filters) wants(lever string) bool {
	return len(f.Levers) == 0 || slices.Contains(f.Levers, lever)
}

// Facts are what a plan is made from, read by the caller.
type Facts struct {
	Now time.Time
	// Server is the host the accounts are on; ServerHosts the names its users carry
	// in the cloud's consumed-licenses ids ("host:id"), Server among them.
	Server      string
	ServerHosts []string
	// Viewer is the admin's own login on the server: never suspended.
	Viewer string
	// Dormant is the dormant-users report; DormantErr why it could not be read.
	Dormant    []client.DormantUser
	DormantErr error
	// ServerSeatsUsed is the server license's seats used (nil: unknown).
	ServerSeatsUsed *int
	// Licenses is the cloud's consumed-licenses list (nil: unknown).
	Licenses *client.ConsumedLicenses

	// Invitations are the pending invitations of every organization of the cloud
	// enterprise, Failed its failed ones; InvitationsErr why they could not be read.
	Invitations    []client.OrgInvitation
	Failed         []client.OrgInvitation
	InvitationsErr error
	// OrgRefusals are the organizations whose invitations could not be read, each
	// with GitHub's refusal (SSO, an IP allow list, a missing scope); the others are
	// planned anyway.
	OrgRefusals map[string]error
	// VSUnmatched are the unmatched Visual Studio subscriptions, VSErr why they could
	// not be read; Findings the counted-twice finder's findings (seats.CountedTwice),
	// the evidence a match needs.
	VSUnmatched []client.VSSubscription
	VSErr       error
	Findings    []seats.Finding
}

// NewPlan plans the actions of the chosen levers from facts. Site admins, the
// admin's own account, the accounts of GitHub's own services (ProtectedLogins) and
// the kept logins are never acted on; each is listed in Skipped with the reason.
func NewPlan(facts Facts, f Filters) *Plan {
	p := &Plan{Server: facts.Server, Actions: []Action{}, Skipped: []Skip{}, Unavailable: []Skip{}}
	keep := map[string]bool{}
	for _, k := range f.Keep {
		keep[strings.ToLower(strings.TrimSpace(k))] = true
	}
	if f.wants(LeverDormant) {
		if facts.DormantErr != nil {
			p.Unavailable = append(p.Unavailable, Skip{Lever: LeverDormant, Why: facts.DormantErr.Error()})
		} else {
			p.planDormant(facts, f, keep)
		}
	}
	if f.wants(LeverInvitations) {
		if facts.InvitationsErr != nil {
			p.Unavailable = append(p.Unavailable, Skip{Lever: LeverInvitations, Why: facts.InvitationsErr.Error()})
		} else {
			p.planInvitations(facts, f, keep)
		}
	}
	if f.wants(LeverVS) {
		if facts.VSErr != nil {
			p.Unavailable = append(p.Unavailable, Skip{Lever: LeverVS, Why: facts.VSErr.Error()})
		} else {
			p.planVS(facts, keep)
		}
	}
	p.total(facts)
	return p
}

// planDormant adds a suspension per dormant, active, unprotected account.
func (p *Plan) planDormant(facts Facts, f Filters, keep map[string]bool) {
	cloud := cloudByServerID(facts.Licenses, facts.ServerHosts)
	for _, u := range facts.Dormant {
		login := strings.ToLower(u.Login)
		skip := func(rule, why string) {
			p.Skipped = append(p.Skipped, Skip{Lever: LeverDormant, Target: u.Login, Rule: rule, Why: why})
		}
		switch {
		case u.Suspended:
			continue // already holds no seat: nothing to do, nothing to say
		case u.SiteAdmin:
			skip(SkipSiteAdmin, "a site admin: never suspended")
		case strings.EqualFold(u.Login, facts.Viewer):
			skip(SkipSelf, "your own account: never suspended")
		case ProtectedLogin(u.Login):
			skip(SkipService, "an account of GitHub's own services: never suspended")
		case keep[login]:
			skip(SkipKeep, "in the keep list")
		case f.InactiveFor > 0 && !u.LastActive.IsZero() && facts.Now.Sub(u.LastActive) < f.InactiveFor:
			skip(SkipRecent, fmt.Sprintf("last active %s, within %s", u.LastActive.Format(time.DateOnly), days(f.InactiveFor)))
		default:
			a := Action{ID: KindSuspend + ":" + login, Lever: LeverDormant, Kind: KindSuspend, Target: u.Login, TargetID: u.ID,
				Why: dormantWhy(u, facts.Now), ServerSeat: 1}
			a.CloudSeat, a.CloudNote = cloudSeatOf(cloud, u.ID, facts.Licenses != nil)
			p.Actions = append(p.Actions, a)
		}
	}
}

// dormantWhy is the reason shown for suspending u.
func dormantWhy(u client.DormantUser, now time.Time) string {
	if u.LastActive.IsZero() {
		return "dormant (the report gives no last activity)"
	}
	return fmt.Sprintf("dormant, last active %s (%s ago)", u.LastActive.Format(time.DateOnly), days(now.Sub(u.LastActive)))
}

// days writes d in whole days.
func days(d time.Duration) string {
	n := int(d / (24 * time.Hour))
	if n == 1 {
		return "1 day"
	}
	return strconv.Itoa(n) + " days"
}

// cloudByServerID indexes the consumed-licenses users by the server ids they carry
// ("host:id", lower case) for the hosts given.
func cloudByServerID(cl *client.ConsumedLicenses, hosts []string) map[int64]client.ConsumedUser {
	out := map[int64]client.ConsumedUser{}
	if cl == nil {
		return out
	}
	for _, u := range cl.Users {
		for _, id := range u.EnterpriseServerUserIDs {
			host, num, ok := strings.Cut(strings.ToLower(id), ":")
			if !ok || !slices.ContainsFunc(hosts, func(h string) bool { return strings.EqualFold(h, host) }) {
				continue
			}
			if n, err := strconv.ParseInt(num, 10, 64); err == nil {
				out[n] = u
			}
		}
	}
	return out
}

// cloudSeatOf says whether suspending server account id frees a cloud seat at the
// next sync, using the reconciliation's rule of where a person is seen: only a person
// seen on the server alone, through this one account, stops consuming.
func cloudSeatOf(cloud map[int64]client.ConsumedUser, id int64, known bool) (int, string) {
	if !known {
		return 0, "cloud seats unknown (consumed licenses not read)"
	}
	u, ok := cloud[id]
	if !ok {
		return 0, "no cloud seat: not counted by the cloud (not synced yet)"
	}
	switch {
	case seats.Side(u) != seats.SideServer:
		return 0, "no cloud seat: still consumes on the cloud as " + orDash(u.GithubComLogin)
	case len(u.EnterpriseServerUserIDs) > 1:
		return 0, "no cloud seat: still consumes through another server account"
	case u.VisualStudioSubscriptionUser.True():
		return 0, "no cloud seat: still consumes as a Visual Studio subscriber"
	}
	return 1, "a cloud seat at the next license sync"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// total sums the plan per lever and says the seats after it.
func (p *Plan) total(facts Facts) {
	byLever := map[string]*LeverTotal{}
	var server, cloud int
	for _, a := range p.Actions {
		t := byLever[a.Lever]
		if t == nil {
			t = &LeverTotal{Lever: a.Lever}
			byLever[a.Lever] = t
		}
		t.Actions++
		t.ServerSeat += a.ServerSeat
		t.CloudSeat += a.CloudSeat
		server += a.ServerSeat
		cloud += a.CloudSeat
	}
	p.Totals = []LeverTotal{}
	for _, lever := range Levers {
		if t := byLever[lever]; t != nil {
			p.Totals = append(p.Totals, *t)
		}
	}
	if used := facts.ServerSeatsUsed; used != nil {
		after := max(*used-server, 0)
		p.ServerSeatsUsed, p.ServerSeatsUsedAfter = used, &after
	}
	if facts.Licenses != nil {
		now := facts.Licenses.TotalSeatsConsumed
		after := max(now-cloud, 0)
		p.CloudSeatsConsumed, p.CloudSeatsConsumedAfter = &now, &after
	}
}
