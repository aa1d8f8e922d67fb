package ghauth

import (
	"os"
	"path/filepath"
	"testing"
)

func mapEnv(m map[string]string) Env { return func(k string) string { return m[k] } }

func writeHosts(t *testing.T, dir, body string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "hosts.yml"), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

const hosts = `github.com:
    oauth_token: gho_cloudFromHosts
    user: mona
ghes.acme.test:
    oauth_token: gho_serverFromHosts
`

func TestEnvironmentComesBeforeHostsFile(t *testing.T) {
	dir := t.TempDir()
	writeHosts(t, dir, hosts)
	env := map[string]string{"GH_CONFIG_DIR": dir, "GH_ENTERPRISE_TOKEN": "ghp_env", "GITHUB_TOKEN": "ghp_gt"}
	l := Lookup{Getenv: mapEnv(env)}
	if got := l.ForHost("ghes.acme.test"); got.Value != "ghp_env" || got.Source != "GH_ENTERPRISE_TOKEN" {
		t.Fatalf("server token = %+v", got)
	}
	if got := l.ForHost("api.github.com"); got.Value != "ghp_gt" || got.Source != "GITHUB_TOKEN" {
		t.Fatalf("cloud token = %+v", got)
	}
	env["GH_TOKEN"] = "ghp_gh"
	if got := l.ForHost("github.com"); got.Source != "GH_TOKEN" {
		t.Fatalf("GH_TOKEN must win over GITHUB_TOKEN, got %+v", got)
	}
}

func TestServerAndCloudHostsReadTheirOwnEntries(t *testing.T) {
	dir := t.TempDir()
	writeHosts(t, dir, hosts)
	l := Lookup{Getenv: mapEnv(map[string]string{"GH_CONFIG_DIR": dir})}
	if got := l.ForHost("GHES.acme.test:443"); got.Value != "gho_serverFromHosts" {
		t.Fatalf("server token = %+v", got)
	}
	if got := l.ForHost("api.github.com"); got.Value != "gho_cloudFromHosts" {
		t.Fatalf("cloud token = %+v", got)
	}
	if got := l.ForHost("other.example"); got.Value != "" {
		t.Fatalf("unknown host must have no token, got source %q", got.Source)
	}
	// GITHUB_ENTERPRISE_TOKEN is not for github.com.
	l.Getenv = mapEnv(map[string]string{"GITHUB_ENTERPRISE_TOKEN": "x"})
	if got := l.ForHost("github.com"); got.Value != "" {
		t.Fatalf("enterprise variable used for github.com: %+v", got)
	}
}

func TestConfigDirOrder(t *testing.T) {
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"GH_CONFIG_DIR": "/a", "XDG_CONFIG_HOME": "/b", "HOME": "/c"}, "/a"},
		{map[string]string{"XDG_CONFIG_HOME": "/b", "HOME": "/c"}, filepath.Join("/b", "gh")},
		{map[string]string{"HOME": "/c"}, filepath.Join("/c", ".config", "gh")},
	}
	for _, c := range cases {
		if got := ConfigDir(mapEnv(c.env)); got != c.want {
			t.Errorf("ConfigDir(%v) = %q, want %q", c.env, got, c.want)
		}
	}
}

func TestXDGHostsFileIsFound(t *testing.T) {
	xdg := t.TempDir()
	writeHosts(t, filepath.Join(xdg, "gh"), hosts)
	l := Lookup{Getenv: mapEnv(map[string]string{"XDG_CONFIG_HOME": xdg, "HOME": t.TempDir()})}
	if got := l.ForHost("github.com"); got.Value != "gho_cloudFromHosts" {
		t.Fatalf("got %+v", got)
	}
}
