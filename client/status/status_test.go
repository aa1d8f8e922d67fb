package status

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/replay"
	"github.com/licensesync/licensesync/client/sim"
)

func TestCloudEnterpriseFromGitHubConnect(t *testing.T) {
	var settingsReads atomic.Int32
	c := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v3/enterprises/acme/settings/github-connect":
			settingsReads.Add(1)
			w.Header().Set("ETag", `"3"`)
			status(200, `{"connected":true,"cloud_enterprise":"from-connect","hostname":"ghes.acme.test","server_id":"abc","features":{"license_sync":"enabled"}}`)(w, r)
		case "/api/v3/enterprises/acme/settings/license/sync":
			status(200, `{"id":2,"state":"failed","error":"upload refused","next_scheduled_at":"2026-11-30T05:00:00Z"}`)(w, r)
		case "/cloud/enterprises/from-connect/license-sync-status":
			status(200, `{"server_instances":[{"server_id":"abc","hostname":"ghes.acme.test","last_sync":{"date":"2026-11-20T05:00:00Z","status":"success","error":""}}]}`)(w, r)
		case "/cloud/enterprises/from-connect/consumed-licenses":
			status(200, `{"total_seats_consumed":3,"total_seats_purchased":10,"users":[]}`)(w, r)
		case "/api/v3/meta":
			status(200, `{"installed_version":"3.22.1"}`)(w, r)
		case "/api/v3/enterprise/stats/users":
			status(200, `{"total_users":4,"admin_users":1,"suspended_users":1}`)(w, r)
		case "/api/v3/enterprise/settings/license":
			status(200, `{"seats":10,"seats_used":3,"seats_available":7,"kind":"standard","days_until_expiration":30,"expire_at":"2027/01/01 00:00:00 +0000"}`)(w, r)
		default:
			status(404, `{"message":"Not Found"}`)(w, r)
		}
	}, func(cfg *client.Config) { cfg.CloudEnterprise = "" })
	st, err := c.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Cloud.Enterprise != "from-connect" || *st.Cloud.SeatsConsumed != 3 || st.Server.Hostname != "ghes.acme.test" ||
		st.Connect.Connected == nil || !*st.Connect.Connected || st.Connect.LicenseSync != client.FeatureEnabled ||
		st.Sync.State != client.JobFailed || st.Sync.Error != "upload refused" || st.Sync.NextSyncAt == nil ||
		st.Sync.LastSyncAt == nil || st.Sync.LastSyncAt.Day() != 20 {
		t.Errorf("status = %+v", st)
	}
	if len(st.Gaps) != 0 {
		t.Errorf("gaps = %q", st.Gaps)
	}
	if ent, err := c.CloudEnterprise(context.Background()); err != nil || ent != "from-connect" || settingsReads.Load() != 1 {
		t.Errorf("CloudEnterprise = %q, %v after %d settings reads", ent, err, settingsReads.Load())
	}
}

// TestStockApplianceConnectedFromGraphQL: a stock appliance does not report GitHub
// Connect, but the cloud's GraphQL view says it is connected and when it last synced.
func TestStockApplianceConnectedFromGraphQL(t *testing.T) {
	c, _ := newSimClient(t, sim.Options{Stock: true, LicenseSyncEnabled: true}, nil)
	st, err := c.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	inst := st.Connect.Installation
	if inst == nil || !inst.Found || inst.Connected == nil || !*inst.Connected || inst.HostName != "127.0.0.1" || inst.CustomerName == "" {
		t.Fatalf("installation = %+v", inst)
	}
	if inst.LastUpload == nil || inst.LastUpload.State != client.UploadSuccess || inst.LastUpload.StateWords() != "succeeded" {
		t.Errorf("last upload = %+v", inst.LastUpload)
	}
	if st.Connect.Connected == nil || !*st.Connect.Connected || st.Sync.LastSyncAt == nil {
		t.Errorf("connected %v, last sync %v: want both from the cloud's view", st.Connect.Connected, st.Sync.LastSyncAt)
	}
	out, _ := json.Marshal(st.Connect)
	for _, w := range []string{`"installation":{"found":true,"connected":true,"host_name":"127.0.0.1"`, `"last_upload":{"name":`, `"state":"SUCCESS"`} {
		if !strings.Contains(string(out), w) {
			t.Errorf("connect JSON %s lacks %s", out, w)
		}
	}
}

