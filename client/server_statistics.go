package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/licensesync/licensesync/client/textsafe"
)

// ServerStatsRecord is one daily record of one server in GHEC's
// GET /enterprise-installation/{enterprise_or_org}/server-statistics ("Get GitHub
// Enterprise Server statistics", schema "Server Statistics Proxy Endpoint"). It holds
// only the fields licensesync reads; the records carry many more (ghe_stats,
// actions_stats, packages_stats, …), which are ignored.
type ServerStatsRecord struct {
	ServerID string `json:"server_id"`
	// CollectionDate is kept verbatim (the example: "2021-12-14T23:59:59Z"); parse it
	// with ParseTime.
	CollectionDate string `json:"collection_date"`
	SchemaVersion  string `json:"schema_version"`
	GHESVersion    string `json:"ghes_version"`
	HostName       string `json:"host_name"`
	// GitHubConnect is nil when the record has no github_connect block.
	GitHubConnect *StatsConnect `json:"github_connect"`
	DormantUsers  DormantUsers  `json:"dormant_users"`
	// GHEStats is nil when the record has no ghe_stats block.
	GHEStats *StatsGHE `json:"ghe_stats"`
}

// StatsGHE is the part of a record's ghe_stats block licensesync reads: the users.
type StatsGHE struct {
	Users *UserStats `json:"users"`
}

// StatsConnect is a record's github_connect block.
type StatsConnect struct {
	// FeaturesEnabled lists the GitHub Connect features on that day, e.g.
	// "license_usage_sync". nil when the field is missing or null (nothing known);
	// empty when the appliance reported none.
	FeaturesEnabled []string `json:"features_enabled"`
}

// DormantUsers is a record's dormant_users block.
type DormantUsers struct {
	TotalDormantUsers int    `json:"total_dormant_users"`
	DormancyThreshold string `json:"dormancy_threshold"` // e.g. "90 days"
}

// FeatureLicenseUsageSync is the name Server Statistics gives license sync in
// github_connect.features_enabled.
const FeatureLicenseUsageSync = "license_usage_sync"

// statsMaxSpan is the longest period the endpoint serves ("up to 365 days").
const statsMaxSpan = 365 * 24 * time.Hour

// ServerStatistics reads the cloud's Server Statistics records from since (a day, sent
// as date_start=YYYY-MM-DD; zero: the cloud's default) until now. It needs a cloud
// token and the cloud enterprise. A 404 means the enterprise shares no Server
// Statistics (or is unknown): KindNotFound, with a hint that the appliance must share
// them (GitHub Connect → Server Statistics).
func (c *Client) ServerStatistics(ctx context.Context, since time.Time) ([]ServerStatsRecord, error) {
	const op = "read the cloud's Server Statistics"
	if err := c.needCloud(op); err != nil {
		return nil, err
	}
	ent, err := c.CloudEnterprise(ctx)
	if err != nil {
		return nil, err
	}
	q := url.Values{}
	days := int(statsMaxSpan / (24 * time.Hour)) // the cloud's default span is not documented: take the longest
	if !since.IsZero() {
		if oldest := c.now().Add(-statsMaxSpan + 24*time.Hour); since.Before(oldest) {
			since = oldest
		}
		q.Set("date_start", since.UTC().Format(time.DateOnly))
		days = int(c.now().Sub(since).Hours()/24) + 2 // the days touched, both ends
	}
	maxRecords := max(days, 1) * MaxServerInstances
	r := request{side: SideCloud, method: http.MethodGet, path: "enterprise-installation/" + url.PathEscape(ent) + "/server-statistics",
		query: q, op: op, area: areaCloudStats,
		items: []itemBound{{path: "", max: maxRecords, what: "records", asked: fmt.Sprintf("one a day for %d days of at most %d servers", days, MaxServerInstances)}}}
	recs, _, err := sendJSON[[]ServerStatsRecord](ctx, c, r)
	if err != nil {
		return nil, err
	}
	return *recs, nil
}

// statsNotFoundHint is the hint of a 404 from server-statistics.
func (c *Client) statsNotFoundHint() string {
	return fmt.Sprintf("The cloud enterprise %q shares no Server Statistics: this check needs Server Statistics enabled on the appliance (%s → GitHub Connect → Server Statistics); otherwise check --cloud-enterprise.",
		c.cloudEntOrPlaceholder(), c.SettingsPage())
}

// LicenseSyncFromStatistics reads license sync from the newest Server Statistics
// record of one server: FeatureEnabled when its github_connect.features_enabled
// contains "license_usage_sync", FeatureDisabled when the list is there without it,
// FeatureUnknown when no record is this server's or the newest one lists no features.
// The record is newestStatsRecord's (by serverID when any record has it, else by host
// name); asOf is its collection date (zero when none matched).
func LicenseSyncFromStatistics(records []ServerStatsRecord, serverID, hostname string) (state string, asOf time.Time) {
	newest, asOf := NewestStatsRecord(records, serverID, hostname)
	if newest == nil {
		return FeatureUnknown, time.Time{}
	}
	if newest.GitHubConnect == nil || newest.GitHubConnect.FeaturesEnabled == nil {
		return FeatureUnknown, asOf
	}
	if slices.Contains(newest.GitHubConnect.FeaturesEnabled, FeatureLicenseUsageSync) {
		return FeatureEnabled, asOf
	}
	return FeatureDisabled, asOf
}

// newestStatsRecord is this server's newest record and its collection date (nil when
// none is this server's): matched by serverID when it is given and any record has it,
// else by host name (case-insensitive); records with an unreadable collection_date are
// skipped. License sync and the dormant users are read from the same record.
func NewestStatsRecord(records []ServerStatsRecord, serverID, hostname string) (newest *ServerStatsRecord, asOf time.Time) {
	byID := serverID != "" && slices.ContainsFunc(records, func(r ServerStatsRecord) bool {
		return strings.EqualFold(strings.TrimSpace(r.ServerID), serverID)
	})
	for i := range records {
		r := &records[i]
		if byID && !strings.EqualFold(strings.TrimSpace(r.ServerID), serverID) ||
			!byID && (hostname == "" || !strings.EqualFold(strings.TrimSpace(r.HostName), hostname)) {
			continue
		}
		t, err := ParseTime(r.CollectionDate)
		if err != nil || !t.After(asOf) && newest != nil {
			continue
		}
		newest, asOf = r, t
	}
	return newest, asOf
}

// statsHosts names the servers in records, each once, at most five.
func StatsHosts(records []ServerStatsRecord) string {
	var names []string
	for _, r := range records {
		name := textsafe.Sanitize(strings.TrimSpace(r.HostName))
		if name == "" {
			name = "server " + textsafe.Sanitize(strings.TrimSpace(r.ServerID))
		}
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	if len(names) > 5 {
		names = append(names[:5], "…")
	}
	return strings.Join(names, ", ")
}
