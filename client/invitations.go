package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/licensesync/licensesync/client/textsafe"
)

// OrgInvitation is one invitation to an organization of the cloud enterprise, pending
// (GET /orgs/{org}/invitations) or failed (GET /orgs/{org}/failed_invitations). A
// pending invitation holds a license until it is accepted, cancelled or expires.
// Every string is sanitized.
type OrgInvitation struct {
	ID        int64
	Org       string
	InviteeID int64  // the invited account's id: not in GitHub's list, set by the caller (CloudUserID)
	Login     string // the invited account; "" for an invitation by email
	Email     string
	Role      string // GitHub's role: direct_member, admin, billing_manager, …
	CreatedAt time.Time
	Inviter   string
	TeamCount int
	// Failed says the invitation is one of failed_invitations (expired, or refused);
	// FailedAt and FailedReason are GitHub's.
	Failed       bool
	FailedAt     time.Time
	FailedReason string
}

// Invitee names who the invitation is for: the login, else the email.
func (i OrgInvitation) Invitee() string {
	if i.Login != "" {
		return i.Login
	}
	return i.Email
}

// invitationWire is GitHub's organization-invitation object, the fields read.
type invitationWire struct {
	ID           int64   `json:"id"`
	Login        *string `json:"login"`
	Email        *string `json:"email"`
	Role         string  `json:"role"`
	CreatedAt    string  `json:"created_at"`
	FailedAt     *string `json:"failed_at"`
	FailedReason *string `json:"failed_reason"`
	Inviter      *struct {
		Login string `json:"login"`
	} `json:"inviter"`
	TeamCount int `json:"team_count"`
}

// invitationsPerPage and maxInvitationPages bound one organization's invitations read.
const (
	invitationsPerPage = 100
	maxInvitationPages = 100
)

// OrgInvitations reads the pending invitations of org, every page.
func (c *Client) OrgInvitations(ctx context.Context, org string) ([]OrgInvitation, error) {
	return c.invitations(ctx, org, "invitations", "read the pending invitations of "+textsafe.Sanitize(org))
}

// OrgFailedInvitations reads the failed invitations of org, every page.
func (c *Client) OrgFailedInvitations(ctx context.Context, org string) ([]OrgInvitation, error) {
	return c.invitations(ctx, org, "failed_invitations", "read the failed invitations of "+textsafe.Sanitize(org))
}

func (c *Client) invitations(ctx context.Context, org, list, op string) ([]OrgInvitation, error) {
	var out []OrgInvitation
	for page := 1; page <= maxInvitationPages; page++ {
		r := request{side: SideCloud, method: http.MethodGet, path: "orgs/" + url.PathEscape(org) + "/" + list, op: op, area: areaPublic,
			query: url.Values{"per_page": {strconv.Itoa(invitationsPerPage)}, "page": {strconv.Itoa(page)}},
			items: []itemBound{{path: "[]", max: invitationsPerPage, what: "invitations", asked: "the per_page=100 asked for"}}}
		got, _, err := sendJSON[[]invitationWire](ctx, c, r)
		if err != nil {
			return nil, err
		}
		for _, w := range *got {
			out = append(out, w.invitation(org, list == "failed_invitations"))
		}
		if len(*got) < invitationsPerPage {
			break
		}
	}
	return out, nil
}

// invitation turns the wire object into an OrgInvitation, every string sanitized.
func (w invitationWire) invitation(org string, failed bool) OrgInvitation {
	clean := func(s *string) string {
		if s == nil {
			return ""
		}
		return textsafe.Sanitize(Truncate(strings.TrimSpace(*s), 200))
	}
	inv := OrgInvitation{ID: w.ID, Org: textsafe.Sanitize(org), Login: clean(w.Login), Email: clean(w.Email),
		Role: textsafe.Sanitize(Truncate(w.Role, 40)), TeamCount: w.TeamCount, Failed: failed, FailedReason: clean(w.FailedReason)}
	inv.CreatedAt, _ = ParseTime(w.CreatedAt)
	if w.FailedAt != nil {
		inv.FailedAt, _ = ParseTime(*w.FailedAt)
	}
	if w.Inviter != nil {
		inv.Inviter = textsafe.Sanitize(Truncate(w.Inviter.Login, 100))
	}
	return inv
}