func TestReplayStatusOnStockAppliance(t *testing.T) {
	srv := replay.StartWith(t, replay.Options{UserCopies: 3})
	c := newReplayClient(t, srv, nil)
	st, err := c.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Server.URL != srv.URL || st.Server.Hostname != "127.0.0.1" || st.Server.Version != "3.22.0" ||
		st.Server.Enterprise != "acme" || st.Server.License == nil || st.Server.License.SeatsUsed != 1316 {
		t.Errorf("server = %+v", st.Server)
	}
	if st.Connect.Connected != nil || st.Connect.LicenseSync != client.FeatureUnknown || st.Sync.State != client.FeatureUnknown {
		t.Errorf("connect = %+v, sync = %+v", st.Connect, st.Sync)
	}
	if st.Cloud.Enterprise != "acme-cloud" || *st.Cloud.SeatsPurchased != 4500 || *st.Cloud.SeatsConsumed != 5000 || len(st.Cloud.Servers) != 2 {
		t.Errorf("cloud = %+v", st.Cloud)
	}
	if len(st.Gaps) != 1 || !strings.Contains(st.Gaps[0], "GitHub Connect") {
		t.Errorf("gaps = %q", st.Gaps)
	}
	if n := srv.Hits("/cloud/enterprises/acme-cloud/consumed-licenses"); n != 1 {
		t.Errorf("Status fetched %d consumed-licenses pages, want page 1 only", n)
	}
}

func TestStatusWithoutCloudToken(t *testing.T) {
	srv := replay.Start(t)
	c := newReplayClient(t, srv, func(cfg *client.Config) { cfg.CloudToken = "" })
	st, err := c.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Cloud.SeatsConsumed != nil || len(st.Gaps) != 2 || !strings.Contains(st.Gaps[1], "GH_TOKEN") {
		t.Errorf("cloud = %+v, gaps = %q", st.Cloud, st.Gaps)
	}
}

func TestStatusFailsOnBadServerToken(t *testing.T) {
	srv := replay.Start(t)
	c := newReplayClient(t, srv, func(cfg *client.Config) { cfg.ServerToken = "wrong"; cfg.ServerTokenSource = "GITHUB_ENTERPRISE_TOKEN" })
	_, err := c.Status(context.Background())
	if client.KindOf(err) != client.KindUnauthorized || !strings.Contains(err.Error(), "GITHUB_ENTERPRISE_TOKEN") {
		t.Errorf("Status error = %v", err)
	}
}

func TestStatusWithUnreachableCloud(t *testing.T) {
	srv := replay.Start(t)
	c := newReplayClient(t, srv, func(cfg *client.Config) { cfg.CloudURL = "http://127.0.0.1:1/cloud/" })
	st, err := c.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Server.Version != "3.22.0" || st.Cloud.SeatsConsumed != nil || st.Cloud.Servers != nil {
		t.Errorf("status = %+v", st)
	}
	if len(st.Gaps) != 4 || !strings.Contains(st.Gaps[1], "Could not reach http://127.0.0.1:1/cloud; check --cloud") {
		t.Errorf("gaps = %q", st.Gaps)
	}
	// Every cloud part failed, and says so for scripts; the stock appliance's missing
	// console API is not a failure.
	var parts []string
	for _, e := range st.Errors {
		parts = append(parts, e.Part+":"+e.Kind)
	}
	if strings.Join(parts, " ") != "cloud.consumed_licenses:unreachable cloud.license_sync_status:unreachable cloud.server_statistics:unreachable" {
		t.Errorf("errors = %q", parts)
	}
}

