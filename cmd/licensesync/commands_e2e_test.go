package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client/sim"
)

// statusJSON is the status --json contract, decoded loosely enough to check every field.
type statusJSON struct {
	Server struct {
		URL, Hostname, Version, Enterprise string
		License                            *struct {
			Seats               any    `json:"seats"`
			SeatsUsed           *int   `json:"seats_used"`
			SeatsAvailable      any    `json:"seats_available"`
			Kind                string `json:"kind"`
			ExpiresAt           string `json:"expires_at"`
			DaysUntilExpiration *int   `json:"days_until_expiration"`
		}
	}
	Connect struct {
		Connected       *bool  `json:"connected"`
		CloudEnterprise string `json:"cloud_enterprise"`
		LicenseSync     string `json:"license_sync"`
	}
	Sync struct {
		State      string  `json:"state"`
		LastSyncAt *string `json:"last_sync_at"`
		NextSyncAt *string `json:"next_sync_at"`
		Error      *string `json:"error"`
	}
	Cloud struct {
		Enterprise     string `json:"enterprise"`
		SeatsPurchased *int   `json:"seats_purchased"`
		SeatsConsumed  *int   `json:"seats_consumed"`
		Servers        []struct {
			ServerID string `json:"server_id"`
			Hostname string `json:"hostname"`
			LastSync struct {
				Date, Status, Error string
			} `json:"last_sync"`
		} `json:"servers"`
	}
	Errors []struct {
		Part, Kind, Message string
	} `json:"errors"`
}

func decodeStatus(t *testing.T, r result) statusJSON {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("status failed:\n%s", r)
	}
	var raw struct {
		Server, Connect, Sync, Cloud map[string]json.RawMessage
		Errors                       []json.RawMessage
	}
	if err := json.Unmarshal([]byte(r.stdout), &raw); err != nil {
		t.Fatalf("status --json is not JSON: %v\n%s", err, r)
	}
	if raw.Errors == nil {
		t.Errorf("status --json lacks errors (an empty list when all is read)")
	}
	sections := map[string]map[string]json.RawMessage{"server": raw.Server, "connect": raw.Connect, "sync": raw.Sync, "cloud": raw.Cloud}
	// Every key of the contract is present, even when null.
	want := map[string][]string{
		"server":  {"url", "hostname", "version", "enterprise", "license"},
		"connect": {"connected", "cloud_enterprise", "license_sync"},
		"sync":    {"state", "last_sync_at", "next_sync_at", "error"},
		"cloud":   {"enterprise", "seats_purchased", "seats_consumed", "servers"},
	}
	for section, keys := range want {
		for _, k := range keys {
			if _, ok := sections[section][k]; !ok {
				t.Errorf("status --json lacks %s.%s", section, k)
			}
		}
	}
	var st statusJSON
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
		t.Fatal(err)
	}
	return st
}

// expectedConsumedAfterSync applies GitHub's rule to the seeded people, on its own: one
// license per cloud member, plus one per distinct primary email of a non-suspended server
// user that matches no member's verified email (case-insensitively).
func expectedConsumedAfterSync(t *testing.T, opts sim.Options) (before, after int) {
	t.Helper()
	roster, err := sim.SeededRoster(opts)
	if err != nil {
		t.Fatal(err)
	}
	verified := map[string]bool{}
	for _, m := range roster.CloudMembers {
		for _, e := range m.VerifiedEmails {
			verified[strings.ToLower(e)] = true
		}
	}
	serverOnly := map[string]bool{}
	for _, u := range roster.ServerUsers {
		if e := strings.ToLower(u.PrimaryEmail); !u.Suspended && !verified[e] {
			serverOnly[e] = true
		}
	}
	return len(roster.CloudMembers), len(roster.CloudMembers) + len(serverOnly)
}

// simDefaults are the people `licensesync sim` serves with no flags.
var simDefaults = sim.Options{Seed: 1, Users: 2500, CloudUsers: 1800}

func TestEnableThenSyncMovesCloudSeatsAsTheRulePredicts(t *testing.T) {
	t.Parallel()
	env := startSim(t, baseEnv(t), "--sync-duration", "500ms")
	before, after := expectedConsumedAfterSync(t, simDefaults)

	st := decodeStatus(t, runBin(t, env, "status", "--json"))
	if st.Connect.LicenseSync != "disabled" || *st.Cloud.SeatsConsumed != before || st.Sync.LastSyncAt != nil {
		t.Fatalf("before: license_sync %q, consumed %d (want %d), last sync %v", st.Connect.LicenseSync, *st.Cloud.SeatsConsumed, before, st.Sync.LastSyncAt)
	}
	if r := runBin(t, env, "enable", "--yes"); r.code != 0 || !strings.Contains(r.stdout, "Disabled → Enabled") {
		t.Fatalf("enable:\n%s", r)
	}
	started := time.Now().UTC().Truncate(time.Second)
	r := runBin(t, env, "sync", "--wait", "--json")
	var job struct{ State string }
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &job) != nil || job.State != "succeeded" {
		t.Fatalf("sync --wait:\n%s", r)
	}
	st = decodeStatus(t, runBin(t, env, "status", "--json"))
	if st.Connect.LicenseSync != "enabled" {
		t.Errorf("license_sync = %q after enable", st.Connect.LicenseSync)
	}
	if got := *st.Cloud.SeatsConsumed; got != after {
		t.Errorf("seats_consumed after sync = %d, the rule predicts %d", got, after)
	}
	if st.Sync.LastSyncAt == nil {
		t.Fatal("last_sync_at is null after a successful sync")
	}
	last, err := time.Parse(time.RFC3339, *st.Sync.LastSyncAt)
	if err != nil || last.Before(started) {
		t.Errorf("last_sync_at %q is not this sync (started %s)", *st.Sync.LastSyncAt, started)
	}
	if len(st.Cloud.Servers) != 1 || st.Cloud.Servers[0].LastSync.Status != "success" {
		t.Errorf("cloud servers after sync: %+v", st.Cloud.Servers)
	}
	users := runBin(t, env, "users", "--json")
	var list []map[string]any
	if err := json.Unmarshal([]byte(users.stdout), &list); err != nil || len(list) != after {
		t.Fatalf("users --json has %d users, want %d (%v)", len(list), after, err)
	}
}

