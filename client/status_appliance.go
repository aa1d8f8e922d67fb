package client

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// errNoServerToken is what a server read needs and appliance mode lacks.
var errNoServerToken = errors.New("no server token")

// noServerTokenError says, once, what a missing server token leaves out: in appliance
// mode the license and hostname still come from the utilities; for a cloud owner
// without a server token (docs/APPLIANCE.md) only the cloud side is shown.
func (c *Client) noServerTokenError(op string) *Error {
	hint := fmt.Sprintf("Set %s to a site admin's classic token for server users, seats in use and GitHub Connect; the license and hostname come from the appliance's own utilities.", c.tokenSource(sideServer))
	if c.cfg.Appliance == nil {
		hint = fmt.Sprintf("This needs the server: set --server and %s to a site admin's classic token; everything that needs only the cloud works without them.", c.tokenSource(sideServer))
	}
	return &Error{Kind: KindUnauthorized, Op: op, Err: errNoServerToken, Hint: hint}
}

// CloudOnly reports a cloud owner's session without a server token or appliance mode:
// only what needs the cloud alone can be read.
func (c *Client) CloudOnly() bool { return !c.HasServerToken() && c.cfg.Appliance == nil }

// ServerLicense is the license Status shows: in appliance mode from ghe-license info -j
// (no token needed), with the seats in use from the API when a server token is set;
// otherwise the API's. The note, when not "", says what could not be added.
func (c *Client) ServerLicense(ctx context.Context) (*License, string, error) {
	app := c.cfg.Appliance
	if app == nil {
		l, err := c.License(ctx)
		return l, "", err
	}
	l, err := app.License(ctx)
	if err == nil && l.DaysUntilExpiration == 0 && l.ExpiresAt != nil {
		// ghe-license gives the date, not the days left: derive them, never a made-up 0.
		l.DaysUntilExpiration = int(l.ExpiresAt.Sub(c.now()).Hours() / 24)
	}
	if err != nil {
		if !c.HasServerToken() {
			return nil, "", err
		}
		// The utility failed; the API still knows the license.
		api, apiErr := c.License(ctx)
		if apiErr != nil {
			return nil, "", apiErr
		}
		return api, err.Error(), nil
	}
	if !c.HasServerToken() {
		return l, "Seats in use are not shown: ghe-license does not report them; " + c.noServerTokenError("").Hint, nil
	}
	api, apiErr := c.License(ctx)
	if apiErr != nil {
		return l, apiErr.Error(), nil
	}
	l.MergeUsage(api)
	return l, "", nil
}

// KnownHostname is the hostname GitHub knows this server by: ghe-config
// core.github-hostname in appliance mode, else "" (the caller keeps what it has).
func (c *Client) KnownHostname(ctx context.Context) (string, error) {
	if c.cfg.Appliance == nil {
		return "", nil
	}
	return c.cfg.Appliance.Hostname(ctx)
}

// applyInstallation puts the cloud's GraphQL view of this server into st: the
// installation itself and, where the appliance does not say (a stock appliance), whether
// it is connected and when its last successful upload was. A failure or a missing
// field leaves those unknown and is said once in Gaps (not at all when the other cloud
// reads failed too: they say why).
func (c *Client) applyInstallation(st *Status, w *installationsWire, err error, cloudFailed bool) {
	switch {
	case err != nil:
		st.Connect.Installation = &Installation{Unknown: "the cloud's GraphQL API could not be read"}
		// The other cloud reads already say why when they failed too; a cloud without
		// the GraphQL endpoint (404) simply leaves the cloud's view unknown.
		if !cloudFailed && KindOf(err) != KindNotFound {
			st.partError(PartCloudInstallation, err)
		}
		return
	case w == nil:
		return
	}
	inst := pickInstallation(w, st.Server.Hostname)
	st.Connect.Installation = inst
	switch {
	case inst.Unknown != "":
		if !c.CloudOnly() && !cloudFailed { // else the server or the cloud refusal is said already
			st.Gaps = append(st.Gaps, "Whether the cloud sees this server as connected is unknown: "+inst.Unknown+".")
		}
		return
	case !inst.Found:
		return // shown as found: false; license-sync-status says the rest
	}
	if st.Connect.Connected == nil && inst.Connected != nil {
		connected := *inst.Connected
		st.Connect.Connected = &connected
	}
	if u := inst.LastUpload; st.Sync.LastSyncAt == nil && u != nil && u.State == UploadSuccess {
		if t, err := ParseTime(u.CreatedAt); err == nil {
			st.Sync.LastSyncAt = &t
		}
	}
}

// matchNote says which name the cloud's lists (license-sync-status, Server Statistics,
// the GraphQL installations) were searched by when it is not the host of the server URL
// the admin gave (--server, an environment variable or the config file, named by
// Config.ServerURLSource), which is often an IP address or an alias; "" when they are
// the same or nobody gave the URL (the demo).
func (c *Client) matchNote(hostname, knownHost string) string {
	given := c.serverURL.Hostname()
	if hostname == "" || strings.EqualFold(hostname, given) || c.cfg.ServerURLSource == "" {
		return ""
	}
	source := "the appliance's GitHub Connect settings"
	if knownHost != "" {
		source = "ghe-config core.github-hostname"
	}
	return fmt.Sprintf("as %s (from %s), not %s's %s", hostname, source, c.cfg.ServerURLSource, given)
}

// CloudIsGHEcom reports a cloud on GHE.com (data residency, a host under ghe.com),
// which needs GHES 3.15 or later and offers no Server Statistics.
func (c *Client) CloudIsGHEcom() bool {
	return strings.HasSuffix(strings.ToLower(c.cloudURL.Hostname()), ".ghe.com")
}