func TestStatusStockApplianceLicenseSyncFromServerStatistics(t *testing.T) {
	for _, tc := range []struct {
		name    string
		variant replay.StatsVariant
		want    string
		gap     string // the sentence it adds (a source when the value is known, else a second gap), "" for none
	}{
		{"shared, on", replay.StatsThisServer, client.FeatureEnabled, "license sync: enabled, per the cloud's Server Statistics of 2021-12-14."},
		{"shared, off", replay.StatsThisServerNoSync, client.FeatureDisabled, "license sync: disabled, per the cloud's Server Statistics of 2021-12-14."},
		{"shared, another server", replay.StatsOfficial, client.FeatureUnknown, "The cloud's Server Statistics has no record of 127.0.0.1 (it lists github.example.com); license sync stays unknown."},
		{"not shared", replay.StatsOff, client.FeatureUnknown, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := replay.StartWith(t, replay.Options{ServerStatistics: tc.variant})
			st, err := newReplayClient(t, srv, nil).Status(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if st.Connect.LicenseSync != tc.want || st.Connect.Connected != nil || st.Sync.State != client.FeatureUnknown {
				t.Errorf("connect = %+v, sync = %+v", st.Connect, st.Sync)
			}
			// Where the value came from is a source, not a gap; no record of this
			// server is a gap.
			wantGaps, wantSources := 1, 0
			switch {
			case tc.want != client.FeatureUnknown:
				wantSources = 1
			case tc.gap != "":
				wantGaps = 2
			}
			if len(st.Gaps) != wantGaps || !strings.Contains(st.Gaps[0], "GitHub Connect") || (wantGaps == 2 && st.Gaps[1] != tc.gap) {
				t.Errorf("gaps = %q", st.Gaps)
			}
			if len(st.Sources) != wantSources || (wantSources == 1 && st.Sources[0] != tc.gap) {
				t.Errorf("sources = %q", st.Sources)
			}
			if n := srv.Hits(statsPath); n != 1 {
				t.Errorf("server-statistics requests = %d, want 1", n)
			}
		})
	}
}

func TestStatusReadsServerStatisticsOnlyOnStockAppliance(t *testing.T) {
	var statsHits sync.Map
	count := func() int {
		n := 0
		statsHits.Range(func(_, _ any) bool { n++; return true })
		return n
	}
	c := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case statsPath:
			statsHits.Store(r, true)
			status(200, `[]`)(w, r)
		case "/api/v3/enterprises/acme/settings/github-connect":
			status(200, `{"connected":true,"cloud_enterprise":"acme-cloud","features":{"license_sync":"disabled"}}`)(w, r)
		case "/api/v3/meta":
			status(200, `{"installed_version":"3.22.1"}`)(w, r)
		case "/api/v3/enterprise/settings/license":
			status(200, `{"seats":10,"seats_used":3,"seats_available":7,"kind":"standard"}`)(w, r)
		default:
			status(404, `{"message":"Not Found"}`)(w, r)
		}
	}, nil)
	st, err := c.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Connect.LicenseSync != client.FeatureDisabled || count() != 0 {
		t.Errorf("license_sync = %s after %d server-statistics requests; the console API answers, so none", st.Connect.LicenseSync, count())
	}
}

func TestStatusStockApplianceWithoutCloudEnterpriseSkipsStatistics(t *testing.T) {
	srv := replay.StartWith(t, replay.Options{ServerStatistics: replay.StatsThisServer})
	st, err := newReplayClient(t, srv, func(cfg *client.Config) { cfg.CloudEnterprise = "" }).Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Connect.LicenseSync != client.FeatureUnknown || srv.Hits(statsPath) != 0 {
		t.Errorf("license_sync = %s, %d server-statistics requests", st.Connect.LicenseSync, srv.Hits(statsPath))
	}
}

