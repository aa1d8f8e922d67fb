package sim

import (
	"net/http"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

const pathStats = "/cloud/enterprise-installation/acme-cloud/server-statistics"

// statsDays fetches the records and returns, per collection day, whether
// license_usage_sync was listed.
func statsDays(t *testing.T, s *Sim, query string) ([]wireStatsRecord, map[string]bool) {
	t.Helper()
	rec := do(t, s, http.MethodGet, pathStats+query, CloudAdminToken, "")
	wantStatus(t, rec, http.StatusOK)
	recs := decode[[]wireStatsRecord](t, rec)
	days := map[string]bool{}
	for _, r := range recs {
		days[r.CollectionDate[:10]] = slices.Contains(r.GitHubConnect.FeaturesEnabled, "license_usage_sync")
	}
	return recs, days
}

func TestServerStatisticsNotSharedIs404(t *testing.T) {
	s, _ := newTestSim(t, Options{Seed: 1})
	wantStatus(t, do(t, s, http.MethodGet, pathStats, CloudAdminToken, ""), http.StatusNotFound)
	s, _ = newTestSim(t, Options{Seed: 1, ServerStatistics: true, Disconnected: true})
	wantStatus(t, do(t, s, http.MethodGet, pathStats, CloudAdminToken, ""), http.StatusNotFound)
}

func TestServerStatisticsAccess(t *testing.T) {
	s, _ := newTestSim(t, Options{Seed: 1, ServerStatistics: true})
	wantStatus(t, do(t, s, http.MethodGet, pathStats, "", ""), http.StatusUnauthorized)
	wantStatus(t, do(t, s, http.MethodGet, pathStats, ServerAdminToken, ""), http.StatusUnauthorized)
	wantStatus(t, do(t, s, http.MethodGet, pathStats, CloudNoScopeToken, ""), http.StatusForbidden)
	wantStatus(t, do(t, s, http.MethodGet, "/cloud/enterprise-installation/other/server-statistics", CloudAdminToken, ""), http.StatusNotFound)
	wantStatus(t, do(t, s, http.MethodGet, pathStats+"?date_start=last-week", CloudAdminToken, ""), http.StatusUnprocessableEntity)
	wantStatus(t, do(t, s, http.MethodGet, "/cloud/api/v3/enterprise-installation/acme-cloud/server-statistics", CloudAdminToken, ""), http.StatusOK)
}

func TestServerStatisticsRecords(t *testing.T) {
	// The fake clock starts at 2026-11-24 05:00 UTC; Server Statistics was enabled 30
	// days before, license sync 3 days before.
	s, _ := newTestSim(t, Options{Seed: 1, ServerStatistics: true, LicenseSyncEnabled: true})
	recs, days := statsDays(t, s, "")
	if len(recs) != 30 || recs[0].CollectionDate != "2026-10-25T23:59:59Z" || recs[29].CollectionDate != "2026-11-23T23:59:59Z" {
		t.Fatalf("%d records, %s … %s; want 30, 2026-10-25 … 2026-11-23", len(recs), recs[0].CollectionDate, recs[len(recs)-1].CollectionDate)
	}
	for d, on := range days {
		if want := d >= "2026-11-21"; on != want {
			t.Errorf("%s: license_usage_sync listed %v, want %v", d, on, want)
		}
	}
	r := recs[29]
	if r.ServerID != s.w.serverID || r.HostName != "ghes.acme.test" || r.GHESVersion != installedVersion || r.SchemaVersion != "20230306" ||
		r.DormantUsers.TotalDormantUsers != s.w.dormantUsers || r.DormantUsers.DormancyThreshold != "90 days" ||
		r.GHEStats.Users.TotalUsers != 300 || r.GitHubConnect.FeaturesEnabled == nil {
		t.Errorf("record = %+v", r)
	}

	recs, _ = statsDays(t, s, "?date_start=2026-11-20&date_end=2026-11-22")
	if len(recs) != 3 || recs[0].CollectionDate[:10] != "2026-11-20" || recs[2].CollectionDate[:10] != "2026-11-22" {
		t.Errorf("date_start/date_end: %d records from %v", len(recs), recs)
	}
	if recs, _ = statsDays(t, s, "?date_start=2026-12-01"); len(recs) != 0 {
		t.Errorf("a future date_start gave %d records", len(recs))
	}

	// Deterministic: the same seed and clock give the same bytes.
	s2, _ := newTestSim(t, Options{Seed: 1, ServerStatistics: true, LicenseSyncEnabled: true})
	if a, b := do(t, s, http.MethodGet, pathStats, CloudAdminToken, "").Body.String(), do(t, s2, http.MethodGet, pathStats, CloudAdminToken, "").Body.String(); a != b {
		t.Error("two sims of one seed answer differently")
	}
}

func TestServerStatisticsFollowTheSettingDayByDay(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	clock := newFakeClock()
	opts := Options{Seed: 2, Users: 200, CloudUsers: 150, ServerStatistics: true, StateFile: file, Now: clock.Now}
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	enableSync(t, s) // 2026-11-24 05:00: today's record is not collected yet
	if _, days := statsDays(t, s, ""); days["2026-11-23"] || len(days) != 30 {
		t.Fatalf("days = %v", days)
	}
	clock.Advance(24 * time.Hour) // 11-25 05:00: the 11-24 record shows it
	if _, days := statsDays(t, s, ""); !days["2026-11-24"] || days["2026-11-23"] {
		t.Errorf("after a day: 11-23 %v, 11-24 %v", days["2026-11-23"], days["2026-11-24"])
	}
	wantStatus(t, do(t, s, http.MethodPatch, pathConnect, ServerAdminToken, `{"features":{"license_sync":"disabled"}}`), http.StatusOK)
	clock.Advance(24 * time.Hour)

	// Another process on the same state file keeps the history.
	s, err = New(opts)
	if err != nil {
		t.Fatal(err)
	}
	recs, days := statsDays(t, s, "")
	if !days["2026-11-24"] || days["2026-11-25"] || recs[len(recs)-1].CollectionDate[:10] != "2026-11-25" {
		t.Errorf("after disabling: 11-24 %v, 11-25 %v, newest %s", days["2026-11-24"], days["2026-11-25"], recs[len(recs)-1].CollectionDate)
	}

	// Switching Server Statistics off stops the endpoint; on again, days before stay
	// out.
	wantStatus(t, do(t, s, http.MethodPatch, pathConnect, ServerAdminToken, `{"features":{"server_statistics":"disabled"}}`), http.StatusOK)
	wantStatus(t, do(t, s, http.MethodGet, pathStats, CloudAdminToken, ""), http.StatusNotFound)
	clock.Advance(24 * time.Hour)
	wantStatus(t, do(t, s, http.MethodPatch, pathConnect, ServerAdminToken, `{"features":{"server_statistics":"enabled"}}`), http.StatusOK)
	clock.Advance(24 * time.Hour)
	if _, days := statsDays(t, s, "?date_start=2026-11-25"); len(days) != 2 || !hasKeys(days, "2026-11-25", "2026-11-27") {
		t.Errorf("after off and on: days = %v, want 11-25 and 11-27", days)
	}
}

func TestServerStatisticsOnlyWhileEnabledWithoutTheOption(t *testing.T) {
	s, clock := newTestSim(t, Options{Seed: 3})
	wantStatus(t, do(t, s, http.MethodPatch, pathConnect, ServerAdminToken, `{"features":{"server_statistics":"enabled"}}`), http.StatusOK)
	if recs, _ := statsDays(t, s, ""); len(recs) != 0 {
		t.Errorf("records before the first day ends: %d", len(recs))
	}
	clock.Advance(24 * time.Hour)
	if recs, days := statsDays(t, s, ""); len(recs) != 1 || days["2026-11-24"] {
		t.Errorf("records = %d, days = %v", len(recs), days)
	}
}

func TestFeatureOnAtWithoutLog(t *testing.T) {
	at := time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)
	st := &state{Features: map[string]string{"license_sync": featureOn}, EnabledAt: map[string]time.Time{"license_sync": at}}
	if st.featureOnAt("license_sync", at.Add(-time.Second)) || !st.featureOnAt("license_sync", at) || st.featureOnAt("dependabot", at) {
		t.Error("a state file without a log must fall back to EnabledAt")
	}
	for range maxFeatureLog + 10 {
		st.setFeature("actions", featureOn, at)
	}
	if len(st.FeatureLog) != maxFeatureLog {
		t.Errorf("log has %d entries, want at most %d", len(st.FeatureLog), maxFeatureLog)
	}
}

func hasKeys(m map[string]bool, keys ...string) bool {
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			return false
		}
	}
	return true
}
