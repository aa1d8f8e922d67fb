package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client/sim"
	"github.com/licensesync/licensesync/cmd/licensesync/check"
)

// Human output has thousands separators and one date style ("2026-11-26 01:15 UTC"),
// as README says and issue 14 item 9 asks: the lines below printed "2500 · 8 admins",
// "Uploaded 2426 users", "280823 bytes", "2426/2750" and RFC 3339 upload times.
func TestHumanOutputHasThousandsAndOneDateStyle(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	rfc3339 := regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d`)
	human := regexp.MustCompile(`\d{4}-\d\d-\d\d \d\d:\d\d UTC`)
	file := filepath.Join(t.TempDir(), "usage.json")
	r := runBin(t, env, "export", "--demo", "-o", file)
	if r.code != 0 || !regexp.MustCompile(`\(\d{1,3}(,\d{3})+ bytes\)`).MatchString(r.stderr) {
		t.Fatalf("export: want the size with separators:\n%s", r)
	}
	r = runBin(t, env, "upload", "--demo", file)
	if r.code != 0 || !strings.Contains(r.stdout, "Uploaded 2,426 users") || rfc3339.MatchString(r.stdout) || !human.MatchString(r.stdout) {
		t.Fatalf("upload: want 2,426 and a human date:\n%s", r)
	}
	r = runBin(t, env, "status", "--demo")
	if r.code != 0 || !strings.Contains(r.stdout, "2,500 · 8 admins") || rfc3339.MatchString(r.stdout) ||
		!regexp.MustCompile(`last upload +succeeded \d{4}-\d\d-\d\d \d\d:\d\d UTC`).MatchString(r.stdout) {
		t.Fatalf("status: want 2,500 users and a human upload date:\n%s", r)
	}
	r = runBin(t, env, "history", "--demo", "--since", "7d")
	if r.code != 0 || !strings.Contains(r.stdout, "2,426/2,750") {
		t.Fatalf("history: want seats with separators:\n%s", r)
	}
}

// enable and disable name the server as status does (the hostname GitHub Connect
// reports), not by the address --server gave (issue 14 item 2: one name for the server).
func TestEnableNamesTheServerAsStatusDoes(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	r := runBin(t, env, "enable", "--demo", "--yes")
	if r.code != 0 || !strings.Contains(r.stdout, "(read back from ghes.acme.test)") || strings.Contains(r.stdout+r.stderr, "127.0.0.1") {
		t.Fatalf("enable: want ghes.acme.test, not the demo's loopback address:\n%s", r)
	}
	r = runBin(t, env, "enable", "--demo", "--yes")
	if r.code != 0 || !strings.Contains(r.stdout, "already Enabled on ghes.acme.test") {
		t.Fatalf("enable again:\n%s", r)
	}
}

// sync names the server as status and enable do, not by the demo's loopback address
// ("Sync job 1 queued on 127.0.0.1").
func TestSyncNamesTheServerAsStatusDoes(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	if r := runBin(t, env, "enable", "--demo", "--yes"); r.code != 0 {
		t.Fatalf("enable:\n%s", r)
	}
	r := runBin(t, env, "sync", "--demo")
	if r.code != 0 || !strings.Contains(r.stderr, "Sync job 1 queued on ghes.acme.test\n") || strings.Contains(r.stdout+r.stderr, "127.0.0.1") {
		t.Fatalf("sync: want ghes.acme.test, not the demo's loopback address:\n%s", r)
	}
}

// status says which name matched this server in the cloud's lists by where the URL it
// differs from came from; the demo's own address, which nobody gave, is not said.
func TestStatusSaysWhereTheServerURLCameFrom(t *testing.T) {
	t.Parallel()
	r := runBin(t, baseEnv(t), "status", "--demo")
	if r.code != 0 || strings.Contains(r.stdout, "this server matched") || strings.Contains(r.stdout, "--server") {
		t.Fatalf("status --demo: no --server was given, the demo's address is not the admin's:\n%s", r)
	}
	p := startInProcSim(t, baseEnv(t), sim.Options{Seed: 7, Users: 20, CloudUsers: 10, LicenseSyncEnabled: true}, nil)
	r = runBin(t, p.env, "status")
	if r.code != 0 || !strings.Contains(r.stdout, "this server matched    as ghes.acme.test (from the appliance's GitHub Connect settings), not LICENSESYNC_SERVER's 127.0.0.1") {
		t.Fatalf("status with LICENSESYNC_SERVER: want the variable named, not --server:\n%s", r)
	}
	r = runBin(t, p.env, "status", "--server", p.srv.URL)
	if r.code != 0 || !strings.Contains(r.stdout, "not --server's 127.0.0.1") {
		t.Fatalf("status --server: want --server named:\n%s", r)
	}
}

// The breakdown, the report and check's line write counts with separators too (they
// printed "server only 1540" and "3340 consumed of 3300"); check's perfdata after "|"
// stays plain numbers, as Nagios reads them.
func TestBreakdownReportAndCheckHaveThousands(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	r := runBin(t, env, "status", "--demo", "--breakdown")
	if r.code != 0 || !regexp.MustCompile(`consumed +\d{1,3},\d{3}  seats the cloud counts, of 3,300 purchased`).MatchString(r.stdout) {
		t.Fatalf("status --breakdown: want the count and the purchased seats with separators:\n%s", r)
	}
	r = runBin(t, env, "report", "--demo")
	if r.code != 0 || !regexp.MustCompile(`(?m)^\d{1,3},\d{3} seats consumed of 3,300 purchased`).MatchString(r.stdout) ||
		!regexp.MustCompile(`\| consumed \| \d{1,3},\d{3} \| seats the cloud counts, of 3,300 purchased`).MatchString(r.stdout) {
		t.Fatalf("report: want separators in the headline and the table:\n%s", r)
	}
	for _, args := range [][]string{{"enable", "--demo", "--yes"}, {"sync", "--demo", "--wait"}} {
		if r := runBin(t, env, args...); r.code != 0 {
			t.Fatalf("%v:\n%s", args, r)
		}
	}
	r = runBin(t, env, "check", "--demo")
	line, perf, _ := strings.Cut(r.stdout, " | ")
	if r.code != check.Critical || !regexp.MustCompile(`cloud over purchased: \d{1,3},\d{3} consumed of 3,300 \(`).MatchString(line) ||
		!regexp.MustCompile(`cloud_consumed=\d+;\d+;3300;0 cloud_purchased=3300;`).MatchString(perf) {
		t.Fatalf("check: want separators on the line and plain perfdata:\n%s", r)
	}
}
