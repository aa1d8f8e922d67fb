package sim

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// suspensionChange is a suspension or unsuspension made through the API, kept in the
// state (state.Suspensions) over the seeded world's own suspended users.
type suspensionChange struct {
	Suspended bool      `json:"suspended"`
	At        time.Time `json:"at"`
	Reason    string    `json:"reason,omitempty"`
}

// ldapManaged says whether server user u is synced from LDAP (Active Directory): the
// API refuses to suspend such a user with 403, as GitHub does. A few dormant users are,
// so that a plan of the demo meets the refusal.
func ldapManaged(u *serverUser) bool { return u.dormant && !u.siteAdmin && u.id%23 == 0 }

// isSuspended says whether u is suspended now: the last API change, else the world's
// seed. The state lock is held.
func (s *Sim) isSuspended(u *serverUser) bool {
	if ch, ok := s.st.Suspensions[strings.ToLower(u.login)]; ok {
		return ch.Suspended
	}
	return u.suspended
}

// suspendedAt is when u was suspended (nil while not), relative to the world's start
// for the seeded ones. The state lock is held.
func (s *Sim) suspendedAt(u *serverUser) *string {
	if ch, ok := s.st.Suspensions[strings.ToLower(u.login)]; ok {
		if !ch.Suspended {
			return nil
		}
		return stamp(ch.At)
	}
	if u.suspended {
		return stamp(s.st.Created.Add(-time.Duration(1+u.id%90) * 24 * time.Hour))
	}
	return nil
}

// activeNow is the number of users not suspended now: the license's seats_used. The
// state lock is held.
func (s *Sim) activeNow() int {
	n := s.w.activeUsers
	for login, ch := range s.st.Suspensions {
		idx, ok := s.w.serverByLogin[login]
		if !ok || ch.Suspended == s.w.server[idx].suspended {
			continue
		}
		if ch.Suspended {
			n--
		} else {
			n++
		}
	}
	return n
}

// putSuspended is PUT /users/{login}/suspended: 204, also for a user already
// suspended (GitHub's answer); 403 for a site admin or an LDAP-managed user.
func (s *Sim) putSuspended(c *call) *response { return s.setSuspended(c, true) }

// deleteSuspended is DELETE /users/{login}/suspended: 204, also when not suspended.
func (s *Sim) deleteSuspended(c *call) *response { return s.setSuspended(c, false) }

func (s *Sim) setSuspended(c *call, suspend bool) *response {
	login := strings.ToLower(c.params["login"])
	idx, ok := s.w.serverByLogin[login]
	if !ok {
		return notFound(c.docs)
	}
	u := &s.w.server[idx]
	var body struct {
		Reason string `json:"reason"`
	}
	if len(c.body) > 0 && json.Unmarshal(c.body, &body) != nil {
		return errorResponse(http.StatusBadRequest, "Problems parsing JSON", c.docs)
	}
	switch {
	case suspend && u.siteAdmin:
		return errorResponse(http.StatusForbidden, "You cannot suspend a site administrator. Demote the user first.", c.docs)
	case ldapManaged(u):
		return errorResponse(http.StatusForbidden, "This user is managed by LDAP Sync; Active Directory LDAP-authenticated users cannot be suspended or unsuspended through the API.", c.docs)
	}
	return s.withState(c, func(now time.Time) (*response, bool) {
		if s.isSuspended(u) == suspend {
			return &response{status: http.StatusNoContent, header: http.Header{}}, false
		}
		if s.st.Suspensions == nil {
			s.st.Suspensions = map[string]suspensionChange{}
		}
		s.st.Suspensions[login] = suspensionChange{Suspended: suspend, At: now.UTC().Truncate(time.Second), Reason: body.Reason}
		return &response{status: http.StatusNoContent, header: http.Header{}}, true
	})
}

// suspendedAtSync says whether u was suspended when rec's sync ran: the API's change as
// of then, else the world's seed.
func suspendedAtSync(u *serverUser, rec *serverRecord) bool {
	if v, ok := rec.SuspendedAtSync[strings.ToLower(u.login)]; ok {
		return v
	}
	return u.suspended
}
