package client

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client/replay"
)

func TestReplayServerEndpoints(t *testing.T) {
	srv := replay.Start(t)
	c := newReplayClient(t, srv, nil)
	ctx := context.Background()

	meta, err := c.Meta(ctx)
	if err != nil || meta.InstalledVersion != "3.22.0" {
		t.Fatalf("Meta = %+v, %v", meta, err)
	}
	v, err := c.Viewer(ctx)
	if err != nil || !v.SiteAdmin || v.Login != "ghe-admin" {
		t.Fatalf("Viewer = %+v, %v", v, err)
	}
	if strings.Join(v.Scopes, ",") != "admin:enterprise,site_admin" {
		t.Errorf("scopes = %q", v.Scopes)
	}
	lic, err := c.License(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantExp := time.Date(2016, 2, 6, 18, 41, 52, 0, time.UTC)
	if lic.Seats != (Seats{N: 1400}) || lic.SeatsUsed != 1316 || lic.SeatsAvailable != (Seats{N: 84}) ||
		lic.Kind != "standard" || lic.DaysUntilExpiration != 365 || lic.ExpiresAt == nil || !lic.ExpiresAt.Equal(wantExp) {
		t.Errorf("License = %+v (expires %v)", lic, lic.ExpiresAt)
	}
	stats, err := c.UserStats(ctx)
	if err != nil || *stats != (UserStats{TotalUsers: 254, AdminUsers: 45, SuspendedUsers: 21}) {
		t.Errorf("UserStats = %+v, %v", stats, err)
	}
	sync, err := c.LicenseSyncStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(sync.ServerInstances) != 2 || sync.ServerInstances[1] != (ServerInstance{
		ServerID: "filetoffish1", Hostname: "github2.example.com",
		LastSync: LastSync{Date: "2020-01-01T00:00:00Z", Status: "success"},
	}) {
		t.Errorf("LicenseSyncStatus = %+v", sync)
	}
}

func TestReplayUnlimitedLicense(t *testing.T) {
	srv := replay.StartWith(t, replay.Options{License: replay.LicenseUnlimited})
	lic, err := newReplayClient(t, srv, nil).License(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2021, 3, 1, 7, 59, 59, 0, time.UTC)
	if !lic.Seats.Unlimited || !lic.SeatsAvailable.Unlimited || lic.SeatsUsed != 1316 || lic.Kind != "evaluation" ||
		lic.ExpiresAt == nil || !lic.ExpiresAt.Equal(want) {
		t.Errorf("License = %+v (expires %v)", lic, lic.ExpiresAt)
	}
}

func TestReplayConsumedLicensesPages(t *testing.T) {
	srv := replay.Start(t) // one user per page: the example's two users on two pages
	c := newReplayClient(t, srv, nil)
	var progress []PageProgress
	got, err := c.ConsumedLicenses(context.Background(), func(p PageProgress) { progress = append(progress, p) })
	if err != nil {
		t.Fatal(err)
	}
	if got.TotalSeatsConsumed != 5000 || got.TotalSeatsPurchased != 4500 || len(got.Users) != 2 {
		t.Fatalf("ConsumedLicenses = %d/%d, %d users", got.TotalSeatsConsumed, got.TotalSeatsPurchased, len(got.Users))
	}
	mona, hubot := got.Users[0], got.Users[1]
	if mona.GithubComLogin != "monalisa" || !mona.GithubComTwoFactorAuth.True() || mona.TotalUserAccounts != 3 ||
		len(mona.EnterpriseServerUserIDs) != 2 || mona.GithubComEnterpriseRoles[0] != "owner" {
		t.Errorf("first user = %+v", mona)
	}
	if hubot.GithubComTwoFactorAuth.V != nil {
		t.Errorf(`"" for github_com_two_factor_auth decoded as %v, want unknown`, *hubot.GithubComTwoFactorAuth.V)
	}
	if hubot.EnterpriseServerEmails[0] != "hubot@example.com" || hubot.GithubComName == nil || *hubot.GithubComName != "" {
		t.Errorf("second user = %+v", hubot)
	}
	if len(progress) != 2 || progress[0].Page != 1 || progress[0].LastPage != 2 || progress[0].Consumed != 5000 ||
		progress[1].Page != 2 || progress[1].UsersSoFar != 2 {
		t.Errorf("progress = %+v", progress)
	}
	if n := srv.Hits("/cloud/enterprises/acme-cloud/consumed-licenses"); n != 2 {
		t.Errorf("consumed-licenses requests = %d, want 2", n)
	}
}

func TestReplayStockApplianceConsole(t *testing.T) {
	srv := replay.Start(t)
	c := newReplayClient(t, srv, nil)
	ctx := context.Background()
	_, err := c.ConnectSettings(ctx)
	if KindOf(err) != KindConsoleUnavailable || !strings.Contains(err.Error(), srv.URL+"/enterprises/acme/settings → GitHub Connect") ||
		!strings.Contains(err.Error(), "license-sync-status") {
		t.Errorf("ConnectSettings error = %v", err)
	}
	for name, call := range map[string]func() error{
		"SetLicenseSync": func() error { _, err := c.SetLicenseSync(ctx, true, ""); return err },
		"StartSync":      func() error { _, err := c.StartSync(ctx); return err },
		"SyncJob":        func() error { _, err := c.SyncJob(ctx); return err },
		"ExportUsage":    func() error { _, err := c.ExportUsage(ctx); return err },
	} {
		if err := call(); KindOf(err) != KindConsoleUnavailable {
			t.Errorf("%s: %v, want KindConsoleUnavailable", name, err)
		}
	}
	_, err = c.UploadUsage(ctx, []byte(`{"server_id":"x","users":[]}`))
	if KindOf(err) != KindConsoleUnavailable ||
		!strings.Contains(err.Error(), "Upload the file on http://127.0.0.1:") ||
		!strings.Contains(err.Error(), "/enterprises/acme-cloud/settings/license → Add server usage") {
		t.Errorf("UploadUsage error = %v", err)
	}
}

func TestStockApplianceWithoutCloudEnterpriseSaysSo(t *testing.T) {
	srv := replay.Start(t)
	c := newReplayClient(t, srv, func(cfg *Config) { cfg.CloudEnterprise = "" })
	_, err := c.ConsumedLicenses(context.Background(), nil)
	if !errors.Is(err, ErrNoCloudEnterprise) || KindOf(err) != KindUsage || !strings.Contains(err.Error(), "--cloud-enterprise") {
		t.Fatalf("err = %v", err)
	}
}
