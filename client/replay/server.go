package replay

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Tokens and slugs the replay server accepts.
const (
	ServerToken     = "ghp_replayServerToken0123456789abcdef"
	CloudToken      = "ghp_replayCloudToken0123456789abcdef"
	Enterprise      = "acme"
	CloudEnterprise = "acme-cloud"
)

// LicenseVariant chooses the body of GET /api/v3/enterprise/settings/license.
type LicenseVariant int

const (
	LicenseOfficial  LicenseVariant = iota // the documented example: 1400 seats, "2016/02/06 12:41:52 -0600"
	LicenseUnlimited                       // UnlimitedLicense
)

// StatsVariant chooses what GET /cloud/enterprise-installation/{e}/server-statistics
// answers.
type StatsVariant int

const (
	// StatsOff answers 404, as the cloud does where no appliance shares Server
	// Statistics (the default).
	StatsOff StatsVariant = iota
	// StatsOfficial is the documented example verbatim: one record of
	// github.example.com with license_usage_sync enabled.
	StatsOfficial
	// StatsThisServer is the documented example with host_name set to the replay's
	// own host name (127.0.0.1), so a client pointed at it finds its server there.
	StatsThisServer
	// StatsThisServerNoSync is StatsThisServer with license_usage_sync taken out of
	// features_enabled (the other features stay).
	StatsThisServerNoSync
)

// Options chooses variants. The zero value serves the official examples with one
// consumed-licenses user per page, so paging is exercised.
type Options struct {
	License LicenseVariant
	// PageSize caps consumed-licenses users per page below the client's per_page
	// (0: 1 user per page).
	PageSize int
	// UserCopies serves the example's users this many times (0: once); copies after the
	// first get distinct logins, server ids and emails, for bigger paging runs.
	UserCopies int
	// ServerStatistics chooses the server-statistics answer (default StatsOff: 404).
	ServerStatistics StatsVariant
	// Hostile makes the answers misbehave in one way (hostile.go).
	Hostile Hostility
}

// Server is a running replay of GHES (under /api/v3/) and GHEC (under /cloud/).
type Server struct {
	URL             string // GHES root, e.g. http://127.0.0.1:PORT
	CloudURL        string // GHEC API base, e.g. http://127.0.0.1:PORT/cloud/
	ServerToken     string
	CloudToken      string
	Enterprise      string
	CloudEnterprise string

	opts     Options
	license  []byte
	consumed consumedExample

	mu   sync.Mutex
	hits map[string]int
}

// consumedExample is the consumed-licenses example split into totals and users.
type consumedExample struct {
	Consumed  int               `json:"total_seats_consumed"`
	Purchased int               `json:"total_seats_purchased"`
	Users     []json.RawMessage `json:"users"`
}

// Start serves the official examples on 127.0.0.1 until the test ends.
func Start(t testing.TB) *Server { return StartWith(t, Options{}) }

// StartWith serves the chosen variants on 127.0.0.1 until the test ends.
func StartWith(t testing.TB, o Options) *Server {
	t.Helper()
	if o.PageSize <= 0 {
		o.PageSize = 1
	}
	if o.UserCopies <= 0 {
		o.UserCopies = 1
	}
	s := &Server{
		ServerToken: ServerToken, CloudToken: CloudToken,
		Enterprise: Enterprise, CloudEnterprise: CloudEnterprise,
		opts: o, hits: make(map[string]int),
		license: Example("ghes-3.22-enterprise-settings-license"),
	}
	if o.License == LicenseUnlimited {
		s.license = []byte(UnlimitedLicense)
	}
	var ex consumedExample
	if err := json.Unmarshal(Example("ghec-consumed-licenses"), &ex); err != nil {
		t.Fatalf("replay: consumed-licenses example: %v", err)
	}
	s.consumed = consumedExample{Consumed: ex.Consumed, Purchased: ex.Purchased}
	for k := 1; k <= o.UserCopies; k++ {
		for _, u := range ex.Users {
			s.consumed.Users = append(s.consumed.Users, copyUser(u, k))
		}
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("replay: listen: %v", err)
	}
	ts := httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	ts.Listener = ln
	ts.Start()
	t.Cleanup(ts.Close)
	s.URL = ts.URL
	s.CloudURL = ts.URL + "/cloud/"
	return s
}

// Hits says how many requests reached path (e.g. "/api/v3/meta").
func (s *Server) Hits(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if r.Method != http.MethodGet {
		notFound(w)
		return
	}
	switch p := r.URL.Path; {
	case strings.HasPrefix(p, "/api/v3/"):
		if !authorized(r, s.ServerToken) {
			unauthorized(w)
			return
		}
		s.serveServer(w, strings.TrimPrefix(p, "/api/v3/"))
	case strings.HasPrefix(p, "/cloud/"):
		if !authorized(r, s.CloudToken) {
			unauthorized(w)
			return
		}
		s.serveCloud(w, r, strings.TrimPrefix(p, "/cloud/"))
	default:
		notFound(w)
	}
}

// serveServer answers the public GHES endpoints; the console API is not there.
func (s *Server) serveServer(w http.ResponseWriter, path string) {
	switch path {
	case "meta":
		fmt.Fprint(w, `{"verifiable_password_authentication":true,"installed_version":"3.22.0"}`)
	case "user":
		w.Header().Set("X-OAuth-Scopes", "admin:enterprise, site_admin")
		fmt.Fprint(w, `{"login":"ghe-admin","id":1,"type":"User","site_admin":true}`)
	case "enterprise/settings/license":
		if b := s.hostileLicense(); b != nil {
			w.Write(b)
			return
		}
		w.Write(s.license)
	case "enterprise/stats/all":
		w.Write(Example("ghes-3.22-enterprise-stats-all"))
	case "enterprise/stats/users":
		w.Write(Example("ghes-3.22-enterprise-stats-users"))
	default:
		notFound(w)
	}
}