// The sim's records agree with its console API: license sync as the newest record
// says it is the setting as of that day.
func TestServerStatisticsFromSim(t *testing.T) {
	c, _ := newSimClient(t, sim.Options{Users: 200, CloudUsers: 150, ServerStatistics: true, LicenseSyncEnabled: true}, nil)
	ctx := context.Background()
	settings, err := c.ConnectSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := c.ServerStatistics(ctx, time.Now().Add(-statsLookback))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 7 || len(recs) > 9 {
		t.Errorf("%d records for the last 8 days, want one a day", len(recs))
	}
	state, asOf := client.LicenseSyncFromStatistics(recs, settings.ServerID, "")
	if state != client.FeatureEnabled || time.Since(asOf) > 48*time.Hour || settings.LicenseSync() != client.FeatureEnabled {
		t.Errorf("by server id: %s as of %v; console says %s", state, asOf, settings.LicenseSync())
	}
	if state, _ := client.LicenseSyncFromStatistics(recs, "", settings.Hostname); state != client.FeatureEnabled {
		t.Errorf("by host name %q: %s", settings.Hostname, state)
	}

	c, _ = newSimClient(t, sim.Options{Users: 200, CloudUsers: 150}, nil)
	if _, err := c.ServerStatistics(ctx, time.Time{}); client.KindOf(err) != client.KindNotFound || !strings.Contains(err.Error(), "Server Statistics") {
		t.Errorf("without ServerStatistics: %v", err)
	}
}

// TestServerUsersFromStatsUsers reads the official example of /enterprise/stats/users.
func TestServerUsersFromStatsUsers(t *testing.T) {
	c := newReplayClient(t, replay.Start(t), nil)
	u, err := c.ServerUserCounts(context.Background())
	if err != nil || *u.Total != 100 || *u.Admin != 3 || *u.Suspended != 1 || u.Dormant != nil {
		t.Fatalf("users = %+v, %v", u, err)
	}
	st, err := c.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(st.Server)
	if !strings.Contains(string(out), `"users":{"total":100,"admin":3,"suspended":1,"dormant":null}`) {
		t.Errorf("server JSON %s lacks the users block", out)
	}
}

// TestDormantFromServerStatistics: on a stock appliance that shares Server Statistics,
// dormant users come from this server's newest record, matched by the hostname GitHub
// knows.
func TestDormantFromServerStatistics(t *testing.T) {
	c, _ := newSimClient(t, sim.Options{Stock: true, ServerStatistics: true}, nil)
	st, err := c.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	u := st.Server.Users
	if u == nil || u.Total == nil || *u.Total == 0 || u.Dormant == nil || *u.Dormant == 0 || *u.Dormant > *u.Total {
		t.Fatalf("users = %+v", u)
	}
	recs := []client.ServerStatsRecord{
		{ServerID: "a", HostName: "h.example", CollectionDate: "2026-11-01T23:59:59Z", DormantUsers: client.DormantUsers{TotalDormantUsers: 5}},
		{ServerID: "a", HostName: "h.example", CollectionDate: "2026-11-02T23:59:59Z", DormantUsers: client.DormantUsers{TotalDormantUsers: 7}},
		{ServerID: "b", HostName: "other.example", CollectionDate: "2026-11-03T23:59:59Z", DormantUsers: client.DormantUsers{TotalDormantUsers: 9}},
	}
	if d, _ := dormantFromStatistics(recs, "", "H.example"); d == nil || *d != 7 {
		t.Errorf("by hostname: %v, want 7 (the newest of h.example)", d)
	}
	if d, _ := dormantFromStatistics(recs, "b", "h.example"); d == nil || *d != 9 {
		t.Errorf("by server id: %v, want 9", d)
	}
	if d, _ := dormantFromStatistics(recs, "", "nope.example"); d != nil {
		t.Errorf("no record: %v, want nil", *d)
	}
}

// TestStatusOnUnreachableServer: a server that refuses connections fails Status as
// unreachable, without the token in the message.
func TestStatusOnUnreachableServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c := reader(t, client.Config{ServerURL: "http://" + addr, ServerToken: testServerToken}, nil)
	_, err = c.Status(context.Background())
	if client.KindOf(err) != client.KindUnreachable {
		t.Fatalf("Status err = %v, want KindUnreachable", err)
	}
	assertNoToken(t, "error", err.Error())
}
