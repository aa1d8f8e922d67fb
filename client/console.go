package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// consolePath is a console API path under the appliance's enterprise, or a KindUsage
// error when no enterprise slug is configured.
func (c *Client) consolePath(op, rest string) (string, error) {
	if c.cfg.Enterprise == "" {
		return "", usageError(op+": no enterprise given", "Pass --enterprise SLUG, the slug in https://HOST/enterprises/SLUG", nil)
	}
	return "enterprises/" + url.PathEscape(c.cfg.Enterprise) + "/" + rest, nil
}

// ConnectSettings reads the appliance's GitHub Connect settings (console API) with the
// ETag to pass to SetLicenseSync. On a stock appliance: KindConsoleUnavailable.
func (c *Client) ConnectSettings(ctx context.Context) (*ConnectSettings, error) {
	const op = "read the GitHub Connect settings"
	path, err := c.consolePath(op, "settings/github-connect")
	if err != nil {
		return nil, err
	}
	r := request{side: sideServer, method: http.MethodGet, path: path, op: op, area: areaConsole}
	rep, err := c.send(ctx, r)
	if err != nil {
		return nil, err
	}
	return c.decodeSettings(r, rep)
}

func (c *Client) decodeSettings(r request, rep *reply) (*ConnectSettings, error) {
	var s ConnectSettings
	if err := c.decodeBody(r, rep, &s); err != nil {
		return nil, err
	}
	s.ETag = rep.header.Get("ETag")
	return &s, nil
}

// SetLicenseSync turns "Server can sync user license count and usage" on or off. With
// ifMatch (an ETag from ConnectSettings) the write applies only if nobody changed the
// settings since; otherwise KindConflict. It then reads the settings back and fails
// unless they show the value asked for. A write that fails ambiguously (5xx, reset,
// timeout) is not repeated: the settings are read back and the call succeeds if the
// value is already what was asked for.
func (c *Client) SetLicenseSync(ctx context.Context, enabled bool, ifMatch string) (*ConnectSettings, error) {
	want := FeatureDisabled
	if enabled {
		want = FeatureEnabled
	}
	op := "set license sync to " + want
	path, err := c.consolePath(op, "settings/github-connect")
	if err != nil {
		return nil, err
	}
	r := request{
		side: sideServer, method: http.MethodPatch, path: path, op: op, area: areaConsole,
		body: map[string]map[string]string{"features": {"license_sync": want}},
	}
	if ifMatch = strings.TrimSpace(ifMatch); ifMatch != "" {
		if !strings.HasSuffix(ifMatch, `"`) {
			ifMatch = `"` + ifMatch + `"`
		}
		r.header = http.Header{"If-Match": {ifMatch}}
	}
	if _, err := c.send(ctx, r); err != nil {
		if maybeApplied(err) {
			if got, rerr := c.ConnectSettings(ctx); rerr == nil && got.LicenseSync() == want {
				return got, nil
			}
		}
		if e, ok := err.(*Error); ok && e.Status == http.StatusUnprocessableEntity {
			e.Hint = fmt.Sprintf("Make sure GitHub Connect itself is enabled on %s → GitHub Connect, then try again.", c.settingsPage())
		}
		return nil, err
	}
	got, err := c.ConnectSettings(ctx)
	if err != nil {
		return nil, err
	}
	if got.LicenseSync() != want {
		return got, &Error{
			Kind: KindConflict, Op: op,
			Err:  fmt.Errorf("the appliance reports license sync %s after the change", got.LicenseSync()),
			Hint: "Someone else may have changed it at the same time; check licensesync status and try again.",
		}
	}
	return got, nil
}

// StartSync is "Sync now": it starts a license sync job, or returns the one already
// queued or running. If the request fails ambiguously it is not repeated; the current
// job is read instead and returned when it is queued or running.
func (c *Client) StartSync(ctx context.Context) (*SyncJob, error) {
	const op = "start a license sync"
	path, err := c.consolePath(op, "settings/license/sync")
	if err != nil {
		return nil, err
	}
	r := request{side: sideServer, method: http.MethodPost, path: path, op: op, area: areaConsole}
	rep, err := c.send(ctx, r)
	if err != nil {
		if maybeApplied(err) {
			if job, jerr := c.SyncJob(ctx); jerr == nil && (job.State == JobQueued || job.State == JobRunning) {
				return job, nil
			}
		}
		if e, ok := err.(*Error); ok && e.Status == http.StatusConflict {
			e.Hint = "Enable license sync first (licensesync enable), then sync."
		}
		return nil, err
	}
	var job SyncJob
	if err := c.decodeBody(r, rep, &job); err != nil {
		return nil, err
	}
	return &job, nil
}

// SyncJob reads the current or last sync job.
func (c *Client) SyncJob(ctx context.Context) (*SyncJob, error) {
	const op = "read the license sync job"
	path, err := c.consolePath(op, "settings/license/sync")
	if err != nil {
		return nil, err
	}
	r := request{side: sideServer, method: http.MethodGet, path: path, op: op, area: areaConsole}
	rep, err := c.send(ctx, r)
	if err != nil {
		return nil, err
	}
	var job SyncJob
	if err := c.decodeBody(r, rep, &job); err != nil {
		return nil, err
	}
	return &job, nil
}

// WaitSync polls the sync job until job jobID is done (or a later job has replaced it;
// jobID 0 waits for whatever job is current), calling onUpdate with every reading. It returns the last reading; a failed job is
// returned without an error, its State and Error say what happened.
func (c *Client) WaitSync(ctx context.Context, jobID int64, onUpdate func(*SyncJob)) (*SyncJob, error) {
	for {
		job, err := c.SyncJob(ctx)
		if err != nil {
			return nil, err
		}
		if onUpdate != nil {
			onUpdate(job)
		}
		superseded := jobID != 0 && job.ID > jobID
		if superseded || (job.Done() && job.ID >= jobID) {
			return job, nil
		}
		if err := sleep(ctx, c.pollInterval); err != nil {
			return job, &Error{Kind: KindOther, Op: "wait for the license sync", Err: err}
		}
	}
}

// ExportUsage is "Export license usage": the usage file, as the appliance sends it.
func (c *Client) ExportUsage(ctx context.Context) ([]byte, error) {
	const op = "export the license usage"
	path, err := c.consolePath(op, "settings/license/usage")
	if err != nil {
		return nil, err
	}
	r := request{side: sideServer, method: http.MethodGet, path: path, op: op, area: areaConsole}
	rep, err := c.send(ctx, r)
	if err != nil {
		return nil, err
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(rep.body, &obj); err != nil {
		return nil, c.badBody(r, rep.body, err)
	}
	return rep.body, nil
}

// syncPollInterval is WaitSync's default pace.
const syncPollInterval = 250 * time.Millisecond
