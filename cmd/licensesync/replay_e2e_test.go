package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client/replay"
)

// replayEnv points the binary at a server that serves only GitHub's public endpoints with
// the official example bodies: what a stock appliance and GitHub.com give.
func replayEnv(t *testing.T, o replay.Options) (*replay.Server, []string) {
	t.Helper()
	srv := replay.StartWith(t, o)
	env := append(baseEnv(t),
		"LICENSESYNC_SERVER="+srv.URL,
		"LICENSESYNC_ENTERPRISE="+srv.Enterprise,
		"LICENSESYNC_CLOUD="+srv.CloudURL,
		"LICENSESYNC_CLOUD_ENTERPRISE="+srv.CloudEnterprise,
		"GH_ENTERPRISE_TOKEN="+srv.ServerToken,
		"GH_TOKEN="+srv.CloudToken,
	)
	return srv, env
}

func TestStockApplianceStatusReportsTheExamplesExactly(t *testing.T) {
	t.Parallel()
	srv, env := replayEnv(t, replay.Options{PageSize: 1, UserCopies: 3})
	r := runBin(t, env, "status", "--json")
	st := decodeStatus(t, r)
	l := st.Server.License
	if l.Seats != float64(1400) || *l.SeatsUsed != 1316 || l.SeatsAvailable != float64(84) || l.Kind != "standard" || *l.DaysUntilExpiration != 365 {
		t.Errorf("license differs from the example: %+v", l)
	}
	if !strings.HasPrefix(l.ExpiresAt, "2016-02-06T18:41:52") {
		t.Errorf("expire_at 2016/02/06 12:41:52 -0600 became %q", l.ExpiresAt)
	}
	if *st.Cloud.SeatsConsumed != 5000 || *st.Cloud.SeatsPurchased != 4500 {
		t.Errorf("cloud seats %d/%d, the example says 5000/4500", *st.Cloud.SeatsConsumed, *st.Cloud.SeatsPurchased)
	}
	if st.Connect.LicenseSync != "unknown" || st.Connect.Connected != nil {
		t.Errorf("a stock appliance cannot say; got connect %+v", st.Connect)
	}
	if len(st.Cloud.Servers) != 2 || st.Cloud.Servers[0].Hostname != "github.example.com" {
		t.Errorf("servers from license-sync-status: %+v", st.Cloud.Servers)
	}
	if !strings.Contains(r.stderr, "console API") {
		t.Errorf("the gap is not said on stderr:\n%s", r)
	}
	assertNoSecret(t, r, srv.ServerToken, srv.CloudToken)

	users := runBin(t, env, "users", "--json")
	var list []struct {
		Login      string   `json:"github_com_login"`
		ServerIDs  []string `json:"enterprise_server_user_ids"`
		TwoFactor  *bool    `json:"github_com_two_factor_auth"`
		ServerUser *bool    `json:"enterprise_server_user"`
	}
	if users.code != 0 || json.Unmarshal([]byte(users.stdout), &list) != nil {
		t.Fatalf("users --json:\n%s", users)
	}
	if len(list) != 6 {
		t.Fatalf("users --json has %d users over 6 pages, want 6", len(list))
	}
	seen := map[string]bool{}
	for _, u := range list {
		key := strings.Join(u.ServerIDs, ",")
		if seen[key] {
			t.Errorf("user %q twice", key)
		}
		seen[key] = true
	}
	if list[0].Login != "monalisa" || list[1].TwoFactor != nil || list[1].ServerUser == nil || !*list[1].ServerUser {
		t.Errorf("example users decoded wrong: %+v", list[:2])
	}
}

func TestStockApplianceUnlimitedLicense(t *testing.T) {
	t.Parallel()
	_, env := replayEnv(t, replay.Options{License: replay.LicenseUnlimited})
	st := decodeStatus(t, runBin(t, env, "status", "--json"))
	if st.Server.License.Seats != "unlimited" || st.Server.License.SeatsAvailable != "unlimited" || st.Server.License.Kind != "evaluation" {
		t.Errorf("unlimited license: %+v", st.Server.License)
	}
	if r := runBin(t, env, "status"); r.code != 0 || !strings.Contains(r.stdout, "unlimited") {
		t.Errorf("plain status with an unlimited license:\n%s", r)
	}
}

func TestStockApplianceUploadNamesThePage(t *testing.T) {
	t.Parallel()
	_, env := replayEnv(t, replay.Options{})
	simEnv := startSim(t, baseEnv(t))
	file := t.TempDir() + "/usage.json"
	if r := runBin(t, simEnv, "export", "-o", file); r.code != 0 {
		t.Fatalf("export:\n%s", r)
	}
	r := runBin(t, env, "upload", file)
	assertOneLineError(t, r)
	if r.code != 1 || !strings.Contains(r.stderr, "Add server usage") || !strings.Contains(r.stderr, "/settings/license") {
		t.Fatalf("upload to a cloud without the endpoint must name the page:\n%s", r)
	}
	for _, c := range []struct{ args, want []string }{
		{[]string{"sync"}, []string{"/enterprises/acme/settings/license → Sync now", "licensesync status"}},
		{[]string{"export", "-o", t.TempDir() + "/u.json"}, []string{"/enterprises/acme/settings/license → Export license usage"}},
	} {
		r := runBin(t, env, c.args...)
		assertOneLineError(t, r)
		for _, w := range c.want {
			if !strings.Contains(r.stderr, w) {
				t.Errorf("%v on a stock appliance must say %q:\n%s", c.args, w, r)
			}
		}
	}
	e := runBin(t, env, "enable", "--yes")
	assertOneLineError(t, e)
	if !strings.Contains(e.stderr, "GitHub Connect") || !strings.Contains(e.stderr, "/enterprises/acme/settings") {
		t.Fatalf("enable on a stock appliance must say which page to open:\n%s", e)
	}
}

func TestStockSimStatusReadsServerStatistics(t *testing.T) {
	t.Parallel()
	env := startSim(t, baseEnv(t), "--stock", "--license-sync-enabled", "--server-statistics")
	r := runBin(t, env, "status", "--json")
	st := decodeStatus(t, r)
	if st.Connect.LicenseSync != "enabled" || !strings.Contains(r.stderr, "Server Statistics") {
		t.Fatalf("a stock appliance sharing Server Statistics: license_sync %q\n%s", st.Connect.LicenseSync, r)
	}
	if st.Sync.LastSyncAt == nil || len(st.Cloud.Servers) != 1 || st.Cloud.Servers[0].LastSync.Status != "success" {
		t.Errorf("the last sync comes from the cloud: %+v %+v", st.Sync, st.Cloud.Servers)
	}
	if r := runBin(t, env, "enable", "--yes"); r.code != 1 || !strings.Contains(r.stderr, "/enterprises/acme/settings") {
		t.Errorf("enable on a stock appliance names the page:\n%s", r)
	}
}
