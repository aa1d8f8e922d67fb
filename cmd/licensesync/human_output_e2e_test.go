package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
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
