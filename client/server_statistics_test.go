package client

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client/replay"
)

const statsPath = "/cloud/enterprise-installation/acme-cloud/server-statistics"

func TestServerStatisticsOfficialExample(t *testing.T) {
	srv := replay.StartWith(t, replay.Options{ServerStatistics: replay.StatsOfficial})
	recs, err := newReplayClient(t, srv, nil).ServerStatistics(context.Background(), time.Now().Add(-48*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 {
		t.Fatalf("records = %+v", recs)
	}
	r := recs[0]
	if r.ServerID != "ea6088f3-f095-4bf2-8d7f-c573819e8768" || r.CollectionDate != "2021-12-14T23:59:59Z" ||
		r.SchemaVersion != "20230306" || r.GHESVersion != "3.9.0" || r.HostName != "github.example.com" ||
		r.GitHubConnect == nil || strings.Join(r.GitHubConnect.FeaturesEnabled, ",") != "license_usage_sync,content_analysis,content_analysis_notifications" ||
		r.DormantUsers != (DormantUsers{TotalDormantUsers: 5, DormancyThreshold: "90 days"}) {
		t.Errorf("record = %+v (connect %+v)", r, r.GitHubConnect)
	}
	want := time.Date(2021, 12, 14, 23, 59, 59, 0, time.UTC)
	for _, tc := range []struct{ id, host, state string }{
		{"", "github.example.com", FeatureEnabled},
		{"", "GitHub.Example.com", FeatureEnabled},
		{"ea6088f3-f095-4bf2-8d7f-c573819e8768", "elsewhere.test", FeatureEnabled},
		{"other-id", "github.example.com", FeatureEnabled}, // no record has the id: by host name
		{"", "elsewhere.test", FeatureUnknown},
		{"", "", FeatureUnknown},
	} {
		state, asOf := LicenseSyncFromStatistics(recs, tc.id, tc.host)
		if state != tc.state || (state != FeatureUnknown) != asOf.Equal(want) {
			t.Errorf("LicenseSyncFromStatistics(%q, %q) = %s, %v; want %s", tc.id, tc.host, state, asOf, tc.state)
		}
	}
}

func TestServerStatisticsNotShared(t *testing.T) {
	srv := replay.Start(t) // StatsOff: 404, as where the appliance shares no statistics
	_, err := newReplayClient(t, srv, nil).ServerStatistics(context.Background(), time.Time{})
	if KindOf(err) != KindNotFound || !strings.Contains(err.Error(), "GitHub Connect → Server Statistics") ||
		!strings.Contains(err.Error(), srv.URL+"/enterprises/acme/settings") || !strings.Contains(err.Error(), `"acme-cloud"`) {
		t.Errorf("err = %v", err)
	}
}

func TestServerStatisticsRequestAndLenientDecode(t *testing.T) {
	var (
		mu    sync.Mutex
		query string
	)
	c, trace := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != statsPath {
			status(404, `{"message":"Not Found"}`)(w, r)
			return
		}
		mu.Lock()
		query = r.URL.RawQuery
		mu.Unlock()
		status(200, `[{"server_id":7,"collection_date":"2026-03-01","host_name":"a.test","github_connect":{"features_enabled":"license_usage_sync"},"dormant_users":{"total_dormant_users":"3","dormancy_threshold":90}},
			{"server_id":"s2","collection_date":"2026-03-02T23:59:59Z","host_name":"b.test","github_connect":{"features_enabled":["license_usage_sync",5]},"extra":{"x":1}},
			"not a record"]`)(w, r)
	})
	since := time.Date(2026, 2, 22, 18, 0, 0, 0, time.FixedZone("x", -8*3600))
	c.now = func() time.Time { return time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC) } // since is within the 365 days
	recs, err := c.ServerStatistics(context.Background(), since)
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if query != "date_start=2026-02-23" {
		t.Errorf("query = %q, want date_start=2026-02-23 (UTC day)", query)
	}
	if len(recs) != 2 || recs[0].ServerID != "7" || recs[0].DormantUsers.TotalDormantUsers != 3 || recs[0].DormantUsers.DormancyThreshold != "90" ||
		recs[1].HostName != "b.test" || recs[1].GitHubConnect == nil || strings.Join(recs[1].GitHubConnect.FeaturesEnabled, ",") != "license_usage_sync,5" {
		t.Errorf("records = %+v", recs)
	}
	if gc := recs[0].GitHubConnect; gc != nil && gc.FeaturesEnabled != nil {
		t.Errorf("a string where the list belongs must leave it unknown (nil): %+v", gc)
	}
	if s, _ := LicenseSyncFromStatistics(recs, "", "a.test"); s != FeatureUnknown {
		t.Errorf("a.test = %s, want unknown", s)
	}
	if s, _ := LicenseSyncFromStatistics(recs, "s2", ""); s != FeatureEnabled {
		t.Errorf("s2 = %s, want enabled", s)
	}
	assertNoToken(t, "trace", trace.String())
}

