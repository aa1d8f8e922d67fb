package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/licensesync/licensesync/client/transport"
)

// consolePath is a console API path under the appliance's enterprise, or a KindUsage
// error when no enterprise slug is configured.
func (c *Client) consolePath(op, rest string) (string, error) {
	if c.CloudOnly() {
		return "", c.NoServerTokenError(op)
	}
	if c.cfg.Enterprise == "" {
		return "", usageError(op+": no enterprise given", "Pass --enterprise SLUG, the slug in https://HOST/enterprises/SLUG", nil)
	}
	return "enterprises/" + url.PathEscape(c.cfg.Enterprise) + "/" + rest, nil
}

// consoleGET is a GET of the console API under the appliance's enterprise.
func (c *Client) consoleGET(op, rest string) (request, error) {
	path, err := c.consolePath(op, rest)
	if err != nil {
		return request{}, err
	}
	return request{side: sideServer, method: http.MethodGet, path: path, op: op, area: areaConsole}, nil
}

// ConnectSettings reads the appliance's GitHub Connect settings (console API) with the
// ETag to pass to SetLicenseSync. On a stock appliance: KindConsoleUnavailable.
func (c *Client) ConnectSettings(ctx context.Context) (*ConnectSettings, error) {
	const op = "read the GitHub Connect settings"
	r, err := c.consoleGET(op, "settings/github-connect")
	if err != nil {
		return nil, err
	}
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
// settings since; otherwise KindConflict, naming the value someone else left. It then
// reads the settings back and fails unless they show the value asked for.
//
// A write is never repeated blindly. After a failure that leaves unknown whether it
// applied (5xx, reset, timeout) the settings are read back: showing the value asked
// for, the call succeeds; showing a version other than the one written against,
// someone else changed them (KindConflict); showing the old value at the same version,
// the write did not happen and is sent again, conditional on that version (If-Match),
// so it can apply at most once. At most maxTries writes are sent.
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
	ifMatch = quoteETag(ifMatch)
	for attempt := 1; ; attempt++ {
		r := request{
			side: sideServer, method: http.MethodPatch, path: path, op: op, area: areaConsole,
			body: map[string]map[string]string{"features": {"license_sync": want}},
		}
		if ifMatch != "" {
			r.header = http.Header{"If-Match": {ifMatch}}
		}
		_, err := c.send(ctx, r)
		if err == nil {
			break
		}
		e, _ := err.(*Error)
		switch {
		case maybeApplied(err):
			got, rerr := c.ConnectSettings(ctx)
			if rerr != nil {
				if e != nil {
					e.Hint = "The change may or may not have been made, and reading the settings back failed too; check with licensesync status before trying again."
				}
				return nil, err
			}
			if got.LicenseSync() == want {
				return got, nil
			}
			if ifMatch != "" && quoteETag(got.ETag) != "" && quoteETag(got.ETag) != ifMatch {
				return got, c.changedByOthers(op, got)
			}
			if attempt >= c.retry.MaxTries {
				return got, err
			}
			// Not applied, nobody else wrote: send it again, conditional on what we read.
			ifMatch = quoteETag(got.ETag)
			if err := transport.Sleep(ctx, c.retry.Backoff(attempt)); err != nil {
				return nil, &Error{Kind: KindOther, Op: op, Err: err}
			}
			continue
		case e != nil && e.Status == http.StatusPreconditionFailed:
			if got, rerr := c.ConnectSettings(ctx); rerr == nil {
				return got, c.changedByOthers(op, got)
			}
		case e != nil && e.Status == http.StatusUnprocessableEntity:
			e.Hint = fmt.Sprintf("Make sure GitHub Connect itself is enabled on %s → GitHub Connect, then try again.", c.SettingsPage())
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

// ErrChangedByOthers is wrapped by the KindConflict error SetLicenseSync returns when
// the settings changed between the read and the write; the settings returned with it
// are the current ones.
var ErrChangedByOthers = errors.New("someone else changed the GitHub Connect settings since they were read")

// changedByOthers is the KindConflict error for a write refused because the settings
// moved on; it names what they are now.
func (c *Client) changedByOthers(op string, now *ConnectSettings) *Error {
	return &Error{
		Kind: KindConflict, Op: op, Status: http.StatusPreconditionFailed,
		Err:  fmt.Errorf("%w: license sync is now %s (version %d)", ErrChangedByOthers, now.LicenseSync(), now.Version),
		Hint: "Nothing was overwritten; review the current value and choose again.",
	}
}

// quoteETag returns an ETag in its quoted form ("7" for 7); "" stays "".
func quoteETag(tag string) string {
	tag = strings.TrimSpace(tag)
	if tag == "" || strings.HasSuffix(tag, `"`) {
		return tag
	}
	return `"` + tag + `"`
}

// StartSync is "Sync now": it starts a license sync job, or returns the one already
// queued or running. A POST that fails ambiguously (5xx, reset, timeout) is not
// repeated blindly: the current job is read back and returned when it is queued or
// running (the POST took effect, or someone else's job is under way, which the server
// would have returned anyway). Only when no job is under way is the POST sent again,
// at most maxTries times in all: a second job could then start only if the first one
// had started and finished within one round trip.
func (c *Client) StartSync(ctx context.Context) (*SyncJob, error) {
	const op = "start a license sync"
	path, err := c.consolePath(op, "settings/license/sync")
	if err != nil {
		return nil, err
	}
	r := request{side: sideServer, method: http.MethodPost, path: path, op: op, area: areaConsole}
	for attempt := 1; ; attempt++ {
		rep, err := c.send(ctx, r)
		if err == nil {
			var job SyncJob
			if err := c.decodeBody(r, rep, &job); err != nil {
				return nil, err
			}
			return &job, nil
		}
		if maybeApplied(err) {
			job, jerr := c.SyncJob(ctx)
			if jerr == nil && (job.State == JobQueued || job.State == JobRunning) {
				return job, nil
			}
			if jerr == nil && attempt < c.retry.MaxTries {
				if err := transport.Sleep(ctx, c.retry.Backoff(attempt)); err != nil {
					return nil, &Error{Kind: KindOther, Op: op, Err: err}
				}
				continue
			}
		}
		if e, ok := err.(*Error); ok && e.Status == http.StatusConflict {
			e.Hint = "Run licensesync enable first."
		}
		return nil, err
	}
}

// SyncJob reads the current or last sync job.
func (c *Client) SyncJob(ctx context.Context) (*SyncJob, error) {
	const op = "read the license sync job"
	r, err := c.consoleGET(op, "settings/license/sync")
	if err != nil {
		return nil, err
	}
	job, _, err := sendJSON[SyncJob](ctx, c, r)
	return job, err
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
		if err := transport.Sleep(ctx, c.pollInterval); err != nil {
			return job, &Error{Kind: KindOther, Op: "wait for the license sync", Err: err}
		}
	}
}

// ExportUsage is "Export license usage": the usage file, as the appliance sends it,
// checked to be one JSON object.
func (c *Client) ExportUsage(ctx context.Context) ([]byte, error) {
	body, r, err := c.exportUsage(ctx)
	if err != nil {
		return nil, err
	}
	if !isJSONObject(body) { // checked without decoding: tens of megabytes at 150,000 users
		var obj map[string]json.RawMessage
		err := json.Unmarshal(body, &obj)
		if err == nil {
			err = errors.New("not a JSON object")
		}
		return nil, c.badBody(r, body, err)
	}
	return body, nil
}

// ExportUsageUnchecked is ExportUsage without the check that the file is JSON (60 ms
// at 150,000 users), for a caller that needs only its fingerprint, or decodes it and so
// checks it itself (seats.UsageFingerprint, seats.AccountsFromUsage).
func (c *Client) ExportUsageUnchecked(ctx context.Context) ([]byte, error) {
	body, _, err := c.exportUsage(ctx)
	return body, err
}

func (c *Client) exportUsage(ctx context.Context) ([]byte, request, error) {
	const op = "export the license usage"
	r, err := c.consoleGET(op, "settings/license/usage")
	if err != nil {
		return nil, r, err
	}
	rep, err := c.send(transport.WithBodyLimit(ctx, MaxUsageBytes), r)
	if err != nil {
		return nil, r, err
	}
	return rep.body, r, nil
}

// MaxUsageBytes caps the usage file the console API exports: about 120 bytes a user,
// so 32 MiB (every other answer's cap) stopped at about 280,000 users; this is what
// ghe-license usage may print in the admin shell (docs/RELIABILITY.md, "Bounds").
const MaxUsageBytes = 80 << 20

// isJSONObject reports whether b is one valid JSON object.
func isJSONObject(b []byte) bool {
	t := bytes.TrimLeft(b, " \t\r\n")
	return len(t) > 0 && t[0] == '{' && json.Valid(b)
}

// syncPollInterval is WaitSync's default pace.
const syncPollInterval = 250 * time.Millisecond
