package check

import (
	"strings"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/client/status"
)

var checkNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

var defaultLimits = Limits{Stale: 8 * 24 * time.Hour, OverWarnPct: 95, ExpiryWarn: 30 * 24 * time.Hour, ExpiryCrit: 7 * 24 * time.Hour}

// healthyStatus is a server with license sync on, synced an hour ago, under its seats.
func healthyStatus() *status.Status {
	synced := checkNow.Add(-time.Hour)
	expires := checkNow.Add(200 * 24 * time.Hour)
	return &status.Status{
		Server:  status.ServerStatus{Hostname: "ghes.example.com", License: &client.License{Seats: client.Seats{N: 100}, SeatsUsed: 80, ExpiresAt: &expires}},
		Connect: status.ConnectStatus{LicenseSync: client.FeatureEnabled},
		Sync:    status.SyncStatus{State: client.JobSucceeded, LastSyncAt: &synced},
		Cloud:   status.CloudStatus{SeatsConsumed: ptr(50), SeatsPurchased: ptr(100)},
	}
}

func TestCheckEachConditionGivesItsState(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		change func(*status.Status)
		state  int
		says   string
	}{
		{"healthy", func(*status.Status) {}, OK, "license sync enabled"},
		{"disabled", func(s *status.Status) { s.Connect.LicenseSync = client.FeatureDisabled }, Warning, "license sync is disabled"},
		{"stale", func(s *status.Status) { s.Sync.LastSyncAt = ptr(checkNow.Add(-9 * 24 * time.Hour)) }, Warning, "no successful sync for 9d"},
		{"never synced", func(s *status.Status) { s.Sync = status.SyncStatus{State: "none"} }, Warning, "no sync has succeeded"},
		{"failed job", func(s *status.Status) { s.Sync.State, s.Sync.Error = client.JobFailed, "upload refused" }, Critical, "last sync failed (upload refused)"},
		{"failed per cloud on a stock appliance", func(s *status.Status) {
			s.Sync.State = client.FeatureUnknown
			s.Cloud.Servers = []status.CloudServerSync{{Hostname: "GHES.example.com", LastSync: client.LastSync{Status: "sync_failed", Error: "timeout"}}}
		}, Critical, "last sync failed (timeout)"},
		{"over", func(s *status.Status) { s.Cloud.SeatsConsumed = ptr(101) }, Critical, "cloud over purchased: 101 consumed of 100 (101%)"},
		{"near", func(s *status.Status) { s.Cloud.SeatsConsumed = ptr(96) }, Warning, "cloud near purchased: 96 consumed of 100"},
		{"at warn limit", func(s *status.Status) { s.Cloud.SeatsConsumed = ptr(95) }, OK, "cloud 95 of 100"},
		{"expiring", func(s *status.Status) { s.Server.License.ExpiresAt = ptr(checkNow.Add(20 * 24 * time.Hour)) }, Warning, "expires in 20 days"},
		{"expiring soon", func(s *status.Status) { s.Server.License.ExpiresAt = ptr(checkNow.Add(3 * 24 * time.Hour)) }, Critical, "expires in 3 days"},
		{"expired", func(s *status.Status) { s.Server.License.ExpiresAt = ptr(checkNow.Add(-24 * time.Hour)) }, Critical, "expired on 2026-02-28"},
		{"cloud unreadable", func(s *status.Status) {
			s.Cloud = status.CloudStatus{}
			s.Gaps = []string{"No cloud token: set GH_TOKEN"}
		}, Unknown, "cloud seats could not be read (No cloud token: set GH_TOKEN)"},
		{"setting unreadable", func(s *status.Status) { s.Connect.LicenseSync = client.FeatureUnknown }, Unknown, "license sync could not be read (not reported)"},
		{"stock appliance judged by the cloud's record", func(s *status.Status) {
			s.Connect.LicenseSync, s.Sync.State = client.FeatureUnknown, client.FeatureUnknown
			s.Sync.LastSyncAt = ptr(checkNow.Add(-10 * 24 * time.Hour))
			s.Cloud.Servers = []status.CloudServerSync{{Hostname: "ghes.example.com", LastSync: client.LastSync{Status: "success"}}}
		}, Warning, "no successful sync for 10d"},
		{"server license over its seats", func(s *status.Status) {
			s.Server.License.SeatsUsed, s.Server.License.SeatsOver = 250, ptr(150)
		}, Warning, "the server license is over its seats: 250 used of 100 (150 over the license)"},
		{"a seat count that cannot be true", func(s *status.Status) {
			s.Server.License.SeatsUsedUnknown = true
			s.Impossible = []seats.Impossible{{Source: seats.SourceServerLicense, Field: seats.FieldSeatsUsed, Value: -5, Reason: "a count cannot be negative"}}
		}, Warning, "seats used: impossible (-5 from the server license)"},
		{"cloud totals that cannot be true are not also unreadable", func(s *status.Status) {
			s.Cloud.SeatsConsumed = nil
			s.Impossible = []seats.Impossible{{Source: seats.SourceCloudConsumed, Field: seats.FieldSeatsConsumed, Value: -1, Reason: "a count cannot be negative"}}
		}, Warning, "seats consumed: impossible (-1 from the cloud's consumed licenses)"},
		{"critical outranks unknown", func(s *status.Status) {
			s.Server.License = nil
			s.Cloud.SeatsConsumed = ptr(120)
		}, Critical, "cloud over purchased"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st := healthyStatus()
			tc.change(st)
			r := Evaluate(st, defaultLimits, checkNow)
			if r.State != tc.state || r.Level != StateNames[tc.state] || !strings.Contains(r.Summary, tc.says) {
				t.Fatalf("got %s %q, want %s containing %q", r.Level, r.Summary, StateNames[tc.state], tc.says)
			}
		})
	}
}