func TestStatusJSONOnTheDemoIsConsistent(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	st := decodeStatus(t, runBin(t, env, "status", "--demo", "--demo-reset", "--json"))
	l := st.Server.License
	if l == nil || l.SeatsUsed == nil {
		t.Fatalf("no license in status: %+v", st.Server)
	}
	seats, _ := l.Seats.(float64)
	avail, _ := l.SeatsAvailable.(float64)
	if int(seats) != *l.SeatsUsed+int(avail) || seats == 0 {
		t.Errorf("seats %v != used %d + available %v", l.Seats, *l.SeatsUsed, l.SeatsAvailable)
	}
	if st.Server.Hostname == "" || st.Server.Version == "" || st.Server.Enterprise != "acme" || l.Kind == "" || l.ExpiresAt == "" {
		t.Errorf("server fields missing: %+v", st.Server)
	}
	if st.Connect.Connected == nil || !*st.Connect.Connected || st.Connect.CloudEnterprise != st.Cloud.Enterprise {
		t.Errorf("connect %+v vs cloud enterprise %q", st.Connect, st.Cloud.Enterprise)
	}
	if st.Cloud.SeatsConsumed == nil || st.Cloud.SeatsPurchased == nil || len(st.Cloud.Servers) != 1 ||
		st.Cloud.Servers[0].Hostname != st.Server.Hostname {
		t.Errorf("cloud: %+v", st.Cloud)
	}
}

func TestDemoCommandsShareOneWorldUntilReset(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	if r := runBin(t, env, "enable", "--demo", "--demo-reset", "--yes"); r.code != 0 {
		t.Fatalf("enable:\n%s", r)
	}
	if st := decodeStatus(t, runBin(t, env, "status", "--demo", "--json")); st.Connect.LicenseSync != "enabled" {
		t.Fatalf("the next --demo command does not see the change: %q", st.Connect.LicenseSync)
	}
	if st := decodeStatus(t, runBin(t, env, "status", "--demo", "--demo-reset", "--json")); st.Connect.LicenseSync != "disabled" {
		t.Fatalf("--demo-reset did not start over: %q", st.Connect.LicenseSync)
	}
}

func TestEnableWithoutTerminalAsksForYes(t *testing.T) {
	t.Parallel()
	env := startSim(t, baseEnv(t))
	r := runBin(t, env, "enable")
	if r.code != 2 || !strings.Contains(r.stderr, "--yes") {
		t.Fatalf("want exit 2 and a word about --yes:\n%s", r)
	}
	if st := decodeStatus(t, runBin(t, env, "status", "--json")); st.Connect.LicenseSync != "disabled" {
		t.Fatalf("the setting changed without confirmation: %q", st.Connect.LicenseSync)
	}
	if r := runBin(t, env, "sync"); r.code != 1 || !strings.Contains(r.stderr, "disabled") {
		t.Fatalf("sync while disabled should say so:\n%s", r)
	}
}

func TestExportThenUploadCountsLikeASync(t *testing.T) {
	t.Parallel()
	env := startSim(t, baseEnv(t))
	_, after := expectedConsumedAfterSync(t, simDefaults)
	file := filepath.Join(t.TempDir(), "usage.json")
	if r := runBin(t, env, "export", "-o", file); r.code != 0 {
		t.Fatalf("export:\n%s", r)
	}
	info, err := os.Stat(file)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("export file: %v mode %v, want 0600", err, info.Mode())
	}
	original, _ := os.ReadFile(file)
	if r := runBin(t, env, "export", "-o", file); r.code != 2 || !strings.Contains(r.stderr, "--force") {
		t.Fatalf("export over an existing file must refuse without --force:\n%s", r)
	}
	if now, _ := os.ReadFile(file); string(now) != string(original) {
		t.Fatal("the refused export changed the file")
	}
	if r := runBin(t, env, "upload", file); r.code != 0 || !strings.Contains(r.stdout, "Uploaded") ||
		!strings.Contains(r.stdout, "GitHub.com's view of ghes.acme.test: last upload succeeded") {
		t.Fatalf("upload:\n%s", r)
	}
	st := decodeStatus(t, runBin(t, env, "status", "--json"))
	if st.Connect.LicenseSync != "disabled" || *st.Cloud.SeatsConsumed != after {
		t.Fatalf("after upload (sync %s): consumed %d, a sync would give %d", st.Connect.LicenseSync, *st.Cloud.SeatsConsumed, after)
	}
	if st.Cloud.Servers[0].LastSync.Status != "success" {
		t.Errorf("license-sync-status after upload: %+v", st.Cloud.Servers)
	}

	bad := filepath.Join(t.TempDir(), "notes.json")
	os.WriteFile(bad, []byte(`{"hello": "world"}`), 0o600)
	if r := runBin(t, env, "upload", bad); r.code != 2 || !strings.Contains(r.stderr, "not a license usage file") {
		t.Fatalf("upload of a wrong file:\n%s", r)
	}
}
