package sim

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// vsSubscriptionBase is added to a Visual Studio subscription's index in the world's
// cloud list to make its id.
const vsSubscriptionBase = 5_000_000

// vsSubscriptionOf is the index in w.cloud of the subscription of the id in the path,
// -1 when there is none.
func (s *Sim) vsSubscriptionOf(c *call) int {
	id, err := strconv.ParseInt(c.params["id"], 10, 64)
	if err != nil {
		return -1
	}
	i := int(id - vsSubscriptionBase)
	if i < 0 || i >= len(s.w.cloud) || !s.w.cloud[i].vsOnly {
		return -1
	}
	return i
}

// getVSSubscriptions is GET /enterprises/{e}/visual-studio-subscriptions: the
// subscriptions that matched no account in the world (vsOnly), with is_unmatched_only
// those not matched by hand since. GitHub does not document the answer's shape; the
// sim answers {total_count, visual_studio_subscriptions: [{id, email,
// license_status, matched_user}]}, the shape the client reads (docs/RECLAIM.md).
func (s *Sim) getVSSubscriptions(c *call) *response {
	onlyUnmatched := c.r.URL.Query().Get("is_unmatched_only") == "true"
	return s.withState(c, func(time.Time) (*response, bool) {
		items := []map[string]any{}
		for i, m := range s.w.cloud {
			if !m.vsOnly {
				continue
			}
			id := vsSubscriptionBase + int64(i)
			login, matched := s.st.VSMatches[id]
			if matched && onlyUnmatched {
				continue
			}
			sub := map[string]any{"id": id, "email": m.vsEmail, "license_status": "pending", "matched_user": nil}
			if matched {
				sub["license_status"], sub["matched_user"] = "active", map[string]any{"login": login}
			}
			items = append(items, sub)
		}
		page := pagedJSON(c, items)
		var list []map[string]any
		_ = json.Unmarshal(page.body, &list)
		out := jsonResponse(http.StatusOK, map[string]any{"total_count": len(items), "visual_studio_subscriptions": list})
		out.header = page.header
		return out, false
	})
}

// putVSSubscription is PUT …/visual-studio-subscriptions/{id} with user_identifier: the
// manual match; 422 for a login that is no member, 404 for an unknown subscription.
func (s *Sim) putVSSubscription(c *call) *response {
	i := s.vsSubscriptionOf(c)
	if i < 0 {
		return notFound(c.docs)
	}
	var body struct {
		UserIdentifier string `json:"user_identifier"`
	}
	if json.Unmarshal(c.body, &body) != nil {
		return errorResponse(http.StatusBadRequest, "Problems parsing JSON", c.docs)
	}
	m := slices.IndexFunc(s.w.cloud, func(m cloudMember) bool { return !m.vsOnly && strings.EqualFold(m.login, body.UserIdentifier) })
	if m < 0 {
		return errorResponse(http.StatusUnprocessableEntity, "Validation Failed: user_identifier is not a member of the enterprise", c.docs)
	}
	return s.withState(c, func(time.Time) (*response, bool) {
		if s.st.VSMatches == nil {
			s.st.VSMatches = map[int64]string{}
		}
		s.st.VSMatches[vsSubscriptionBase+int64(i)] = s.w.cloud[m].login
		s.consumed = nil
		return &response{status: http.StatusNoContent, header: http.Header{}}, true
	})
}

// deleteVSSubscription is DELETE …/visual-studio-subscriptions/{id}: the manual match
// removed; 204 also when there was none.
func (s *Sim) deleteVSSubscription(c *call) *response {
	i := s.vsSubscriptionOf(c)
	if i < 0 {
		return notFound(c.docs)
	}
	return s.withState(c, func(time.Time) (*response, bool) {
		id := vsSubscriptionBase + int64(i)
		if _, ok := s.st.VSMatches[id]; !ok {
			return &response{status: http.StatusNoContent, header: http.Header{}}, false
		}
		delete(s.st.VSMatches, id)
		s.consumed = nil
		return &response{status: http.StatusNoContent, header: http.Header{}}, true
	})
}

// vsMatched says whether cloud entry i is a subscription matched by hand: the cloud
// then counts it with its account, one person. The state lock is held.
func (s *Sim) vsMatched(i int) bool {
	_, ok := s.st.VSMatches[vsSubscriptionBase+int64(i)]
	return ok
}
