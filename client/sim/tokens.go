package sim

import (
	"net/http"
	"strings"
)

// Well-known demo tokens. They look like classic GitHub personal access tokens but
// say plainly that they are not real.
const (
	// ServerAdminToken is a GHES site admin (scopes site_admin, read:enterprise).
	ServerAdminToken = "ghp_demoServerAdminNotARealToken00000000"
	// ServerUserToken is an ordinary GHES user: admin endpoints answer 404.
	ServerUserToken = "ghp_demoServerUserNotARealToken000000000"
	// CloudAdminToken is a GHEC enterprise owner with read:enterprise, admin:enterprise and admin:org.
	CloudAdminToken = "ghp_demoCloudAdminNotARealToken000000000"
	// CloudNoScopeToken is the same owner with a token lacking read:enterprise:
	// the enterprise endpoints answer 403.
	CloudNoScopeToken = "ghp_demoCloudNoScopeNotARealToken0000000"
)

// side is one half of the simulated world.
type side int

const (
	sideServer side = iota
	sideCloud
)

// identity is who a token speaks for.
type identity struct {
	token  string
	side   side
	admin  bool   // site admin (server) or enterprise owner (cloud)
	scopes string // the X-OAuth-Scopes header
	login  string
	id     int64
}

func (id identity) hasScope(scope string) bool {
	for _, s := range strings.Split(id.scopes, ",") {
		if strings.TrimSpace(s) == scope {
			return true
		}
	}
	return false
}

// tokenFromRequest returns the token of an "Authorization: token X" or "Bearer X"
// header, or the password of HTTP basic authentication ("" when malformed), and
// whether the header was present at all.
func tokenFromRequest(r *http.Request) (token string, present bool) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return "", false
	}
	scheme, rest, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok {
		return "", true
	}
	switch strings.ToLower(scheme) {
	case "token", "bearer":
		return strings.TrimSpace(rest), true
	case "basic":
		if _, password, ok := r.BasicAuth(); ok {
			return password, true
		}
	}
	return "", true
}

// identities maps each demo token to its user in the seeded world.
func (w *world) identities() map[string]identity {
	admin := w.server[w.serverAdmin]
	user := w.server[w.serverUser]
	owner := w.cloud[0]
	return map[string]identity{
		ServerAdminToken:  {token: ServerAdminToken, side: sideServer, admin: true, scopes: "read:enterprise, site_admin", login: admin.login, id: admin.id},
		ServerUserToken:   {token: ServerUserToken, side: sideServer, scopes: "repo, read:user", login: user.login, id: user.id},
		CloudAdminToken:   {token: CloudAdminToken, side: sideCloud, admin: true, scopes: "read:enterprise, admin:enterprise, read:org, admin:org, user:email", login: owner.login, id: owner.id},
		CloudNoScopeToken: {token: CloudNoScopeToken, side: sideCloud, admin: true, scopes: "repo, read:org", login: owner.login, id: owner.id},
	}
}