// serveCloud answers consumed-licenses (paged, with Link), license-sync-status and,
// when Options.ServerStatistics says so, server-statistics.
func (s *Server) serveCloud(w http.ResponseWriter, r *http.Request, path string) {
	prefix := "enterprises/" + s.CloudEnterprise + "/"
	switch path {
	case prefix + "consumed-licenses":
		s.serveConsumed(w, r)
	case prefix + "license-sync-status":
		w.Write(Example("ghec-license-sync-status"))
	case "enterprise-installation/" + s.CloudEnterprise + "/server-statistics":
		if s.opts.ServerStatistics == StatsOff {
			notFound(w)
			return
		}
		w.Write(s.serverStatistics(r))
	default:
		notFound(w)
	}
}

func (s *Server) serveConsumed(w http.ResponseWriter, r *http.Request) {
	if s.serveHostileConsumed(w, r) {
		return
	}
	q := r.URL.Query()
	perPage := atoiOr(q.Get("per_page"), 30)
	perPage = min(max(perPage, 1), 100, s.opts.PageSize)
	page := max(atoiOr(q.Get("page"), 1), 1)
	last := max((len(s.consumed.Users)+perPage-1)/perPage, 1)

	from := min((page-1)*perPage, len(s.consumed.Users))
	to := min(from+perPage, len(s.consumed.Users))
	body := consumedExample{Consumed: s.consumed.Consumed, Purchased: s.consumed.Purchased, Users: s.consumed.Users[from:to]}
	if body.Users == nil {
		body.Users = []json.RawMessage{}
	}
	link := linkHeader(r, page, last)
	if s.opts.Hostile == NextWithoutLast {
		link = nextOnly(link)
	}
	w.Header().Set("Link", link)
	json.NewEncoder(w).Encode(body)
}

// linkHeader is GitHub's Link header for page of last, with the request's other
// query parameters kept.
func linkHeader(r *http.Request, page, last int) string {
	at := func(p int, rel string) string {
		u := url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path}
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(p))
		u.RawQuery = q.Encode()
		return fmt.Sprintf("<%s>; rel=%q", u.String(), rel)
	}
	var links []string
	if page < last {
		links = append(links, at(page+1, "next"), at(last, "last"))
	}
	if page > 1 {
		links = append(links, at(1, "first"), at(page-1, "prev"))
	}
	return strings.Join(links, ", ")
}

// copyUser returns the k-th copy of an example user: the first is verbatim, later
// ones get distinct logins, server ids and emails.
func copyUser(u json.RawMessage, k int) json.RawMessage {
	if k == 1 {
		return u
	}
	var m map[string]any
	if json.Unmarshal(u, &m) != nil {
		return u
	}
	if login, _ := m["github_com_login"].(string); login != "" {
		m["github_com_login"] = fmt.Sprintf("%s-%d", login, k)
	}
	suffix := func(key string, f func(string) string) {
		list, _ := m[key].([]any)
		for i, v := range list {
			if s, ok := v.(string); ok {
				list[i] = f(s)
			}
		}
	}
	suffix("enterprise_server_user_ids", func(s string) string { return fmt.Sprintf("%s%d", s, k) })
	suffix("enterprise_server_emails", func(s string) string { return fmt.Sprintf("c%d.%s", k, s) })
	suffix("github_com_verified_domain_emails", func(s string) string { return fmt.Sprintf("c%d.%s", k, s) })
	out, err := json.Marshal(m)
	if err != nil {
		return u
	}
	return out
}

func authorized(r *http.Request, token string) bool {
	h := r.Header.Get("Authorization")
	return h == "Bearer "+token || h == "token "+token
}

func unauthorized(w http.ResponseWriter) {
	w.WriteHeader(http.StatusUnauthorized)
	fmt.Fprint(w, `{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"}`)
}

func notFound(w http.ResponseWriter) {
	w.WriteHeader(http.StatusNotFound)
	fmt.Fprint(w, `{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}`)
}

func atoiOr(s string, def int) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return def
}

// serverStatistics is the server-statistics body for s.opts.ServerStatistics.
func (s *Server) serverStatistics(r *http.Request) []byte {
	ex := Example("ghec-server-statistics")
	if s.opts.ServerStatistics == StatsOfficial {
		return ex
	}
	var recs []map[string]any
	if err := json.Unmarshal(ex, &recs); err != nil {
		panic("replay: server-statistics example: " + err.Error())
	}
	host := r.Host
	if h, _, err := net.SplitHostPort(r.Host); err == nil {
		host = h
	}
	for _, rec := range recs {
		rec["host_name"] = host
		if s.opts.ServerStatistics != StatsThisServerNoSync {
			continue
		}
		if gc, ok := rec["github_connect"].(map[string]any); ok {
			feats, _ := gc["features_enabled"].([]any)
			kept := []any{}
			for _, f := range feats {
				if f != "license_usage_sync" {
					kept = append(kept, f)
				}
			}
			gc["features_enabled"] = kept
		}
	}
	out, err := json.Marshal(recs)
	if err != nil {
		panic("replay: server-statistics: " + err.Error())
	}
	return out
}
