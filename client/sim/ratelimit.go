package sim

import (
	"net/http"
	"time"
)

// rateLimitPath is GitHub's GET /rate_limit below either side's API base.
const rateLimitPath = "rate_limit"

// rateResource is one budget of GET /rate_limit, as GitHub shapes it.
type rateResource struct {
	Limit     int    `json:"limit"`
	Used      int    `json:"used"`
	Remaining int    `json:"remaining"`
	Reset     int64  `json:"reset"`
	Resource  string `json:"resource"`
}

// rateLimitBody is GET /rate_limit's answer: the core budget, under resources and as
// the deprecated rate.
type rateLimitBody struct {
	Resources map[string]rateResource `json:"resources"`
	Rate      rateResource            `json:"rate"`
}

// getRateLimit answers GET /rate_limit for the caller key: what remains of its primary
// budget, spending none of it (GitHub does not count this request). Without an enforced
// primary limit it answers 404, as GHES does when rate limiting is disabled, so a
// client plans no budget that is never enforced.
func (s *Sim) getRateLimit(sd side, key string, now time.Time, docs string) *response {
	q, _ := s.limits.peek(key, now)
	name := "GET server " + rateLimitPath
	if sd == sideCloud {
		name = "GET cloud " + rateLimitPath
	}
	s.stats.add(func(st *Stats) { st.ByRoute[name]++ })
	if s.opts.PrimaryLimit.Limit <= 0 {
		return errorResponse(http.StatusNotFound, "Rate limiting is not enabled.", docs)
	}
	core := rateResource{Limit: q.limit, Used: q.used, Remaining: q.remaining(), Reset: q.reset.Unix(), Resource: "core"}
	return jsonResponse(http.StatusOK, rateLimitBody{Resources: map[string]rateResource{"core": core}, Rate: core})
}
