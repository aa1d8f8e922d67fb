package client

import (
	"net/url"
	"strings"
)

// serverRoot is the appliance root URL as people type it, e.g. https://ghes.acme.test.
func (c *Client) ServerRoot() string {
	u := *c.serverURL
	u.Path = strings.TrimSuffix(strings.TrimSuffix(u.Path, "/"), "/api/v3")
	u.RawPath = ""
	return strings.TrimSuffix(u.String(), "/")
}

// baseLabel names one side's base URL in messages.
func (c *Client) baseLabel(s side) string {
	if s == SideCloud {
		return strings.TrimSuffix(c.cloudURL.String(), "/")
	}
	return c.ServerRoot()
}

// sideName is "server" or "cloud".
func (c *Client) sideName(s side) string {
	if s == SideCloud {
		return "cloud"
	}
	return "server"
}

// tokenSource names where a side's token came from, for hints.
func (c *Client) TokenSource(s side) string {
	if s == SideCloud {
		if c.cfg.CloudTokenSource != "" {
			return c.cfg.CloudTokenSource
		}
		return "GH_TOKEN"
	}
	if c.cfg.ServerTokenSource != "" {
		return c.cfg.ServerTokenSource
	}
	return "GH_ENTERPRISE_TOKEN"
}

// refusedTokenHint says what to do about a token the side answered 401 to, in the words
// that fit where it came from: an environment variable, gh's hosts.yml, or elsewhere
// (typed into the console, the demo).
func (c *Client) refusedTokenHint(s side) string {
	src := c.TokenSource(s)
	switch {
	case isEnvName(src):
		return "The token from " + src + " was refused; set " + src + " to a valid, unexpired classic token."
	case strings.HasPrefix(src, "hosts.yml"), src == "gh auth token":
		return "The token from " + src + " was refused; run gh auth login --hostname " + c.hostFor(s) + " again."
	}
	return "That token was refused; use a valid, unexpired classic token."
}

// isEnvName reports whether s looks like an environment variable's name.
func isEnvName(s string) bool {
	return s != "" && strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == ""
}

// hostFor is the host gh keys a side's token by.
func (c *Client) hostFor(s side) string {
	if s == SideCloud {
		return "github.com"
	}
	return c.serverURL.Hostname()
}

// consoleMissingHint says what to do in a browser instead of a console API call that a
// stock appliance does not have, by what the call was for.
func (c *Client) consoleMissingHint(path string) string {
	license := c.SettingsPage() + "/license"
	switch {
	case strings.HasSuffix(path, "settings/license/sync"):
		return "This appliance has no console API for license sync: open " + license + " → Sync now in a browser, then run licensesync status to see the cloud's last sync."
	case strings.HasSuffix(path, "settings/license/usage"):
		return "This appliance has no console API for the usage file: open " + license + " → Export license usage in a browser."
	}
	return "This appliance has no console API for GitHub Connect: open " + c.SettingsPage() + " → GitHub Connect in a browser, then run licensesync status to verify it through the cloud's license-sync-status."
}

// settingsPage is the appliance's enterprise settings page, where GitHub Connect lives.
func (c *Client) SettingsPage() string {
	slug := c.cfg.Enterprise
	if slug == "" {
		slug = "SLUG"
	}
	return c.ServerRoot() + "/enterprises/" + url.PathEscape(slug) + "/settings"
}

// cloudEntOrPlaceholder is the cloud enterprise slug when known, for messages.
func (c *Client) cloudEntOrPlaceholder() string {
	c.cloudEntMu.Lock()
	defer c.cloudEntMu.Unlock()
	switch {
	case c.cloudEnt != "":
		return c.cloudEnt
	case c.cfg.CloudEnterprise != "":
		return c.cfg.CloudEnterprise
	}
	return "SLUG"
}

// CloudLicensePage is the cloud enterprise's Licensing page, where "Add server usage"
// is: where a usage file exported in appliance mode is uploaded.
func (c *Client) CloudLicensePage() string { return c.cloudLicensePage() }

// cloudLicensePage is the cloud enterprise's Licensing page, where "Add server usage" is.
// The web host is the API host without its "api." prefix (api.github.com → github.com).
func (c *Client) cloudLicensePage() string {
	u := url.URL{Scheme: c.cloudURL.Scheme, Host: strings.TrimPrefix(c.cloudURL.Host, "api.")}
	return u.String() + "/enterprises/" + url.PathEscape(c.cloudEntOrPlaceholder()) + "/settings/license"
}
