package sim

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// unenforcedLimit is the budget the headers show when no primary limit is set.
const unenforcedLimit = 5000

// Where GitHub documents its limits; clients recognise secondary limits by the
// documentation_url suffix.
const (
	docsPrimaryLimit   = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#primary-rate-limit"
	docsSecondaryLimit = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#secondary-rate-limits"
)

// window is a fixed rate-limit window that opens with its first request.
type window struct {
	start time.Time
	used  int
}

// limiter keeps the primary (per token) and secondary (per token and endpoint)
// budgets, on the wall clock.
type limiter struct {
	mu        sync.Mutex
	primary   PrimaryLimit
	secondary SecondaryLimit
	tokens    map[string]*window
	points    map[string]*window
}

func newLimiter(p PrimaryLimit, s SecondaryLimit) *limiter {
	return &limiter{primary: p, secondary: s, tokens: map[string]*window{}, points: map[string]*window{}}
}

// quota is the primary budget of one token after a request.
type quota struct {
	limit, used int
	reset       time.Time
}

func (q quota) remaining() int { return max(q.limit-q.used, 0) }

// setHeaders writes the x-ratelimit-* headers.
func (q quota) setHeaders(h http.Header) {
	h.Set("X-Ratelimit-Limit", strconv.Itoa(q.limit))
	h.Set("X-Ratelimit-Remaining", strconv.Itoa(q.remaining()))
	h.Set("X-Ratelimit-Used", strconv.Itoa(q.used))
	h.Set("X-Ratelimit-Reset", strconv.FormatInt(q.reset.Unix(), 10))
	h.Set("X-Ratelimit-Resource", "core")
}

// take spends one request of key's primary budget. ok is false when the budget
// was already exhausted (nothing is spent then).
func (l *limiter) take(key string, now time.Time) (q quota, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	limit, enforced := l.primary.Limit, l.primary.Limit > 0
	if !enforced {
		limit = unenforcedLimit
	}
	w := l.tokens[key]
	if w == nil || !now.Before(w.start.Add(l.primary.Window)) || (!enforced && w.used >= limit) {
		w = &window{start: now}
		l.tokens[key] = w
	}
	q = quota{limit: limit, used: w.used, reset: w.start.Add(l.primary.Window)}
	if w.used >= limit {
		return q, false
	}
	w.used++
	q.used = w.used
	return q, true
}

// peek is key's primary budget without spending any.
func (l *limiter) peek(key string, now time.Time) (quota, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	limit := l.primary.Limit
	if limit <= 0 {
		limit = unenforcedLimit
	}
	w := l.tokens[key]
	if w == nil || !now.Before(w.start.Add(l.primary.Window)) {
		return quota{limit: limit, reset: now.Add(l.primary.Window)}, true
	}
	return quota{limit: limit, used: w.used, reset: w.start.Add(l.primary.Window)}, w.used < limit
}

// refund gives back one request: a 304 does not count against the primary limit.
func (l *limiter) refund(key string, q quota) quota {
	l.mu.Lock()
	defer l.mu.Unlock()
	if w := l.tokens[key]; w != nil && w.used > 0 {
		w.used--
	}
	q.used = max(q.used-1, 0)
	return q
}

// spendPoints spends cost secondary points of key's budget for one endpoint. When
// the budget is exceeded it returns how long until the window resets.
func (l *limiter) spendPoints(key string, cost int, now time.Time) (retryAfter time.Duration, ok bool) {
	if l.secondary.PointsPerWindow <= 0 {
		return 0, true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.points[key]
	if w == nil || !now.Before(w.start.Add(l.secondary.Window)) {
		w = &window{start: now}
		l.points[key] = w
	}
	if w.used+cost > l.secondary.PointsPerWindow {
		return w.start.Add(l.secondary.Window).Sub(now), false
	}
	w.used += cost
	return 0, true
}

// secondaryLimited is GitHub's answer to a secondary rate limit.
func secondaryLimited(status int, retryAfter time.Duration, requestID string) *response {
	resp := errorResponse(status, fmt.Sprintf("You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "+
		"If you reach out to GitHub Support for help, please include the request ID %s.", requestID), docsSecondaryLimit)
	secs := max(1, int(math.Ceil(retryAfter.Seconds())))
	resp.header.Set("Retry-After", strconv.Itoa(secs))
	return resp
}

// primaryLimited is GitHub's answer once the primary budget is spent.
func primaryLimited(userID int64, requestID string) *response {
	return errorResponse(http.StatusForbidden, fmt.Sprintf("API rate limit exceeded for user ID %d. "+
		"If you reach out to GitHub Support for help, please include the request ID %s.", userID, requestID), docsPrimaryLimit)
}