func TestCheckThresholdsAreTheFlags(t *testing.T) {
	t.Parallel()
	st := healthyStatus()
	st.Cloud.SeatsConsumed = ptr(91)
	st.Sync.LastSyncAt = ptr(checkNow.Add(-3 * 24 * time.Hour))
	lim := defaultLimits
	if r := Evaluate(st, lim, checkNow); r.State != OK {
		t.Fatalf("defaults: %s %q", r.Level, r.Summary)
	}
	lim.OverWarnPct, lim.Stale = 90, 2*24*time.Hour
	r := Evaluate(st, lim, checkNow)
	if r.State != Warning || len(r.Findings) != 2 {
		t.Fatalf("tight limits: %s %+v", r.Level, r.Findings)
	}
}

func TestCheckPerfdataIsNagiosFormat(t *testing.T) {
	t.Parallel()
	got := Perfdata(Evaluate(healthyStatus(), defaultLimits, checkNow).Perf)
	want := "cloud_consumed=50;95;100;0 cloud_purchased=100;;;0 server_seats_used=80;;;0;100 license_days_left=200;30;7 last_sync_age=3600s;691200;;0"
	if got != want {
		t.Fatalf("perfdata\n got %s\nwant %s", got, want)
	}
}

// Seats in use that are unknown (impossible, or not said) are no perfdata, never a
// made-up 0; impossible seats are no maximum.
func TestCheckPerfdataLeavesOutUnknownSeats(t *testing.T) {
	t.Parallel()
	st := healthyStatus()
	st.Server.License.SeatsUsedUnknown = true
	if got := Perfdata(Evaluate(st, defaultLimits, checkNow).Perf); strings.Contains(got, "server_seats_used") {
		t.Errorf("unknown seats in use reached the perfdata: %s", got)
	}
	st = healthyStatus()
	st.Server.License.Seats, st.Server.License.SeatsUnknown = client.Seats{N: -1}, true
	if got := Perfdata(Evaluate(st, defaultLimits, checkNow).Perf); !strings.Contains(got, "server_seats_used=80;;;0 ") {
		t.Errorf("impossible seats reached the perfdata as a maximum: %s", got)
	}
}

// A cloud owner's check (no server): license sync and the license are unknown for one
// reason, which the line gives once; it used to repeat the long no-server-token note.
func TestCheckGivesEachReasonOnce(t *testing.T) {
	t.Parallel()
	st := healthyStatus()
	st.Server.License, st.Connect.LicenseSync = nil, client.FeatureUnknown
	note := "read the server side (license, users, GitHub Connect): no server token"
	st.Gaps = []string{note}
	r := Evaluate(st, defaultLimits, checkNow)
	line := ""
	for _, f := range r.Findings {
		line += f.Text + "; "
	}
	if strings.Count(line, note) != 1 || !strings.Contains(line, "(the same reason)") {
		t.Fatalf("want the reason once and a reference back: %s", line)
	}
}
