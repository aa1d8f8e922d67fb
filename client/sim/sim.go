package sim

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Request body bounds: a usage file of a large appliance may be big; nothing else is.
const (
	maxBody       = 10 << 20
	maxUploadBody = 64 << 20
)

// Sim is the simulated GHES appliance and GHEC enterprise. It is safe for
// concurrent use.
type Sim struct {
	opts   Options
	w      *world
	ids    map[string]identity
	limits *limiter
	dice   *dice
	spikes *spikes
	lost   atomic.Int64 // write replies still to lose (Options.LostWriteReplies)
	stats  *counters
	seq    atomic.Int64 // request counter, for request ids

	mu       sync.Mutex
	st       *state
	file     os.FileInfo   // the state file as this process last read or wrote it; nil: none
	consumed *consumedView // nil when stale
	// usageUsers is the exported usage file's users encoded under the suspensions
	// usageUsersKey names (console.go).
	usageUsers    json.RawMessage
	usageUsersKey string
	// cloud is the fleet's cloud this appliance syncs into (fleet.go); nil: its own.
	cloud *Sim
}

// New builds the seeded world and loads (or starts) the mutable state.
func New(opts Options) (*Sim, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	real := opts.Now()
	st, file, err := loadState(opts.StateFile, opts, real)
	if err != nil {
		return nil, err
	}
	w := buildWorld(opts)
	s := &Sim{
		opts:   opts,
		w:      w,
		ids:    w.identities(),
		limits: newLimiter(opts.PrimaryLimit, opts.SecondaryLimit),
		dice:   newDice(opts.Seed, opts.FailRate, opts.ResetRate),
		stats:  newCounters(),
		st:     st,
		file:   file,
		spikes: newSpikes(opts.Seed, opts.SpikeRate, opts.SpikeLatency),
	}
	s.lost.Store(int64(opts.LostWriteReplies))
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.update(real, true, func(time.Time) bool { return false }); err != nil {
		return nil, err
	}
	return s, nil
}

// Handler serves both sides: GHES under /api/v3/, GHEC under /cloud/ and
// /cloud/api/v3/, and the sim's own counters at GET /_sim/stats.
func (s *Sim) Handler() http.Handler { return s }

// Stats returns a copy of the counters.
func (s *Sim) Stats() Stats { return s.stats.snapshot() }

// ServeHTTP answers one request. It never panics on input: a handler panic
// becomes a 500.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.write(w, r, errorResponse(http.StatusInternalServerError, "Server Error", docsCloud), meta{})
		}
	}()
	if strings.HasPrefix(r.URL.Path, "/_sim/") {
		s.serveSimAPI(w, r)
		return
	}
	inFlight := s.stats.begin(countsAsWrite(r))
	defer s.stats.end()
	seq := s.seq.Add(1)
	requestID := fmt.Sprintf("5EED:%04X:%06X:%07X:%08X", uint16(s.opts.Seed), seq%0x1000000, seq*7919%0x10000000, seq)
	spike := s.spikes.roll()
	if spike > 0 {
		s.stats.add(func(st *Stats) { st.Spikes++ })
	}
	pause(r.Context(), s.opts.Latency+spike)
	switch s.dice.roll() {
	case faultReset:
		s.stats.add(func(st *Stats) { st.Resets++; st.ByStatus["reset"]++ })
		resetConnection(w)
		return
	case faultBadGateway:
		s.stats.add(func(st *Stats) { st.InjectedFailures++ })
		s.write(w, r, badGateway(), meta{requestID: requestID})
		return
	case faultServerError:
		s.stats.add(func(st *Stats) { st.InjectedFailures++ })
		s.write(w, r, errorResponse(http.StatusInternalServerError, "Server Error", docsCloud), meta{requestID: requestID})
		return
	}
	resp, m := s.serve(r, inFlight, requestID)
	if countsAsWrite(r) && resp.status < 300 && s.lost.Load() > 0 && s.lost.Add(-1) >= 0 {
		// The change is made; the answer is lost on the way back.
		s.stats.add(func(st *Stats) { st.LostReplies++; st.ByStatus["reset"]++ })
		resetConnection(w)
		return
	}
	s.write(w, r, resp, m)
}

// meta is what the response headers need beyond the response itself.
type meta struct {
	requestID string
	id        *identity
	scope     string
	limitKey  string
	quota     quota
	hasQuota  bool
}