// maxInvitationTeams bounds the teams of one invitation read (one page).
const maxInvitationTeams = 100

// InvitationTeams reads the ids of the teams invitation id of org adds the invitee
// to (GET /orgs/{org}/invitations/{invitation_id}/teams), so that a re-invitation
// can name them again.
func (c *Client) InvitationTeams(ctx context.Context, org string, id int64) ([]int64, error) {
	r := request{side: SideCloud, method: http.MethodGet, area: areaPublic,
		path:  "orgs/" + url.PathEscape(org) + "/invitations/" + strconv.FormatInt(id, 10) + "/teams",
		op:    "read the teams of invitation " + strconv.FormatInt(id, 10) + " of " + textsafe.Sanitize(org),
		query: url.Values{"per_page": {strconv.Itoa(maxInvitationTeams)}},
		items: []itemBound{{path: "[]", max: maxInvitationTeams, what: "teams", asked: "the per_page=100 asked for"}}}
	got, _, err := sendJSON[[]struct {
		ID int64 `json:"id"`
	}](ctx, c, r)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(*got))
	for _, t := range *got {
		ids = append(ids, t.ID)
	}
	return ids, nil
}

// CancelInvitation is DELETE /orgs/{org}/invitations/{invitation_id}. It is a
// write: sent once, never repeated blindly; after an ambiguous failure the caller
// reads the invitations back (MaybeApplied).
func (c *Client) CancelInvitation(ctx context.Context, org string, id int64) error {
	r := request{side: SideCloud, method: http.MethodDelete, area: areaPublic,
		path: "orgs/" + url.PathEscape(org) + "/invitations/" + strconv.FormatInt(id, 10),
		op:   "cancel invitation " + strconv.FormatInt(id, 10) + " of " + textsafe.Sanitize(org)}
	_, err := c.send(ctx, r)
	return err
}

// Reinvitation is what POST /orgs/{org}/invitations needs to invite a person again:
// the account's id (InviteeID) or else the email, the role and the teams.
type Reinvitation struct {
	InviteeID int64
	Email     string
	Role      string
	TeamIDs   []int64
}

// CreateInvitation is POST /orgs/{org}/invitations, GitHub's "Create an organization
// invitation": a new invitation, with its own id and a new expiry. A write, as
// CancelInvitation.
func (c *Client) CreateInvitation(ctx context.Context, org string, inv Reinvitation) error {
	body := map[string]any{"role": postRole(inv.Role)}
	if inv.InviteeID != 0 {
		body["invitee_id"] = inv.InviteeID
	} else {
		body["email"] = inv.Email
	}
	if len(inv.TeamIDs) > 0 {
		body["team_ids"] = inv.TeamIDs
	}
	r := request{side: SideCloud, method: http.MethodPost, path: "orgs/" + url.PathEscape(org) + "/invitations", area: areaPublic, body: body,
		op: "invite " + textsafe.Sanitize(orText(inv.Email, strconv.FormatInt(inv.InviteeID, 10))) + " to " + textsafe.Sanitize(org) + " again"}
	_, err := c.send(ctx, r)
	return err
}

// postRole maps a listed invitation's role to one POST accepts (admin,
// direct_member, billing_manager, reinstate); GitHub lists the others
// (hiring_manager, …) but takes only these, so they become direct_member.
func postRole(role string) string {
	switch role {
	case "admin", "direct_member", "billing_manager", "reinstate":
		return role
	}
	return "direct_member"
}

// CloudUserID reads the id of the cloud account login (GET /users/{username}), which a
// re-invitation names it by (invitee_id).
func (c *Client) CloudUserID(ctx context.Context, login string) (int64, error) {
	r := request{side: SideCloud, method: http.MethodGet, path: "users/" + url.PathEscape(login), area: areaPublic,
		op: "read the cloud account " + textsafe.Sanitize(login)}
	got, _, err := sendJSON[struct {
		ID int64 `json:"id"`
	}](ctx, c, r)
	if err != nil {
		return 0, err
	}
	return got.ID, nil
}
