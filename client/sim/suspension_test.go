package sim

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestSuspensionFreesTheServerSeatAtOnceAndTheCloudSeatAtTheNextSync follows one
// dormant user through a suspension: the license and the read-back change at once,
// the cloud's count only when a sync has run; undo gives the seat back the same way.
func TestSuspensionFreesTheServerSeatAtOnceAndTheCloudSeatAtTheNextSync(t *testing.T) {
	s, clock := newTestSim(t, Options{})
	sync := func() {
		do(t, s, http.MethodPost, pathSync, ServerAdminToken, "")
		clock.Advance(time.Minute)
	}
	enableSync(t, s)
	sync()
	var u *serverUser
	for i := range s.w.server {
		c := &s.w.server[i]
		_, matched := s.w.cloudByEmail[strings.ToLower(c.primaryEmail)]
		if c.dormant && !c.suspended && !c.siteAdmin && !ldapManaged(c) && !matched { // a seat of its own in the cloud
			u = c
			break
		}
	}
	seatsUsed := func() int {
		return decode[wireLicense](t, do(t, s, http.MethodGet, "/api/v3/enterprise/settings/license", ServerAdminToken, "")).SeatsUsed
	}
	suspendedAt := func() *string {
		return decode[wireUser](t, do(t, s, http.MethodGet, "/api/v3/users/"+u.login, ServerAdminToken, "")).SuspendedAt
	}
	used, before := seatsUsed(), decode[wireConsumed](t, do(t, s, http.MethodGet, pathConsumed, CloudAdminToken, "")).TotalSeatsConsumed

	wantStatus(t, do(t, s, http.MethodPut, "/api/v3/users/"+u.login+"/suspended", ServerAdminToken, `{"reason":"dormant"}`), http.StatusNoContent)
	if suspendedAt() == nil || seatsUsed() != used-1 {
		t.Fatalf("after the suspension: suspended_at %v, seats used %d (was %d)", suspendedAt(), seatsUsed(), used)
	}
	if n := decode[wireConsumed](t, do(t, s, http.MethodGet, pathConsumed, CloudAdminToken, "")).TotalSeatsConsumed; n != before {
		t.Errorf("the cloud counted the suspension before any sync: %d, was %d", n, before)
	}
	sync()
	afterSync := decode[wireConsumed](t, do(t, s, http.MethodGet, pathConsumed, CloudAdminToken, "")).TotalSeatsConsumed
	if afterSync != before-1 {
		t.Errorf("after the sync the cloud counts %d, want %d", afterSync, before-1)
	}

	wantStatus(t, do(t, s, http.MethodDelete, "/api/v3/users/"+u.login+"/suspended", ServerAdminToken, `{"reason":"undo"}`), http.StatusNoContent)
	if suspendedAt() != nil || seatsUsed() != used {
		t.Errorf("after the undo: suspended_at %v, seats used %d, want %d", suspendedAt(), seatsUsed(), used)
	}
	if st := s.Stats(); st.ByTarget["PUT server users/"+u.login+"/suspended"] != 1 || st.ByTarget["DELETE server users/"+u.login+"/suspended"] != 1 {
		t.Errorf("writes per target %v", st.ByTarget)
	}
}

func TestSuspensionRefusesSiteAdminsAndLDAPUsers(t *testing.T) {
	s, _ := newTestSim(t, Options{})
	for i := range s.w.server {
		u := &s.w.server[i]
		if !u.siteAdmin && !ldapManaged(u) {
			continue
		}
		wantStatus(t, do(t, s, http.MethodPut, "/api/v3/users/"+u.login+"/suspended", ServerAdminToken, `{}`), http.StatusForbidden)
	}
	wantStatus(t, do(t, s, http.MethodPut, "/api/v3/users/"+s.w.server[2].login+"/suspended", ServerUserToken, `{}`), http.StatusNotFound)
}