// serve authenticates, applies the rate limits and routes.
func (s *Sim) serve(r *http.Request, inFlight int64, requestID string) (*response, meta) {
	m := meta{requestID: requestID}
	sd, path, ok := splitSide(r.URL.Path)
	docs := docsServer
	if !ok || sd == sideCloud {
		docs = docsCloud
	}
	if !ok {
		return notFound(docs), m
	}
	limit := int64(maxBody)
	if strings.HasSuffix(path, "/server-usage") {
		limit = maxUploadBody
	}
	body, err := readBody(r, limit)
	if errors.Is(err, errBodyTooLarge) {
		return errorResponse(http.StatusRequestEntityTooLarge, "Request body too large", docs), m
	}
	if err != nil {
		return errorResponse(http.StatusBadRequest, "Problems reading the request body", docs), m
	}
	real := s.opts.Now()

	token, present := tokenFromRequest(r)
	id, known := s.ids[token]
	if present && (!known || id.side != sd) {
		return errorResponse(http.StatusUnauthorized, "Bad credentials", docs), m
	}
	m.limitKey = "ip:" + clientIP(r)
	if present {
		m.id = &id
		m.limitKey = "token:" + token
	}
	if path == rateLimitPath && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		return s.getRateLimit(sd, m.limitKey, real, docs), m // free: the headers peek
	}
	q, ok := s.limits.take(m.limitKey, real)
	m.quota, m.hasQuota = q, true
	if !ok {
		s.stats.add(func(st *Stats) { st.LimitHits++; st.PrimaryLimitHits++ })
		return primaryLimited(id.id, requestID), m
	}
	if mc := s.opts.SecondaryLimit.MaxConcurrent; mc > 0 && inFlight > int64(mc) {
		s.stats.add(func(st *Stats) { st.LimitHits++; st.SecondaryLimitHits++ })
		return secondaryLimited(http.StatusForbidden, time.Second, requestID), m
	}

	rt, params := match(sd, r.Method, path)
	if rt == nil || (s.opts.Stock && rt.consoleRoute()) {
		return notFound(docs), m
	}
	switch {
	case rt.access >= signedIn && !present:
		return errorResponse(http.StatusUnauthorized, "Requires authentication", docs), m
	case rt.access == adminOnly && !id.admin:
		return notFound(docs), m
	case params["e"] != "" && !strings.EqualFold(params["e"], s.enterpriseOf(sd)):
		if sd == sideServer { // the console API names what is missing (docs/CONSOLE_API.md)
			return errorResponse(http.StatusNotFound, "Enterprise not found", docs), m
		}
		return notFound(docs), m
	case rt.scope != "" && !id.hasScope(rt.scope):
		m.scope = rt.scope
		return errorResponse(http.StatusForbidden, fmt.Sprintf("This endpoint needs a token with the %s scope; this token has: %s.", rt.scope, id.scopes), docs), m
	}
	m.scope = rt.scope
	cost := 1
	if isWrite(r.Method) {
		cost = 5
	}
	if wait, ok := s.limits.spendPoints(m.limitKey+" "+rt.name(), cost, real); !ok {
		s.stats.add(func(st *Stats) { st.LimitHits++; st.SecondaryLimitHits++ })
		return secondaryLimited(http.StatusTooManyRequests, wait, requestID), m
	}
	s.stats.add(func(st *Stats) {
		st.ByRoute[rt.name()]++
		if countsAsWrite(r) {
			st.ByTarget[targetName(rt.side, r.Method, path)]++
		}
	})
	c := &call{r: r, body: body, id: id, params: params, real: real, requestID: requestID, docs: docs}
	return rt.handle(s, c), m
}

// write adds the common headers, answers If-None-Match with 304 and writes.
func (s *Sim) write(w http.ResponseWriter, r *http.Request, resp *response, m meta) {
	h := w.Header()
	for k, v := range resp.header {
		h[k] = v
	}
	if m.requestID != "" {
		h.Set("X-GitHub-Request-Id", m.requestID)
	}
	h.Set("X-GitHub-Media-Type", "github.v3; format=json")
	h.Set("X-GitHub-Api-Version-Selected", "2022-11-28")
	if m.id != nil {
		h.Set("X-OAuth-Scopes", m.id.scopes)
	}
	if m.scope != "" {
		h.Set("X-Accepted-OAuth-Scopes", m.scope)
	}
	status, body := resp.status, resp.body
	if (r.Method == http.MethodGet || r.Method == http.MethodHead) && status == http.StatusOK {
		tag := resp.etag
		if tag == "" {
			tag = entityTag(body)
		}
		h.Set("ETag", tag)
		h.Set("Cache-Control", "private, max-age=60, s-maxage=60")
		h.Set("Vary", "Accept, Authorization, Cookie")
		if inm := r.Header.Get("If-None-Match"); inm != "" && etagMatches(inm, tag) {
			status, body = http.StatusNotModified, nil
			h.Del("Content-Type")
			if m.hasQuota {
				m.quota = s.limits.refund(m.limitKey, m.quota)
			}
		}
	}
	if !m.hasQuota {
		m.quota, _ = s.limits.peek(m.limitKey, s.opts.Now())
	}
	m.quota.setHeaders(h)
	if status != http.StatusNotModified {
		h.Set("Content-Length", strconv.Itoa(len(body)))
	}
	s.stats.status(status)
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// serveSimAPI is the sim's own endpoint: GET /_sim/stats.
func (s *Sim) serveSimAPI(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/_sim/stats" || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
		return
	}
	data, err := json.Marshal(s.Stats())
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(data)
}

func (s *Sim) enterpriseOf(sd side) string {
	if sd == sideCloud {
		return s.opts.CloudEnterprise
	}
	return s.opts.Enterprise
}

func isWrite(method string) bool {
	switch method {
	case http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// countsAsWrite says whether r is counted among the writes (Stats.Writes, ByTarget):
// a write method, except a POST to GraphQL, which only reads here (the sim answers
// queries, no mutations).
func countsAsWrite(r *http.Request) bool {
	return isWrite(r.Method) && !strings.HasSuffix(r.URL.Path, "/graphql")
}

// errBodyTooLarge: the request body is over the bound.
var errBodyTooLarge = errors.New("request body too large")

// readBody reads at most limit bytes of the body.
func readBody(r *http.Request, limit int64) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	if r.ContentLength > limit {
		return nil, errBodyTooLarge
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, errBodyTooLarge
	}
	return data, nil
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
