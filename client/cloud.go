package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// needCloud is the KindUsage error for a cloud call without a cloud token.
func (c *Client) needCloud(op string) error {
	if c.HasCloud() {
		return nil
	}
	return usageError(op+": no cloud token", fmt.Sprintf("Set %s to a classic token of an enterprise owner with the read:enterprise scope", c.TokenSource(SideCloud)), nil)
}

// LearnCloudEnterprise keeps slug as the cloud enterprise GitHub Connect names, when
// none is known yet: what a caller that read the settings itself (Status) found.
func (c *Client) LearnCloudEnterprise(slug string) {
	c.cloudEntMu.Lock()
	if c.cloudEnt == "" {
		c.cloudEnt = slug
	}
	c.cloudEntMu.Unlock()
}

// CloudEnterprise is the GHEC enterprise slug: Config.CloudEnterprise, else the one
// GitHub Connect reports. The answer is remembered.
func (c *Client) CloudEnterprise(ctx context.Context) (string, error) {
	if c.cfg.CloudEnterprise != "" {
		return c.cfg.CloudEnterprise, nil
	}
	c.cloudEntMu.Lock()
	known := c.cloudEnt
	c.cloudEntMu.Unlock()
	if known != "" {
		return known, nil
	}
	const op = "find the cloud enterprise"
	s, err := c.ConnectSettings(ctx)
	if err != nil {
		if k := KindOf(err); k == KindConsoleUnavailable || k == KindNotFound {
			return "", usageError(op, "Pass --cloud-enterprise SLUG", ErrNoCloudEnterprise)
		}
		return "", err
	}
	if s.CloudEnterprise == "" || !s.Connected {
		return "", usageError(op+": GitHub Connect is not connected to a cloud enterprise",
			fmt.Sprintf("Enable GitHub Connect on %s → GitHub Connect, or pass --cloud-enterprise SLUG", c.SettingsPage()), nil)
	}
	if err := CheckSlug(s.CloudEnterprise, "the appliance's cloud enterprise"); err != nil {
		return "", err
	}
	c.cloudEntMu.Lock()
	c.cloudEnt = s.CloudEnterprise
	c.cloudEntMu.Unlock()
	return s.CloudEnterprise, nil
}

// cloudPath is a path under the cloud enterprise.
func (c *Client) cloudPath(ctx context.Context, op, rest string) (string, error) {
	if err := c.needCloud(op); err != nil {
		return "", err
	}
	ent, err := c.CloudEnterprise(ctx)
	if err != nil {
		return "", err
	}
	return "enterprises/" + url.PathEscape(ent) + "/" + rest, nil
}

// MaxServerInstances is the most GitHub Enterprise Server instances one cloud
// enterprise is taken to have: license-sync-status lists at most this many, and
// Server Statistics at most this many records a day.
const MaxServerInstances = 1000

// LicenseSyncStatus reads GHEC's GET /enterprises/{e}/license-sync-status in its
// documented shape, {"server_instances": [{server_id, hostname, last_sync}]}.
func (c *Client) LicenseSyncStatus(ctx context.Context) (*LicenseSyncStatus, error) {
	const op = "read the cloud's license sync status"
	path, err := c.cloudPath(ctx, op, "license-sync-status")
	if err != nil {
		return nil, err
	}
	r := request{side: SideCloud, method: http.MethodGet, path: path, op: op, area: areaCloudEnt,
		items: []itemBound{{path: "server_instances", max: MaxServerInstances, what: "server instances", asked: "the most one enterprise is taken to have"}}}
	s, _, err := sendJSON[LicenseSyncStatus](ctx, c, r)
	return s, err
}

// UploadUsage is "Add server usage" on the cloud enterprise: it posts a usage file
// exported from the appliance. Where the cloud offers no such endpoint (github.com
// itself) the error is KindConsoleUnavailable and its Hint names the web page to use.
func (c *Client) UploadUsage(ctx context.Context, usageFile []byte) (*UploadResult, error) {
	const op = "upload the license usage"
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(usageFile, &probe); err != nil {
		return nil, usageError(op+": the file is not a usage file", "Pass the JSON file written by licensesync export", errors.New("not a JSON object"))
	}
	path, err := c.cloudPath(ctx, op, "server-usage")
	if err != nil {
		return nil, err
	}
	r := request{side: SideCloud, method: http.MethodPost, path: path, op: op, area: areaCloudUpload, body: json.RawMessage(usageFile)}
	rep, err := c.send(ctx, r)
	if err != nil {
		if e, ok := err.(*Error); ok && e.Status == http.StatusUnprocessableEntity {
			e.Kind = KindUsage
			e.Hint = "Pass the JSON file written by licensesync export, unchanged."
		}
		return nil, err
	}
	var res UploadResult
	if err := c.decodeBody(r, rep, &res); err != nil {
		return nil, err
	}
	return &res, nil
}

// CloudIsGHEcom reports a cloud on GHE.com (data residency, a host under ghe.com),
// which needs GHES 3.15 or later and offers no Server Statistics.
func (c *Client) CloudIsGHEcom() bool {
	return strings.HasSuffix(strings.ToLower(c.cloudURL.Hostname()), ".ghe.com")
}
