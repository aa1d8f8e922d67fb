package appliance

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/sim"
)

// docsLicenseInfo is ghe-license info -j as GitHub's command-line-utilities page shows it.
const docsLicenseInfo = `{
  "advanced_security_enabled": true,
  "advanced_security_seats": 0,
  "cluster_support": false,
  "company": "GitHub",
  "croquet_support": true,
  "custom_terms": true,
  "evaluation": false,
  "expire_at": "2025-01-01T23:59:59-08:00",
  "insights_enabled": true,
  "insights_expire_at": "2025-01-01T23:59:59.999-08:00",
  "learning_lab_evaluation_expires": "2023-01-01T23:59:59.000-08:00",
  "learning_lab_seats": 100,
  "perpetual": false,
  "reference_number": "123456",
  "seats": 0,
  "ssh_allowed": true,
  "support_key": null,
  "unlimited_seating": true
}`

// writeStub writes an executable shell script named name into dir.
func writeStub(t *testing.T, dir, name, script string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"+script), 0o755); err != nil {
		t.Fatal(err)
	}
}

func TestApplianceLicenseFromDocsSample(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "info.json"), []byte(docsLicenseInfo), 0o644)
	writeStub(t, dir, "ghe-license", `[ "$1 $2" = "info -j" ] && exec cat "$(dirname "$0")/info.json"; exit 1`)
	app := Detect(dir)
	if app == nil {
		t.Fatal("ghe-license in dir was not detected")
	}
	l, err := app.License(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !l.Seats.Unlimited || l.Source != "ghe-license" || !l.SeatsUsedUnknown {
		t.Errorf("license = %+v, want unlimited seats from ghe-license with seats used unknown", l)
	}
	if l.Evaluation == nil || *l.Evaluation || l.Perpetual == nil || *l.Perpetual {
		t.Errorf("evaluation %v perpetual %v, want false and false", l.Evaluation, l.Perpetual)
	}
	if l.AdvancedSecuritySeats == nil || l.AdvancedSecuritySeats.N != 0 || l.AdvancedSecuritySeats.Unlimited {
		t.Errorf("advanced security seats = %v, want 0", l.AdvancedSecuritySeats)
	}
	if want := time.Date(2025, 1, 2, 7, 59, 59, 0, time.UTC); l.ExpiresAt == nil || !l.ExpiresAt.Equal(want) {
		t.Errorf("expires %v, want %v", l.ExpiresAt, want)
	}
	out, _ := json.Marshal(l)
	for _, w := range []string{`"seats":"unlimited"`, `"seats_used":null`, `"seats_available":null`, `"source":"ghe-license"`, `"evaluation":false`, `"advanced_security_seats":0`} {
		if !strings.Contains(string(out), w) {
			t.Errorf("JSON %s lacks %s", out, w)
		}
	}
}

// TestApplianceLicenseToleratesOddFields feeds fields missing, null and of odd types:
// each is left unknown, the others are kept.
func TestApplianceLicenseToleratesOddFields(t *testing.T) {
	for name, tc := range map[string]struct {
		body                    string
		seats                   client.Seats
		evaluation, perpetual   *bool
		ghas                    *client.Seats
		expires, metered, wantK string
	}{
		"strings for numbers and booleans": {body: `{"seats":"1400","evaluation":"true","perpetual":"false","advanced_security_seats":"unlimited","expire_at":"2027-03-01T00:00:00Z"}`,
			seats: client.Seats{N: 1400}, evaluation: boolPtr(true), perpetual: boolPtr(false), ghas: &client.Seats{Unlimited: true}, expires: "2027-03-01", wantK: "evaluation"},
		"everything missing":  {body: `{}`},
		"nulls and objects":   {body: `{"seats":null,"evaluation":null,"perpetual":{"x":1},"advanced_security_seats":null,"expire_at":5}`},
		"perpetual, no seats": {body: `{"perpetual":true,"unlimited_seating":"yes","expire_at":"never"}`, perpetual: boolPtr(true), wantK: "perpetual"},
	} {
		l, err := decodeApplianceLicense([]byte(tc.body))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if l.Seats != tc.seats || !eqBool(l.Evaluation, tc.evaluation) || !eqBool(l.Perpetual, tc.perpetual) || l.Kind != tc.wantK {
			t.Errorf("%s: got %+v", name, l)
		}
		if (l.AdvancedSecuritySeats == nil) != (tc.ghas == nil) || (tc.ghas != nil && *l.AdvancedSecuritySeats != *tc.ghas) {
			t.Errorf("%s: advanced security seats %v, want %v", name, l.AdvancedSecuritySeats, tc.ghas)
		}
		if got := ""; l.ExpiresAt != nil {
			got = l.ExpiresAt.Format("2006-01-02")
			if got != tc.expires {
				t.Errorf("%s: expires %s, want %q", name, got, tc.expires)
			}
		} else if tc.expires != "" {
			t.Errorf("%s: no expiry, want %s", name, tc.expires)
		}
	}
	if _, err := decodeApplianceLicense([]byte("License is valid.\n")); client.KindOf(err) != client.KindBadResponse || !strings.Contains(err.Error(), "3.13") {
		t.Errorf("text output: err = %v", err)
	}
}

func boolPtr(v bool) *bool { return &v }

