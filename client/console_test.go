package client

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

func TestStartSync202IsSuccessAndWaitSyncPolls(t *testing.T) {
	var polls atomic.Int32
	c, _ := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/api/v3/enterprises/acme/settings/license/sync") {
			status(404, `{"message":"Not Found"}`)(w, r)
			return
		}
		if r.Method == http.MethodPost {
			status(202, `{"id":5,"state":"queued","trigger":"manual"}`)(w, r)
			return
		}
		states := []string{JobQueued, JobRunning, JobSucceeded}
		n := min(int(polls.Add(1)), len(states)) - 1
		status(200, `{"id":5,"state":"`+states[n]+`","finished_at":"2026-11-24T05:00:04Z","users_uploaded":12}`)(w, r)
	})
	job, err := c.StartSync(context.Background())
	if err != nil || job.ID != 5 || job.State != JobQueued {
		t.Fatalf("StartSync = %+v, %v", job, err)
	}
	var seen []string
	done, err := c.WaitSync(context.Background(), job.ID, func(j *SyncJob) { seen = append(seen, j.State) })
	if err != nil || done.State != JobSucceeded || done.UsersUploaded != 12 {
		t.Fatalf("WaitSync = %+v, %v", done, err)
	}
	if strings.Join(seen, ",") != "queued,running,succeeded" {
		t.Errorf("updates = %v", seen)
	}
}

func TestSetLicenseSyncReadBackMismatch(t *testing.T) {
	c, _ := newHandlerClient(t, status(200, `{"connected":true,"features":{"license_sync":"disabled"}}`))
	_, err := c.SetLicenseSync(context.Background(), true, "")
	if KindOf(err) != KindConflict || !strings.Contains(err.Error(), "reports license sync disabled") {
		t.Errorf("err = %v", err)
	}
}

func TestSetLicenseSync422NotConnected(t *testing.T) {
	c, _ := newHandlerClient(t, status(422, `{"message":"GitHub Connect is not enabled"}`))
	_, err := c.SetLicenseSync(context.Background(), true, "")
	if KindOf(err) != KindConflict || !strings.Contains(err.Error(), "/enterprises/acme/settings → GitHub Connect") {
		t.Errorf("err = %v", err)
	}
}

func TestConsoleNeedsEnterprise(t *testing.T) {
	c, err := New(Config{ServerURL: "http://127.0.0.1:1", ServerToken: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ConnectSettings(context.Background()); KindOf(err) != KindUsage || !strings.Contains(err.Error(), "--enterprise") {
		t.Errorf("err = %v", err)
	}
}

func TestCloudEnterpriseFromGitHubConnect(t *testing.T) {
	var settingsReads atomic.Int32
	c, _ := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
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
	})
	c.cfg.CloudEnterprise = ""
	st, err := c.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Cloud.Enterprise != "from-connect" || *st.Cloud.SeatsConsumed != 3 || st.Server.Hostname != "ghes.acme.test" ||
		st.Connect.Connected == nil || !*st.Connect.Connected || st.Connect.LicenseSync != FeatureEnabled ||
		st.Sync.State != JobFailed || st.Sync.Error != "upload refused" || st.Sync.NextSyncAt == nil ||
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
