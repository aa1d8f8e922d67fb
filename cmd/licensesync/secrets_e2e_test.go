package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client/sim"
)

// assertNoSecretInTree fails when a token appears in any file under dir.
func assertNoSecretInTree(t *testing.T, dir string, secrets ...string) (files int) {
	t.Helper()
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		files++
		for _, s := range secrets {
			if s != "" && strings.Contains(string(data), s) {
				t.Errorf("a token was written to %s", path)
			}
		}
		return nil
	})
	return files
}

// TestNoCommandLeaksATokenUnderFaultsAndDebug runs every command with known tokens,
// under injected faults and with --debug, and searches everything written: stdout,
// stderr, the state, config and cache directories and the export files.
func TestNoCommandLeaksATokenUnderFaultsAndDebug(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	home := envValue(env, "HOME")
	env = append(env, "XDG_CACHE_HOME="+filepath.Join(home, "cache"))
	opts := faultWorld()
	opts.Users, opts.CloudUsers = 400, 250
	opts.LicenseSyncEnabled = false
	opts.FailRate, opts.ResetRate, opts.LostWriteReplies = 0.10, 0.04, 1
	p := startInProcSim(t, env, opts, nil)
	secrets := []string{sim.ServerAdminToken, sim.CloudAdminToken}
	export := filepath.Join(home, "exports", "usage.json")
	if err := os.MkdirAll(filepath.Dir(export), 0o700); err != nil {
		t.Fatal(err)
	}
	runs := [][]string{
		{"status"}, {"status", "--json"},
		{"enable", "--yes"}, {"sync", "--wait"}, {"sync", "--json"},
		{"users"}, {"users", "--json"}, {"users", "--csv"}, {"users", "--duplicates"},
		{"export", "-o", export}, {"export", "-o", export}, {"export"}, {"upload", export},
		{"disable", "--yes"}, {"version"},
		{"status", "--demo", "--demo-reset"}, {"enable", "--demo", "--yes"}, {"users", "--demo", "--csv"},
		{"export", "--demo", "-o", filepath.Join(home, "exports", "demo.json")},
	}
	succeeded := 0
	for _, args := range runs {
		r := runBin(t, p.env, append(args, "--debug")...)
		assertNoSecret(t, r, secrets...)
		if r.code == 0 {
			succeeded++
		} else if slices.Contains(args, "--demo") || args[0] == "version" {
			t.Errorf("%v has no faults to fail on:\n%s", args, r)
		}
		if strings.Contains(r.stderr, "goroutine ") || strings.Contains(r.stderr, "panic:") {
			t.Errorf("%v panicked:\n%s", args, r)
		}
		if strings.Contains(r.stderr, "Authorization") || strings.Contains(r.stderr, "Bearer ") {
			t.Errorf("%v: the --debug trace shows the Authorization header:\n%s", args, r)
		}
	}
	// Retries see most commands through the faults; each one that ran did real work
	// (one export run is refused on purpose: the file exists).
	if succeeded < len(runs)*2/3 {
		t.Errorf("only %d of %d commands succeeded under faults: the search covered too little", succeeded, len(runs))
	}
	// Tokens that are refused or malformed are not shown either.
	for _, bad := range []string{"ghp_knownSECRETknownSECRETknownSECRET00", "ghp_knownSECRET\nsecondLINE", " \t "} {
		r := runBin(t, withEnv(p.env, "GH_ENTERPRISE_TOKEN", bad), "status", "--debug")
		assertNoSecret(t, r, "knownSECRET", "secondLINE")
		if r.code == 0 {
			t.Errorf("token %q accepted:\n%s", bad, r)
		}
	}
	if n := assertNoSecretInTree(t, home, append(secrets, "knownSECRET")...); n < 3 {
		t.Errorf("only %d files written under HOME; expected state, exports", n)
	}
	// Export files are 0600.
	for _, f := range []string{export, filepath.Join(home, "exports", "demo.json")} {
		if fi, err := os.Stat(f); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, mode %v; want 0600", f, err, fi)
		}
	}
}

// TestExportNeverOverwritesWithoutForce: an existing file is kept unless --force.
func TestExportNeverOverwritesWithoutForce(t *testing.T) {
	t.Parallel()
	p := startInProcSim(t, baseEnv(t), sim.Options{Seed: 3, Users: 50, CloudUsers: 40}, nil)
	out := filepath.Join(t.TempDir(), "usage.json")
	if err := os.WriteFile(out, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runBin(t, p.env, "export", "-o", out)
	assertOneLineError(t, r)
	if data, _ := os.ReadFile(out); r.code != 2 || string(data) != "keep me" || !strings.Contains(r.stderr, "--force") {
		t.Fatalf("export over an existing file:\n%s", r)
	}
	if r := runBin(t, p.env, "export", "-o", out, "--force"); r.code != 0 {
		t.Fatalf("export --force:\n%s", r)
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o600 {
		t.Errorf("replaced file mode %v, want 0600", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}