func eqBool(a, b *bool) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// TestSimStubsReadOnly runs the sim's stubs: hostname and license come from them, the
// usage file is returned byte for byte, and ghe-config was only ever asked to read.
func TestSimStubsReadOnly(t *testing.T) {
	s, err := sim.New(sim.Options{Hostname: "ghes.example.com", ServerSeats: 3000})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := s.WriteApplianceStubs(dir); err != nil {
		t.Fatal(err)
	}
	app := Detect(dir)
	ctx := context.Background()
	host, err := app.Hostname(ctx)
	if err != nil || host != "ghes.example.com" {
		t.Fatalf("hostname %q, %v", host, err)
	}
	l, err := app.License(ctx)
	if err != nil || l.Seats.N != 3000 {
		t.Fatalf("license %+v, %v", l, err)
	}
	data, tool, err := app.ExportUsage(ctx)
	if err != nil || tool != "ghe-license usage" {
		t.Fatalf("export: %q, %v", tool, err)
	}
	want, _ := os.ReadFile(filepath.Join(dir, "license-usage.json"))
	if !bytes.Equal(data, want) {
		t.Errorf("the usage file was changed on the way (%d bytes, want %d)", len(data), len(want))
	}
	inst := ReadUsageInstance(data)
	if inst.HostName != "ghes.example.com" || inst.ServerID == "" || inst.Version == "" {
		t.Errorf("instance = %+v", inst)
	}
	calls, _ := os.ReadFile(filepath.Join(dir, "ghe-config.calls"))
	if got := strings.TrimSpace(string(calls)); got != "ghe-config core.github-hostname" {
		t.Errorf("ghe-config was called as %q, want only a read of core.github-hostname", got)
	}
}

// TestExportFallsBackToOldUtility: on GHES 3.12 and older ghe-license has no usage
// command; ghe-license-usage is used and its output kept byte for byte.
func TestExportFallsBackToOldUtility(t *testing.T) {
	dir := t.TempDir()
	writeStub(t, dir, "ghe-license", `echo "ghe-license: unknown command $1" >&2; exit 1`)
	writeStub(t, dir, "ghe-license-usage", `printf '{"instance":{"server_id":"s-1","host_name":"old.example"},"users":"ENCRYPTED=="}'`)
	data, tool, err := Detect(dir).ExportUsage(context.Background())
	if err != nil || tool != "ghe-license-usage" || string(data) != `{"instance":{"server_id":"s-1","host_name":"old.example"},"users":"ENCRYPTED=="}` {
		t.Fatalf("export = %q via %q, %v", data, tool, err)
	}
	dir2 := t.TempDir()
	writeStub(t, dir2, "ghe-license", `echo "ghe-license: unknown command $1" >&2; exit 1`)
	if _, _, err := Detect(dir2).ExportUsage(context.Background()); err == nil || !strings.Contains(err.Error(), "unknown command usage") {
		t.Errorf("without a fallback: err = %v, want the utility's own message", err)
	}
}

// TestUtilityBounds: a utility that hangs is stopped at the timeout and one that floods
// its output is stopped at the cap; both are clear errors, not a hang.
func TestUtilityBounds(t *testing.T) {
	t.Parallel() // it waits out a limit or a timeout: let the others run meanwhile
	dir := t.TempDir()
	writeStub(t, dir, "ghe-license", `case "$1" in info) exec sleep 60 ;; usage) exec yes ;; esac`)
	app := &Appliance{Dir: dir, Timeout: 200 * time.Millisecond, MaxOutput: 4096}
	if _, err := app.License(context.Background()); client.KindOf(err) != client.KindUnreachable || !strings.Contains(err.Error(), "no answer within") {
		t.Errorf("hang: err = %v", err)
	}
	app.Timeout = time.Minute
	if _, _, err := app.ExportUsage(context.Background()); client.KindOf(err) != client.KindBadResponse || !strings.Contains(err.Error(), "output limit") {
		t.Errorf("flood: err = %v", err)
	}
	if Detect(t.TempDir()) != nil {
		t.Error("an empty directory was taken for the admin shell")
	}
}

func TestReadUsageInstanceTolerant(t *testing.T) {
	for body, want := range map[string]UsageInstance{
		`{"instance":{"server_id":"abc","host_name":"h.example","version":"3.15.2","features":["license_usage_sync",{"name":"server_statistics"},7]}}`: {ServerID: "abc", HostName: "h.example", Version: "3.15.2", Features: []string{"license_usage_sync", "server_statistics"}},
		`{"server_id":"flat","hostname":"f.example","features":[{"name":"x","enabled_at":"2026-01-01"}]}`:                                              {ServerID: "flat", HostName: "f.example", Features: []string{"x"}},
		`{"instance":"not an object","server_id":5}`: {Features: []string{}},
		`not json`: {Features: []string{}},
	} {
		got := ReadUsageInstance([]byte(body))
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		if string(g) != string(w) {
			t.Errorf("%s: got %s, want %s", body, g, w)
		}
	}
}

// TestUtilityBusyForAMomentIsRunAgain: a utility still open for writing somewhere (being
// replaced, or its descriptor inherited by a process another thread is starting) fails
// to start with "text file busy"; nothing ran, so it is tried again once it is free.
func TestUtilityBusyForAMomentIsRunAgain(t *testing.T) {
	dir := t.TempDir()
	writeStub(t, dir, "ghe-config", `echo ghes.acme.test`)
	w, err := os.OpenFile(filepath.Join(dir, "ghe-config"), os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	go func() { time.Sleep(80 * time.Millisecond); w.Close() }()
	app := &Appliance{Dir: dir}
	out, err := app.run(context.Background(), hostnameBounds, "ghe-config", "core.github-hostname")
	if err != nil || strings.TrimSpace(string(out)) != "ghes.acme.test" {
		t.Fatalf("run = %q, %v", out, err)
	}
}
