package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/sim"
)

// badSlugs are slugs GitHub's rule (letters, digits, hyphens) refuses: path walks,
// separators, spaces, other punctuation, a slug with an escape.
var badSlugs = []string{".", "..", "acme/..", "a.b", "a_b", "a b", "acme%2f..", "é", "acme\x1b[2J"}

// assertSlugRefused checks one refusal: exit 2, one line, the rule and the source said.
func assertSlugRefused(t *testing.T, r result, source string) {
	t.Helper()
	assertOneLineError(t, r)
	if r.code != 2 || !strings.Contains(r.stderr, client.SlugRule) || !strings.Contains(r.stderr, source) {
		t.Errorf("want exit 2 with the slug rule and %q:\n%s", source, r)
	}
	assertTerminalSafe(t, "the refusal", r.stderr, true)
}

// TestOneSlugRuleEverywhere: the flag, the environment, the configuration file and a
// server's answer all go through the one rule, and no request carries a refused slug.
func TestOneSlugRuleEverywhere(t *testing.T) {
	t.Parallel()
	p := startInProcSim(t, baseEnv(t), sim.Options{Seed: 1, Users: 20, CloudUsers: 10}, nil)
	home := envValue(p.env, "HOME")
	cfgPath := filepath.Join(home, "config", "licensesync", "config.yml")
	if err := os.MkdirAll(filepath.Dir(cfgPath), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, slug := range badSlugs {
		assertSlugRefused(t, runBin(t, p.env, "status", "--enterprise", slug), "--enterprise")
		assertSlugRefused(t, runBin(t, p.env, "users", "--cloud-enterprise", slug), "--cloud-enterprise")
		assertSlugRefused(t, runBin(t, withEnv(p.env, "LICENSESYNC_ENTERPRISE", slug), "status"), "LICENSESYNC_ENTERPRISE")
		assertSlugRefused(t, runBin(t, withEnv(p.env, "LICENSESYNC_CLOUD_ENTERPRISE", slug), "users"), "LICENSESYNC_CLOUD_ENTERPRISE")
		if strings.ContainsAny(slug, "\x1b\"\\") {
			continue // not writable as a plain YAML scalar; the rule is the same
		}
		if err := os.WriteFile(cfgPath, []byte("enterprise: \""+slug+"\"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		assertSlugRefused(t, runBin(t, withEnv(p.env, "LICENSESYNC_ENTERPRISE", ""), "status"), "config "+cfgPath+": enterprise")
		os.Remove(cfgPath)
	}
	// Good slugs in every case pass.
	if r := runBin(t, p.env, "status", "--enterprise", "acme", "--cloud-enterprise", "acme-cloud"); r.code != 0 {
		t.Errorf("good slugs refused:\n%s", r)
	}
}

// TestServersCloudEnterpriseFollowsTheSlugRule: an appliance that reports ".." as its
// cloud enterprise is refused before any cloud request uses it.
func TestServersCloudEnterpriseFollowsTheSlugRule(t *testing.T) {
	t.Parallel()
	p := startInProcSim(t, baseEnv(t), sim.Options{Seed: 1, Users: 20, CloudUsers: 10, LicenseSyncEnabled: true, CloudEnterprise: ".."}, nil)
	r := runBin(t, withEnv(p.env, "LICENSESYNC_CLOUD_ENTERPRISE", ""), "users")
	assertSlugRefused(t, r, "the appliance's cloud enterprise")
}
