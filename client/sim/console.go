package sim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// wireFeatures are the GitHub Connect features in the contract's order.
type wireFeatures struct {
	LicenseSync          string `json:"license_sync"`
	Dependabot           string `json:"dependabot"`
	ServerStatistics     string `json:"server_statistics"`
	UnifiedSearch        string `json:"unified_search"`
	UnifiedContributions string `json:"unified_contributions"`
	Actions              string `json:"actions"`
}

// wireConnect is the GitHub Connect tab (docs/CONSOLE_API.md).
type wireConnect struct {
	Connected            bool         `json:"connected"`
	CloudURL             string       `json:"cloud_url"`
	CloudEnterprise      string       `json:"cloud_enterprise"`
	ServerID             string       `json:"server_id"`
	Hostname             string       `json:"hostname"`
	Version              int          `json:"version"`
	Features             wireFeatures `json:"features"`
	LicenseSyncEnabledAt *string      `json:"license_sync_enabled_at"`
}

func (s *Sim) connectView() wireConnect {
	f := s.st.Features
	v := wireConnect{
		Connected: !s.opts.Disconnected,
		ServerID:  s.w.serverID,
		Hostname:  s.opts.Hostname,
		Version:   s.st.Version,
		Features: wireFeatures{f["license_sync"], f["dependabot"], f["server_statistics"],
			f["unified_search"], f["unified_contributions"], f["actions"]},
	}
	if v.Connected {
		v.CloudEnterprise = s.opts.CloudEnterprise
		v.CloudURL = "https://github.com/enterprises/" + s.opts.CloudEnterprise
	}
	if at, ok := s.st.EnabledAt["license_sync"]; ok && s.st.licenseSyncOn() {
		v.LicenseSyncEnabledAt = stamp(at)
	}
	return v
}

// versionTag is the settings' ETag: the quoted version.
func versionTag(version int) string { return `"` + strconv.Itoa(version) + `"` }

func (s *Sim) connectResponse(status int) *response {
	v := s.connectView()
	resp := jsonResponse(status, v)
	resp.etag = versionTag(v.Version)
	resp.header.Set("ETag", resp.etag)
	return resp
}

func (s *Sim) getConnect(c *call) *response {
	return s.withState(c, func(time.Time) (*response, bool) {
		return s.connectResponse(http.StatusOK), false
	})
}

// patchConnect changes features: {"features": {"license_sync": "enabled"}}.
func (s *Sim) patchConnect(c *call) *response {
	var req struct {
		Features map[string]string `json:"features"`
	}
	dec := json.NewDecoder(bytes.NewReader(c.body))
	if err := dec.Decode(&req); err != nil {
		return errorResponse(http.StatusBadRequest, "Problems parsing JSON", c.docs)
	}
	if len(req.Features) == 0 {
		return errorResponse(http.StatusUnprocessableEntity, "Invalid request: features must name at least one feature.", c.docs)
	}
	for name, value := range req.Features {
		if !knownFeature(name) {
			return errorResponse(http.StatusUnprocessableEntity, "Invalid request: unknown feature "+strconv.Quote(name)+".", c.docs)
		}
		if value != featureOn && value != featureOff {
			return errorResponse(http.StatusUnprocessableEntity, "Invalid request: "+name+" must be \"enabled\" or \"disabled\".", c.docs)
		}
	}
	return s.withState(c, func(now time.Time) (*response, bool) {
		if im := c.r.Header.Get("If-Match"); im != "" && !etagMatches(im, versionTag(s.st.Version)) {
			resp := jsonResponse(http.StatusPreconditionFailed, struct {
				Message          string      `json:"message"`
				DocumentationURL string      `json:"documentation_url"`
				Current          wireConnect `json:"current"`
			}{"The settings changed since you read them (version " + strconv.Itoa(s.st.Version) + ").", c.docs, s.connectView()})
			resp.header.Set("ETag", versionTag(s.st.Version))
			return resp, false
		}
		if s.opts.Disconnected {
			return errorResponse(http.StatusUnprocessableEntity,
				"GitHub Connect is not enabled. Enable GitHub Connect before changing its features.", c.docs), false
		}
		changed := false
		for _, name := range featureNames {
			value, ok := req.Features[name]
			if !ok || s.st.Features[name] == value {
				continue
			}
			s.st.setFeature(name, value, now.Truncate(time.Second))
			if value == featureOn && name == "license_sync" {
				s.st.LastScheduled = time.Time{}
			}
			changed = true
		}
		if changed {
			s.st.Version++
		}
		return s.connectResponse(http.StatusOK), changed
	})
}

func knownFeature(name string) bool {
	for _, f := range featureNames {
		if f == name {
			return true
		}
	}
	return false
}

func (s *Sim) getSync(c *call) *response {
	return s.withState(c, func(now time.Time) (*response, bool) {
		return jsonResponse(http.StatusOK, s.jobView(now)), false
	})
}

