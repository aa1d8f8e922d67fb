package sim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// invitation is one pending invitation to an organization of the cloud enterprise.
// The seeded ones (seededInvitations) follow from the world; those made through the
// API are kept in the state (state.InvitationsMade), and the cancelled ones by id
// (state.InvitationsCancelled). A pending invitation holds a cloud seat until it is
// cancelled.
type invitation struct {
	ID        int64     `json:"id"`
	Org       string    `json:"org"`
	Login     string    `json:"login,omitempty"`
	Email     string    `json:"email,omitempty"`
	Role      string    `json:"role"`
	Created   time.Time `json:"created_at"`
	Inviter   string    `json:"inviter"`
	TeamIDs   []int64   `json:"team_ids,omitempty"`
	InviteeID int64     `json:"invitee_id,omitempty"`
}

// The organizations of the world that refuse the invitation endpoints, as GitHub
// does for a token not authorized for SAML single sign-on and for an address outside
// an IP allow list: each has its own 403, so the plan meets both refusals.
const (
	ssoOrgSuffix     = "labs"
	ipAllowOrgSuffix = "design"
)

// outsiderInvites is how many invitations by email the world holds for people with no
// account in the enterprise; the first is recent, the others stale.
const outsiderInvites = 3

// seededInvitations are the world's invitations: one per pending invite of a cloud
// member (by login), and a few by email for outsiders. The state lock is held.
func (s *Sim) seededInvitations() []invitation {
	w := s.w
	inviter := w.cloud[0].login
	var out []invitation
	for idx, c := range w.cloud {
		if c.vsOnly {
			continue
		}
		for k, org := range c.pendingInvites {
			inv := invitation{ID: 7_000_000 + int64(idx)*10 + int64(k), Org: org, Login: c.login, InviteeID: c.id, Role: "direct_member",
				Created: s.st.Created.Add(-time.Duration(5+(idx*13)%80) * 24 * time.Hour), Inviter: inviter}
			if idx%2 == 0 {
				inv.TeamIDs = []int64{9000 + int64(idx%5)}
			}
			out = append(out, inv)
		}
	}
	for i := range outsiderInvites {
		out = append(out, invitation{ID: 7_900_000 + int64(i), Org: w.orgs[i%2], Email: fmt.Sprintf("new-hire-%d@example.test", i),
			Role: "direct_member", Created: s.st.Created.Add(-time.Duration(10+i*30) * 24 * time.Hour), Inviter: inviter,
			TeamIDs: []int64{9100 + int64(i)}})
	}
	return out
}

// pendingInvitations are org's invitations now: seeded and made, less the cancelled.
// The state lock is held.
func (s *Sim) pendingInvitations(org string) []invitation {
	var out []invitation
	for _, inv := range slices.Concat(s.seededInvitations(), s.st.InvitationsMade) {
		if strings.EqualFold(inv.Org, org) && !s.st.InvitationsCancelled[inv.ID] {
			out = append(out, inv)
		}
	}
	return out
}

// orgRefusal is the 403 of an organization that refuses the token (SSO, IP allow
// list), or 404 for one not in the enterprise; nil when org answers.
func (s *Sim) orgRefusal(c *call) (string, *response) {
	org := c.params["org"]
	i := slices.IndexFunc(s.w.orgs, func(o string) bool { return strings.EqualFold(o, org) })
	if i < 0 {
		return "", notFound(c.docs)
	}
	org = s.w.orgs[i]
	switch {
	case strings.HasSuffix(org, "-"+ssoOrgSuffix):
		r := errorResponse(http.StatusForbidden, "Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.", c.docs)
		r.header = http.Header{"X-Github-Sso": {"required; url=https://github.com/orgs/" + org + "/sso?authorization_request=SIM"}}
		return org, r
	case strings.HasSuffix(org, "-"+ipAllowOrgSuffix):
		return org, errorResponse(http.StatusForbidden, "Although you appear to have the correct authorization credentials, the `"+org+
			"` organization has an IP allow list enabled, and 127.0.0.1 is not permitted to access this resource.", c.docs)
	}
	return org, nil
}

// invitationJSON is GitHub's organization-invitation object.
func invitationJSON(inv invitation) map[string]any {
	j := map[string]any{"id": inv.ID, "node_id": "OI_" + strconv.FormatInt(inv.ID, 10), "login": nil, "email": nil, "role": inv.Role,
		"created_at": inv.Created.UTC().Format(time.RFC3339), "failed_at": nil, "failed_reason": nil,
		"inviter": map[string]any{"login": inv.Inviter}, "team_count": len(inv.TeamIDs), "invitation_source": "member"}
	if inv.Login != "" {
		j["login"] = inv.Login
	}
	if inv.Email != "" {
		j["email"] = inv.Email
	}
	return j
}

// getInvitations is GET /orgs/{org}/invitations, paged.
func (s *Sim) getInvitations(c *call) *response {
	org, refusal := s.orgRefusal(c)
	if refusal != nil {
		return refusal
	}
	return s.withState(c, func(time.Time) (*response, bool) {
		out := []map[string]any{}
		for _, inv := range s.pendingInvitations(org) {
			out = append(out, invitationJSON(inv))
		}
		return pagedJSON(c, out), false
	})
}

