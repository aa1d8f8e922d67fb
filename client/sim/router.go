package sim

import (
	"net/http"
	"strings"
	"time"
)

// access is who may call a route.
type access int

const (
	public    access = iota // any caller; a bad token is still refused
	signedIn                // any valid token of the side
	adminOnly               // site admin / enterprise owner; others get 404, as on GitHub
)

// route is one endpoint. In pattern, "{name}" matches one path segment; "{e}" must
// be the side's enterprise slug.
type route struct {
	side    side
	method  string
	pattern string
	access  access
	scope   string // a required OAuth scope (cloud enterprise endpoints)
	handle  func(s *Sim, c *call) *response
}

// consoleRoute reports whether rt is part of the appliance console API
// (docs/CONSOLE_API.md), which a stock appliance does not have.
func (rt *route) consoleRoute() bool {
	return strings.Contains(rt.pattern, "/settings/github-connect") ||
		strings.Contains(rt.pattern, "/settings/license/") ||
		strings.HasSuffix(rt.pattern, "/server-usage")
}

// call is one request as a handler sees it.
type call struct {
	r         *http.Request
	body      []byte
	id        identity // zero for anonymous callers
	params    map[string]string
	real      time.Time // wall clock
	requestID string
	docs      string
}

var routes = []route{
	{sideServer, http.MethodGet, "meta", public, "", (*Sim).getMeta},
	{sideServer, http.MethodGet, "user", signedIn, "", (*Sim).getViewer},
	{sideServer, http.MethodGet, "users", signedIn, "", (*Sim).listUsers},
	{sideServer, http.MethodGet, "users/{login}", signedIn, "", (*Sim).getUser},
	{sideServer, http.MethodPut, "users/{login}/suspended", adminOnly, "", (*Sim).putSuspended},
	{sideServer, http.MethodDelete, "users/{login}/suspended", adminOnly, "", (*Sim).deleteSuspended},
	{sideServer, http.MethodGet, "stafftools/reports/dormant_users.csv", adminOnly, "", (*Sim).getDormantReport},
	{sideServer, http.MethodGet, "enterprise/settings/license", adminOnly, "", (*Sim).getLicense},
	{sideServer, http.MethodGet, "enterprise/stats/all", adminOnly, "", (*Sim).getStatsAll},
	{sideServer, http.MethodGet, "enterprise/stats/users", adminOnly, "", (*Sim).getStatsUsers},
	{sideServer, http.MethodGet, "enterprises/{e}/settings/github-connect", adminOnly, "", (*Sim).getConnect},
	{sideServer, http.MethodPatch, "enterprises/{e}/settings/github-connect", adminOnly, "", (*Sim).patchConnect},
	{sideServer, http.MethodGet, "enterprises/{e}/settings/license/sync", adminOnly, "", (*Sim).getSync},
	{sideServer, http.MethodPost, "enterprises/{e}/settings/license/sync", adminOnly, "", (*Sim).postSync},
	{sideServer, http.MethodGet, "enterprises/{e}/settings/license/usage", adminOnly, "", (*Sim).getUsage},
	{sideCloud, http.MethodGet, "user", signedIn, "", (*Sim).getViewer},
	{sideCloud, http.MethodGet, "enterprises/{e}/consumed-licenses", adminOnly, "read:enterprise", (*Sim).getConsumed},
	{sideCloud, http.MethodGet, "enterprises/{e}/license-sync-status", adminOnly, "read:enterprise", (*Sim).getSyncStatus},
	{sideCloud, http.MethodPost, "enterprises/{e}/server-usage", adminOnly, "read:enterprise", (*Sim).postServerUsage},
	{sideCloud, http.MethodGet, "enterprise-installation/{e}/server-statistics", adminOnly, "read:enterprise", (*Sim).getServerStatistics},
	{sideCloud, http.MethodPost, "graphql", signedIn, "", (*Sim).postGraphQL},
	{sideCloud, http.MethodGet, "users/{login}", signedIn, "", (*Sim).getCloudUser},
	{sideCloud, http.MethodGet, "orgs/{org}/invitations", signedIn, "admin:org", (*Sim).getInvitations},
	{sideCloud, http.MethodPost, "orgs/{org}/invitations", signedIn, "admin:org", (*Sim).postInvitation},
	{sideCloud, http.MethodGet, "orgs/{org}/failed_invitations", signedIn, "admin:org", (*Sim).getFailedInvitations},
	{sideCloud, http.MethodGet, "orgs/{org}/invitations/{id}/teams", signedIn, "admin:org", (*Sim).getInvitationTeams},
	{sideCloud, http.MethodDelete, "orgs/{org}/invitations/{id}", signedIn, "admin:org", (*Sim).deleteInvitation},
	{sideCloud, http.MethodGet, "enterprises/{e}/visual-studio-subscriptions", adminOnly, "read:enterprise", (*Sim).getVSSubscriptions},
	{sideCloud, http.MethodPut, "enterprises/{e}/visual-studio-subscriptions/{id}", adminOnly, "admin:enterprise", (*Sim).putVSSubscription},
	{sideCloud, http.MethodDelete, "enterprises/{e}/visual-studio-subscriptions/{id}", adminOnly, "admin:enterprise", (*Sim).deleteVSSubscription},
}

// splitSide maps a URL path to its side and the path below the API base:
// /api/v3/… is the server, /cloud/api/v3/… and /cloud/… the cloud; the appliance's
// site-admin pages /stafftools/… are the server's, the path kept whole.
func splitSide(path string) (side, string, bool) {
	if strings.HasPrefix(path, "/stafftools/") {
		return sideServer, strings.Trim(path, "/"), true
	}
	for _, p := range []struct {
		prefix string
		side   side
	}{{"/api/v3", sideServer}, {"/cloud/api/v3", sideCloud}, {"/cloud", sideCloud}} {
		if rest, ok := strings.CutPrefix(path, p.prefix); ok && (rest == "" || rest[0] == '/') {
			return p.side, strings.Trim(rest, "/"), true
		}
	}
	return 0, "", false
}

// match finds the route for side, method and path (HEAD matches GET).
func match(sd side, method, path string) (*route, map[string]string) {
	if method == http.MethodHead {
		method = http.MethodGet
	}
	segs := strings.Split(path, "/")
	for i := range routes {
		rt := &routes[i]
		if rt.side != sd || rt.method != method {
			continue
		}
		if params, ok := matchPattern(rt.pattern, segs); ok {
			return rt, params
		}
	}
	return nil, nil
}

func matchPattern(pattern string, segs []string) (map[string]string, bool) {
	pat := strings.Split(pattern, "/")
	if len(pat) != len(segs) {
		return nil, false
	}
	var params map[string]string
	for i, p := range pat {
		if strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}") {
			if segs[i] == "" {
				return nil, false
			}
			if params == nil {
				params = map[string]string{}
			}
			params[p[1:len(p)-1]] = segs[i]
			continue
		}
		if p != segs[i] {
			return nil, false
		}
	}
	return params, true
}

// targetName names one write's target in the stats: method, side and path.
func targetName(sd side, method, path string) string {
	if sd == sideCloud {
		return method + " cloud " + path
	}
	return method + " server " + path
}

// routeName names a route in the stats: method, side and pattern.
func (rt *route) name() string {
	sd := "server"
	if rt.side == sideCloud {
		sd = "cloud"
	}
	return rt.method + " " + sd + " " + rt.pattern
}
