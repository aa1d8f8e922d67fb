package client

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/licensesync/licensesync/client/textsafe"
)

// Meta reads GET /api/v3/meta: the appliance is reachable and speaks GitHub's API.
func (c *Client) Meta(ctx context.Context) (*Meta, error) {
	r := request{side: sideServer, method: http.MethodGet, path: "meta", op: "read the server version", area: areaPublic}
	m, _, err := sendJSON[Meta](ctx, c, r)
	return m, err
}

// Viewer reads GET /api/v3/user: who the server token belongs to, with its scopes.
// When the account is not a site admin it returns the viewer together with a
// KindNotSiteAdmin error, so callers can still name the account.
func (c *Client) Viewer(ctx context.Context) (*Viewer, error) {
	r := request{side: sideServer, method: http.MethodGet, path: "user", op: "read the server token's account", area: areaPublic}
	v, rep, err := sendJSON[Viewer](ctx, c, r)
	if err != nil {
		return nil, err
	}
	v.Scopes = parseScopes(rep.header)
	if !v.SiteAdmin {
		return v, &Error{
			Kind: KindNotSiteAdmin, Op: r.op,
			Err:  fmt.Errorf("%s is not a site admin", textsafe.Sanitize(v.Login)),
			Hint: fmt.Sprintf("Use a classic token of a site admin of %s in %s.", c.ServerRoot(), c.TokenSource(sideServer)),
		}
	}
	return v, nil
}

// parseScopes splits X-OAuth-Scopes; nil when the header is absent (fine-grained tokens).
func parseScopes(h http.Header) []string {
	vals, ok := h["X-Oauth-Scopes"]
	if !ok {
		return nil
	}
	scopes := []string{}
	for _, v := range vals {
		for s := range strings.SplitSeq(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				scopes = append(scopes, s)
			}
		}
	}
	return scopes
}

// License reads GET /api/v3/enterprise/settings/license (site admins only).
func (c *Client) License(ctx context.Context) (*License, error) {
	r := request{side: sideServer, method: http.MethodGet, path: "enterprise/settings/license", op: "read the server license", area: areaAdmin}
	rep, err := c.send(ctx, r)
	if err != nil {
		return nil, err
	}
	if err := c.checkItems(r, rep.body); err != nil {
		return nil, err
	}
	l, err := decodeLicense(rep.body)
	if err != nil {
		return nil, c.badBody(r, rep.body, err)
	}
	l.Source = LicenseSourceAPI
	return l, nil
}

// UserStats reads the users block of GET /api/v3/enterprise/stats/all (site admins
// only), the same data go-github's AdminService.GetAdminStats returns, decoded leniently.
func (c *Client) UserStats(ctx context.Context) (*UserStats, error) {
	r := request{side: sideServer, method: http.MethodGet, path: "enterprise/stats/all", op: "read the server's user counts", area: areaAdmin}
	rep, err := c.send(ctx, r)
	if err != nil {
		return nil, err
	}
	var all struct {
		Users UserStats `json:"users"`
	}
	if err := c.decodeBody(r, rep, &all); err != nil {
		return nil, err
	}
	return &all.Users, nil
}
