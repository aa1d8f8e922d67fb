package status

import (
	"context"
	"fmt"
	"strings"

	"github.com/licensesync/licensesync/client"
)

// ServerLicense is the license Status shows: in appliance mode from ghe-license info -j
// (no token needed), with the seats in use from the API when a server token is set;
// otherwise the API's. The note, when not "", says what could not be added. It is the
// license as read: Status judges what of it can be believed.
func (c *Reader) ServerLicense(ctx context.Context) (*client.License, string, error) {
	app := c.app
	if app == nil {
		l, err := c.Client.License(ctx)
		return l, "", err
	}
	l, err := app.License(ctx)
	if err == nil && l.DaysUntilExpiration == 0 && l.ExpiresAt != nil {
		// ghe-license gives the date, not the days left: derive them, never a made-up 0.
		l.DaysUntilExpiration = int(l.ExpiresAt.Sub(c.Now()).Hours() / 24)
	}
	if err != nil {
		if !c.HasServerToken() {
			return nil, "", err
		}
		// The utility failed; the API still knows the license.
		api, apiErr := c.Client.License(ctx)
		if apiErr != nil {
			return nil, "", apiErr
		}
		return api, err.Error(), nil
	}
	if !c.HasServerToken() {
		return l, "Seats in use are not shown: ghe-license does not report them; " + c.NoServerTokenError("").Hint, nil
	}
	api, apiErr := c.Client.License(ctx)
	if apiErr != nil {
		return l, apiErr.Error(), nil
	}
	l.MergeUsage(api)
	return l, "", nil
}

// KnownHostname is the hostname GitHub knows this server by: ghe-config
// core.github-hostname in appliance mode, else "" (the caller keeps what it has).
func (c *Reader) KnownHostname(ctx context.Context) (string, error) {
	if c.app == nil {
		return "", nil
	}
	return c.app.Hostname(ctx)
}

// applyInstallation puts the cloud's GraphQL view of this server into st: the
// installation itself and, where the appliance does not say (a stock appliance), whether
// it is connected and when its last successful upload was. A failure or a missing
// field leaves those unknown and is said once in Gaps (not at all when the other cloud
// reads failed too: they say why).
func (c *Reader) applyInstallation(st *Status, w *client.InstallationsWire, err error, cloudFailed bool) {
	switch {
	case err != nil:
		st.Connect.Installation = &client.Installation{Unknown: "the cloud's GraphQL API could not be read"}
		// The other cloud reads already say why when they failed too; a cloud without
		// the GraphQL endpoint (404) simply leaves the cloud's view unknown.
		if !cloudFailed && client.KindOf(err) != client.KindNotFound {
			st.partError(PartCloudInstallation, err)
		}
		return
	case w == nil:
		return
	}
	inst := client.PickInstallation(w, st.Server.Hostname)
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
	if u := inst.LastUpload; st.Sync.LastSyncAt == nil && u != nil && u.State == client.UploadSuccess {
		if t, err := client.ParseTime(u.CreatedAt); err == nil {
			st.Sync.LastSyncAt = &t
		}
	}
}

// matchNote says which name the cloud's lists (license-sync-status, Server Statistics,
// the GraphQL installations) were searched by when it is not the host of the server URL
// the admin gave (--server, an environment variable or the config file, named by
// Config.ServerURLSource), which is often an IP address or an alias; "" when they are
// the same or nobody gave the URL (the demo).
func (c *Reader) matchNote(hostname, knownHost string) string {
	given := c.ServerHostname()
	if hostname == "" || strings.EqualFold(hostname, given) || c.Config().ServerURLSource == "" {
		return ""
	}
	source := "the appliance's GitHub Connect settings"
	if knownHost != "" {
		source = "ghe-config core.github-hostname"
	}
	return fmt.Sprintf("as %s (from %s), not %s's %s", hostname, source, c.Config().ServerURLSource, given)
}