// postSync is "Sync now".
func (s *Sim) postSync(c *call) *response {
	var started bool
	resp := s.withState(c, func(now time.Time) (*response, bool) {
		started = false
		if !s.st.licenseSyncOn() || s.opts.Disconnected {
			return errorResponse(http.StatusConflict, "License sync is disabled. You can enable it in the GitHub Connect settings", c.docs), false
		}
		_, started = s.startJob(now)
		return jsonResponse(http.StatusAccepted, s.jobView(now)), started
	})
	if started && resp.status == http.StatusAccepted {
		s.stats.add(func(st *Stats) { st.JobsStarted++ })
	}
	return resp
}

// usageFileAt is the usage file as of now; the caller holds the state lock.
func (s *Sim) usageFileAt(now time.Time, httpOnly bool) wireUsageFile {
	file := s.usageHeadAt(now, httpOnly)
	file.Users = s.usageUsersNow()
	return file
}

// usageHeadAt is the usage file as of now without its users.
func (s *Sim) usageHeadAt(now time.Time, httpOnly bool) wireUsageFile {
	file := wireUsageFile{
		ServerID: s.w.serverID, Hostname: s.opts.Hostname, Version: installedVersion,
		HTTPOnly: httpOnly, License: s.w.licenseHash, PublicKey: s.w.publicKey,
		Features: []wireUsageFeature{}, ExportedAt: *stamp(now),
	}
	for _, name := range featureNames {
		if at, ok := s.st.EnabledAt[name]; ok && s.st.Features[name] == featureOn {
			file.Features = append(file.Features, wireUsageFeature{name, *stamp(at)})
		}
	}
	return file
}

// usageUsersNow is the usage file's users: the server's users not suspended.
func (s *Sim) usageUsersNow() []wireUsageUser {
	users := make([]wireUsageUser, 0, s.w.activeUsers)
	for i := range s.w.server {
		if u := &s.w.server[i]; !s.isSuspended(u) {
			users = append(users, wireUsageUser{u.id, u.login, u.primaryEmail, u.emails})
		}
	}
	return users
}

// wireUsageFile is "Export license usage" and the body of "Add server usage".
type wireUsageFile struct {
	// Instance is the block ghe-license usage output carries (docs/APPLIANCE.md); only
	// the appliance stubs write it.
	Instance *wireUsageInstance `json:"instance,omitempty"`

	ServerID   string             `json:"server_id"`
	Hostname   string             `json:"hostname"`
	Version    string             `json:"version"`
	HTTPOnly   bool               `json:"http_only"`
	License    string             `json:"license"`
	PublicKey  string             `json:"public_key"`
	Features   []wireUsageFeature `json:"features"`
	ExportedAt string             `json:"exported_at"`
	Users      []wireUsageUser    `json:"users"`
}

// wireUsageInstance is the instance block of ghe-license usage output.
type wireUsageInstance struct {
	ServerID  string   `json:"server_id"`
	HostName  string   `json:"host_name"`
	Version   string   `json:"version"`
	PublicKey string   `json:"public_key"`
	Features  []string `json:"features"`
}

type wireUsageFeature struct {
	Name      string `json:"name"`
	EnabledAt string `json:"enabled_at"`
}

type wireUsageUser struct {
	ID           int64    `json:"id"`
	Login        string   `json:"login"`
	PrimaryEmail string   `json:"primary_email"`
	Emails       []string `json:"emails"`
}

func (s *Sim) getUsage(c *call) *response {
	var body []byte
	if failed := s.withState(c, func(now time.Time) (*response, bool) {
		body = s.usageExportAt(now, c.r.TLS == nil)
		return nil, false
	}); failed != nil {
		return failed
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+strings.ReplaceAll(s.opts.Hostname, `"`, "")+`-license-usage.json"`)
	return &response{status: http.StatusOK, header: h, body: body}
}

// usageExportAt is the usage file as "Export license usage" sends it as of now (the
// caller holds the state lock): the JSON of usageFileAt, with the users encoded once
// for as long as the suspensions they depend on are the same. Encoding 150,000 users
// at every export made the sim, not the client, the slow part of a warm status.
func (s *Sim) usageExportAt(now time.Time, httpOnly bool) []byte {
	if key := s.suspensionsKey(); s.usageUsers == nil || s.usageUsersKey != key {
		raw, err := marshal(s.usageUsersNow())
		if err != nil {
			raw = []byte("[]") // plain strings and numbers: never
		}
		s.usageUsers, s.usageUsersKey = raw, key
	}
	head, err := marshal(s.usageHeadAt(now, httpOnly)) // ends with "users":null}, its last field
	if err != nil || !bytes.HasSuffix(head, []byte(`null}`)) {
		return []byte("{}")
	}
	head = head[:len(head)-len(`null}`)]
	return slices.Concat(head, s.usageUsers, []byte("}"))
}

// suspensionsKey names the suspensions made through the API, all the export's users
// depend on besides the world.
func (s *Sim) suspensionsKey() string {
	logins := slices.Sorted(maps.Keys(s.st.Suspensions))
	var b strings.Builder
	for _, l := range logins {
		fmt.Fprintf(&b, "%q=%t;", l, s.st.Suspensions[l].Suspended)
	}
	return b.String()
}