func TestServerStatisticsLongAgoIsBounded(t *testing.T) {
	var query string
	var mu sync.Mutex
	c, _ := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		query = r.URL.RawQuery
		mu.Unlock()
		status(200, `[]`)(w, r)
	})
	now := time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC)
	c.now = func() time.Time { return now }
	if _, err := c.ServerStatistics(context.Background(), now.AddDate(-3, 0, 0)); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	// 365 days back less one, so that the UTC day asked for stays within the span.
	if query != "date_start=2025-03-06" {
		t.Errorf("query = %q, want date_start=2025-03-06 (364 days before 2026-03-05)", query)
	}
}

func TestLicenseSyncFromStatisticsNewestOfThisServer(t *testing.T) {
	rec := func(id, host, date string, feats ...string) ServerStatsRecord {
		r := ServerStatsRecord{ServerID: id, HostName: host, CollectionDate: date}
		if feats != nil {
			r.GitHubConnect = &StatsConnect{FeaturesEnabled: feats}
			if feats[0] == "-" {
				r.GitHubConnect.FeaturesEnabled = []string{}
			}
		}
		return r
	}
	recs := []ServerStatsRecord{
		rec("me", "ghes.test", "2026-03-03T23:59:59Z", "-"),                              // newest of mine: off
		rec("me", "ghes.test", "2026-03-02T23:59:59Z", FeatureLicenseUsageSync),          // older: on
		rec("other", "other.test", "2026-03-05T23:59:59Z", FeatureLicenseUsageSync),      // newer, another server
		rec("me", "ghes.test", "not a date", FeatureLicenseUsageSync),                    // unreadable date: skipped
		rec("renamed", "ghes.test", "2026-03-09T23:59:59Z", FeatureLicenseUsageSync),     // same host name, another id
		rec("me", "old-name.test", "2026-03-01T23:59:59Z", "search", "content_analysis"), // my id, old name
	}
	check := func(id, host, want string, wantDay int) {
		t.Helper()
		got, asOf := LicenseSyncFromStatistics(recs, id, host)
		if got != want || (wantDay == 0) != asOf.IsZero() || (wantDay != 0 && asOf.Day() != wantDay) {
			t.Errorf("(%q, %q) = %s, %v; want %s on day %d", id, host, got, asOf, want, wantDay)
		}
	}
	check("me", "ghes.test", FeatureDisabled, 3) // by id: the newest of "me"
	check("", "ghes.test", FeatureEnabled, 9)    // by host name only: the renamed one is newest
	check("unknown-id", "other.test", FeatureEnabled, 5)
	check("", "old-name.test", FeatureDisabled, 1) // a list without license_usage_sync
	check("", "nobody.test", FeatureUnknown, 0)
	recs = append(recs, rec("me", "ghes.test", "2026-03-10T23:59:59Z")) // newest lists nothing
	check("me", "ghes.test", FeatureUnknown, 10)
}
