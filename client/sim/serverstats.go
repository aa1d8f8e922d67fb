package sim

import (
	"net/http"
	"strings"
	"time"
)

// wireStatsRecord is one daily record of GET /enterprise-installation/{e}/server-statistics,
// in the documented shape ("Server Statistics Proxy Endpoint"); the sim leaves out the
// optional actions, packages and advisory blocks.
type wireStatsRecord struct {
	ServerID       string           `json:"server_id"`
	CollectionDate string           `json:"collection_date"`
	SchemaVersion  string           `json:"schema_version"`
	GHESVersion    string           `json:"ghes_version"`
	HostName       string           `json:"host_name"`
	GitHubConnect  wireStatsConnect `json:"github_connect"`
	GHEStats       wireStatsAll     `json:"ghe_stats"`
	DormantUsers   wireDormantUsers `json:"dormant_users"`
}

type wireStatsConnect struct {
	FeaturesEnabled []string `json:"features_enabled"`
}

type wireDormantUsers struct {
	TotalDormantUsers int    `json:"total_dormant_users"`
	DormancyThreshold string `json:"dormancy_threshold"`
}

// statsFeatures maps the console API's feature names to the names Server Statistics
// uses in features_enabled. Only license sync's ("license_usage_sync") is documented
// (the official example), so the other features are left out of the records.
var statsFeatures = map[string]string{"license_sync": "license_usage_sync"}

// statsSchemaVersion is the schema_version of the official example.
const statsSchemaVersion = "20230306"

// statsMaxDays is how far back the endpoint serves ("up to 365 days").
const statsMaxDays = 365

// getServerStatistics serves the appliance's daily Server Statistics records while
// the GitHub Connect feature Server Statistics is on; otherwise 404, as where no
// appliance shares them. A record is collected at 23:59:59 UTC of its day, and only
// for days the feature was on at that time; features_enabled lists what was on then.
// date_start and date_end (YYYY-MM-DD or RFC 3339) bound the days; the default is the
// last 365 days, and date_start is never older than that.
func (s *Sim) getServerStatistics(c *call) *response {
	q := c.r.URL.Query()
	from, okFrom := parseStatsDate(q.Get("date_start"))
	to, okTo := parseStatsDate(q.Get("date_end"))
	if !okFrom || !okTo {
		return errorResponse(http.StatusUnprocessableEntity, "Invalid request: date_start and date_end must be dates (YYYY-MM-DD).", c.docs)
	}
	return s.withState(c, func(now time.Time) (*response, bool) {
		if s.opts.Disconnected || s.st.Features["server_statistics"] != featureOn {
			return notFound(c.docs), false
		}
		today := day(now)
		oldest := today.AddDate(0, 0, -statsMaxDays)
		if from.IsZero() || from.Before(oldest) {
			from = oldest
		}
		if to.IsZero() || to.After(today) {
			to = today
		}
		out := []wireStatsRecord{}
		for d := day(from); !d.After(to); d = d.AddDate(0, 0, 1) {
			collected := d.Add(24*time.Hour - time.Second)
			if collected.After(now) || !s.st.featureOnAt("server_statistics", collected) {
				continue
			}
			out = append(out, s.statsRecord(collected))
		}
		return jsonResponse(http.StatusOK, out), false
	})
}

// statsRecord is the appliance's record collected at collected.
func (s *Sim) statsRecord(collected time.Time) wireStatsRecord {
	feats := []string{}
	for _, name := range featureNames {
		if wire, ok := statsFeatures[name]; ok && s.st.featureOnAt(name, collected) {
			feats = append(feats, wire)
		}
	}
	return wireStatsRecord{
		ServerID: s.w.serverID, CollectionDate: *stamp(collected), SchemaVersion: statsSchemaVersion,
		GHESVersion: installedVersion, HostName: s.opts.Hostname,
		GitHubConnect: wireStatsConnect{FeaturesEnabled: feats},
		GHEStats:      s.statsAllAt(collected),
		DormantUsers:  wireDormantUsers{TotalDormantUsers: s.w.dormantUsers, DormancyThreshold: "90 days"},
	}
}

// parseStatsDate reads a date_start/date_end value; "" is the zero time.
func parseStatsDate(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, true
	}
	for _, layout := range []string{time.DateOnly, time.RFC3339} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// day is the start of t's day in UTC.
func day(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
