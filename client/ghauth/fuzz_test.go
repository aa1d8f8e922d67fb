package ghauth

import (
	"path/filepath"
	"strings"
	"testing"
)

// FuzzHostsFile reads arbitrary hosts.yml files: never a panic, and a token found is
// trimmed and comes from the file.
func FuzzHostsFile(f *testing.F) {
	f.Add(hosts, "ghes.acme.test")
	f.Add(hosts, "GitHub.com")
	f.Add("ghes.acme.test:\n  oauth_token: [1, 2]\n", "ghes.acme.test")
	f.Add("ghes.acme.test: 5\n", "ghes.acme.test")
	f.Add("- a\n- b\n", "a")
	f.Add("&a [*a]", "x")
	f.Add("ghes.acme.test:\n  oauth_token: \"  tok\\nen  \"\n", "ghes.acme.test:443")
	f.Add("\xff\xfe", "")
	f.Fuzz(func(t *testing.T, body, host string) {
		dir := t.TempDir()
		writeHosts(t, dir, body)
		env := mapEnv(map[string]string{"GH_CONFIG_DIR": dir})
		tok := Lookup{Getenv: env}.ForHost(host)
		if tok.Value == "" {
			return
		}
		if tok.Value != strings.TrimSpace(tok.Value) || !strings.Contains(body, strings.TrimSpace(tok.Value[:min(len(tok.Value), 1)])) {
			t.Fatalf("token %q from %q", tok.Value, body)
		}
		if !strings.Contains(tok.Source, filepath.Join(dir, "hosts.yml")) {
			t.Fatalf("source %q", tok.Source)
		}
	})
}
