package transport

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Pace is a client-side budget in the shape of GitHub's secondary rate limit: at most
// Points points (a GET costs 1, a write 5) in any Window on one endpoint (method and
// path, whatever the query). Requests beyond it wait on the client instead of being
// refused by the server.
type Pace struct {
	Points int           // 0: the side's default; negative: no pacing
	Window time.Duration // 0: one minute
}

// GitHub.com's documented secondary limit for one REST endpoint. GitHub Enterprise
// Server has rate limits off by default, so the server side is not paced by default.
const (
	DefaultCloudPacePoints = 900
	defaultPaceWindow      = time.Minute
)

// DefaultCloudPace is the cloud side's pace when Config.CloudPace is zero.
var DefaultCloudPace = Pace{Points: DefaultCloudPacePoints, Window: defaultPaceWindow}

// String is "900/1m0s", or "off".
func (p Pace) String() string {
	if p.Points <= 0 {
		return "off"
	}
	return strconv.Itoa(p.Points) + "/" + p.Window.String()
}

// resolve fills the defaults: def when Points is 0, off when negative.
func (p Pace) Resolve(def Pace) Pace {
	if p.Points == 0 {
		p = Pace{Points: def.Points, Window: p.Window}
		if p.Window == 0 {
			p.Window = def.Window
		}
	}
	if p.Points < 0 {
		return Pace{}
	}
	if p.Window <= 0 {
		p.Window = defaultPaceWindow
	}
	return p
}

// pacer spends a Pace per endpoint. It is a sliding log: a point is spent at the
// moment its request leaves, and the point P places later may leave only Window (plus
// a margin for the network's jitter) after it. That keeps every window of the
// server's, fixed or sliding, within the budget.
//
// It also backs off adaptively, with or without a Pace: after a limit response it
// holds the endpoint until the server's Retry-After has passed, and halves the
// requests it lets be in flight on that endpoint; each run of successes as long as
// that cap raises it by one again, until it no longer binds.
type Pacer struct {
	pace   Pace
	margin time.Duration
	now    func() time.Time

	mu        sync.Mutex
	endpoints map[string]*paceLog

	LimitHits atomic.Int64 // 403/429 limit responses seen
	Waited    atomic.Int64 // nanoseconds requests spent waiting for the pace
}

// paceLog is one endpoint's spent points, oldest first, and its back-off state.
type paceLog struct {
	spent    []time.Time
	hold     time.Time     // nothing leaves before
	inflight int           // requests sent and not yet answered
	cap      int           // most in flight after a limit response; 0: no cap
	streak   int           // successes since the cap last changed
	freed    chan struct{} // closed when a request in flight is answered
}

// uncapAt is the cap above which the adaptive cap is dropped: more than any
// Config.Concurrency.
const uncapAt = MaxConcurrency + 1

// newPacer paces by p; with p off it only backs off after limit responses.
func NewPacer(p Pace) *Pacer {
	return &Pacer{
		pace:      p,
		margin:    p.Window/50 + 20*time.Millisecond,
		now:       time.Now,
		endpoints: map[string]*paceLog{},
	}
}

func (p *Pacer) log(key string) *paceLog {
	log := p.endpoints[key]
	if log == nil {
		log = &paceLog{freed: make(chan struct{})}
		p.endpoints[key] = log
	}
	return log
}

// wait blocks until cost points may be spent on key, then spends them. Every wait that
// returns nil must be followed by one done.
func (p *Pacer) wait(ctx context.Context, key string, cost int) error {
	start := p.now()
	for {
		p.mu.Lock()
		log := p.log(key)
		now := p.now()
		at := log.hold
		if p.pace.Points > 0 {
			cost = min(cost, p.pace.Points)
			horizon := now.Add(-p.pace.Window - p.margin)
			drop := 0
			for drop < len(log.spent) && !log.spent[drop].After(horizon) {
				drop++
			}
			log.spent = log.spent[drop:]
			if over := len(log.spent) + cost - p.pace.Points; over > 0 {
				at = later(at, log.spent[over-1].Add(p.pace.Window+p.margin))
			}
		}
		if log.cap > 0 && log.inflight >= log.cap {
			freed := log.freed
			p.mu.Unlock()
			select {
			case <-freed:
				continue
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		if !at.After(now) {
			if p.pace.Points > 0 {
				for range cost {
					log.spent = append(log.spent, now)
				}
			}
			log.inflight++
			p.mu.Unlock()
			if d := now.Sub(start); d > 0 {
				p.Waited.Add(int64(d))
			}
			return nil
		}
		p.mu.Unlock()
		if err := Sleep(ctx, at.Sub(now)); err != nil {
			return err
		}
	}
}

// done reports the answer to a request that wait let through: limited with the wait
// the server asked for, or not.
func (p *Pacer) done(key string, limited bool, wait time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	log := p.log(key)
	log.inflight = max(log.inflight-1, 0)
	close(log.freed)
	log.freed = make(chan struct{})
	if limited {
		p.LimitHits.Add(1)
		log.hold = later(log.hold, p.now().Add(wait))
		log.cap = max(1, (log.inflight+1)/2) // half of what was in flight when refused
		log.streak = 0
		return
	}
	if log.cap > 0 {
		if log.streak++; log.streak >= log.cap {
			log.cap, log.streak = log.cap+1, 0
			if log.cap >= uncapAt {
				log.cap = 0
			}
		}
	}
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// pacedTransport paces requests through a pacer and tells it about limit responses.
type PacedTransport struct {
	Next  http.RoundTripper
	Pacer *Pacer
}

// RoundTrip implements http.RoundTripper.
func (t *PacedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	key := req.Method + " " + req.URL.Path
	cost := 1
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
	default:
		cost = 5
	}
	if err := t.Pacer.wait(req.Context(), key, cost); err != nil {
		return nil, err
	}
	resp, err := t.Next.RoundTrip(req)
	if err != nil || resp == nil {
		t.Pacer.done(key, false, 0)
		return resp, err
	}
	wait, limited := RateLimitOf(resp, nil, t.Pacer.now())
	t.Pacer.done(key, limited, wait)
	return resp, nil
}

// MaxConcurrency caps Config.Concurrency, whatever the caller asks for.
const MaxConcurrency = 16