// getFailedInvitations is GET /orgs/{org}/failed_invitations: one expired invitation
// in the first organization.
func (s *Sim) getFailedInvitations(c *call) *response {
	org, refusal := s.orgRefusal(c)
	if refusal != nil {
		return refusal
	}
	return s.withState(c, func(time.Time) (*response, bool) {
		out := []map[string]any{}
		if org == s.w.orgs[0] {
			j := invitationJSON(invitation{ID: 7_950_000, Email: "left-company@example.test", Role: "direct_member",
				Created: s.st.Created.Add(-40 * 24 * time.Hour), Inviter: s.w.cloud[0].login})
			j["failed_at"] = s.st.Created.Add(-33 * 24 * time.Hour).UTC().Format(time.RFC3339)
			j["failed_reason"] = "Invitation expired. User did not accept this invite for 7 days."
			out = append(out, j)
		}
		return pagedJSON(c, out), false
	})
}

// findInvitation is org's pending invitation of the id in the path. The state lock is held.
func (s *Sim) findInvitation(c *call, org string) (invitation, bool) {
	id, err := strconv.ParseInt(c.params["id"], 10, 64)
	if err != nil {
		return invitation{}, false
	}
	i := slices.IndexFunc(s.pendingInvitations(org), func(inv invitation) bool { return inv.ID == id })
	if i < 0 {
		return invitation{}, false
	}
	return s.pendingInvitations(org)[i], true
}

// getInvitationTeams is GET /orgs/{org}/invitations/{id}/teams.
func (s *Sim) getInvitationTeams(c *call) *response {
	org, refusal := s.orgRefusal(c)
	if refusal != nil {
		return refusal
	}
	return s.withState(c, func(time.Time) (*response, bool) {
		inv, ok := s.findInvitation(c, org)
		if !ok {
			return notFound(c.docs), false
		}
		out := []map[string]any{}
		for _, id := range inv.TeamIDs {
			out = append(out, map[string]any{"id": id, "slug": "team-" + strconv.FormatInt(id, 10), "name": "Team " + strconv.FormatInt(id, 10)})
		}
		return jsonResponse(http.StatusOK, out), false
	})
}

// deleteInvitation is DELETE /orgs/{org}/invitations/{id}: 204, 404 for an
// invitation not pending (cancelled already, or never there), as GitHub answers.
func (s *Sim) deleteInvitation(c *call) *response {
	org, refusal := s.orgRefusal(c)
	if refusal != nil {
		return refusal
	}
	return s.withState(c, func(time.Time) (*response, bool) {
		inv, ok := s.findInvitation(c, org)
		if !ok {
			return notFound(c.docs), false
		}
		if s.st.InvitationsCancelled == nil {
			s.st.InvitationsCancelled = map[int64]bool{}
		}
		s.st.InvitationsCancelled[inv.ID] = true
		s.consumed = nil
		return &response{status: http.StatusNoContent, header: http.Header{}}, true
	})
}

// postInvitation is POST /orgs/{org}/invitations: a new invitation with a new id, by
// invitee_id or email; 422 when neither is given, the role is not one GitHub takes,
// or the person is already invited.
func (s *Sim) postInvitation(c *call) *response {
	org, refusal := s.orgRefusal(c)
	if refusal != nil {
		return refusal
	}
	var body struct {
		InviteeID int64   `json:"invitee_id"`
		Email     string  `json:"email"`
		Role      string  `json:"role"`
		TeamIDs   []int64 `json:"team_ids"`
	}
	if json.Unmarshal(c.body, &body) != nil {
		return errorResponse(http.StatusBadRequest, "Problems parsing JSON", c.docs)
	}
	if body.Role == "" {
		body.Role = "direct_member"
	}
	if !slices.Contains([]string{"admin", "direct_member", "billing_manager", "reinstate"}, body.Role) {
		return errorResponse(http.StatusUnprocessableEntity, "Validation Failed: role is not included in the list", c.docs)
	}
	inv := invitation{Org: org, Email: body.Email, Role: body.Role, TeamIDs: body.TeamIDs, Inviter: c.id.login, InviteeID: body.InviteeID}
	if body.InviteeID != 0 {
		i := slices.IndexFunc(s.w.cloud, func(m cloudMember) bool { return m.id == body.InviteeID && !m.vsOnly })
		if i < 0 {
			return errorResponse(http.StatusUnprocessableEntity, "Validation Failed: invitee_id is not a user", c.docs)
		}
		inv.Login, inv.Email = s.w.cloud[i].login, ""
	} else if !strings.Contains(body.Email, "@") {
		return errorResponse(http.StatusUnprocessableEntity, "Validation Failed: give invitee_id or email", c.docs)
	}
	return s.withState(c, func(now time.Time) (*response, bool) {
		for _, p := range s.pendingInvitations(org) {
			if (inv.Login != "" && strings.EqualFold(p.Login, inv.Login)) || (inv.Email != "" && strings.EqualFold(p.Email, inv.Email)) {
				return errorResponse(http.StatusUnprocessableEntity, "Validation Failed: invitee is already invited", c.docs), false
			}
		}
		inv.ID = 8_000_000 + int64(len(s.st.InvitationsMade))
		inv.Created = now.UTC().Truncate(time.Second)
		s.st.InvitationsMade = append(s.st.InvitationsMade, inv)
		s.consumed = nil
		return jsonResponse(http.StatusCreated, invitationJSON(inv)), true
	})
}

// getCloudUser is GET /users/{login} on the cloud: a member's id and login.
func (s *Sim) getCloudUser(c *call) *response {
	login := c.params["login"]
	i := slices.IndexFunc(s.w.cloud, func(m cloudMember) bool { return !m.vsOnly && strings.EqualFold(m.login, login) })
	if i < 0 {
		return notFound(c.docs)
	}
	return jsonResponse(http.StatusOK, map[string]any{"login": s.w.cloud[i].login, "id": s.w.cloud[i].id, "type": "User"})
}
