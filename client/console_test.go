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

// The usage file is checked to be one JSON object, without being decoded: anything
// else is a bad answer, as before.
func TestExportUsageRefusesWhatIsNoJSONObject(t *testing.T) {
	for body, ok := range map[string]bool{
		` {"server_id":"x","users":[]}` + "\n": true,
		`[{"server_id":"x"}]`:                  false,
		`{"server_id":`:                        false,
		`{"a":1} {"b":2}`:                      false,
		`<html></html>`:                        false,
		``:                                     false,
	} {
		c, _ := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(body))
		})
		data, err := c.ExportUsage(context.Background())
		switch {
		case ok && (err != nil || string(data) != body):
			t.Errorf("%q: %q, %v", body, data, err)
		case !ok && KindOf(err) != KindBadResponse:
			t.Errorf("%q: %v, want a bad response", body, err)
		}
	}
}

// A usage file larger than every other answer's 32 MiB (an appliance of about 300,000
// users) is read whole.
func TestExportUsageReadsALargeAppliance(t *testing.T) {
	body := []byte(`{"server_id":"x","hostname":"h","users":[` + strings.Repeat(`{"id":1,"login":"a","primary_email":"a@x"},`, 900_000) + `{}]}`)
	c, _ := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write(body) })
	data, err := c.ExportUsage(context.Background())
	if err != nil || len(data) != len(body) || len(body) <= 32<<20 {
		t.Fatalf("%d of %d bytes: %v", len(data), len(body), err)
	}
}
