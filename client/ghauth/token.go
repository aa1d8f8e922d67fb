package ghauth

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/licensesync/licensesync/client/atomicfile"
)

// Token is a token and where it came from ("GH_TOKEN", "hosts.yml (/path)", "gh auth token").
type Token struct {
	Value  string
	Source string
}

// Env reads the environment; tests replace it.
type Env func(string) string

// Lookup finds tokens for hosts.
type Lookup struct {
	Getenv Env
	// AskGH allows running `gh auth token --hostname H` when gh is on PATH.
	AskGH bool
}

// IsCloudHost reports whether host is GitHub.com (or a GHE.com data-residency host),
// whose tokens gh reads from GH_TOKEN/GITHUB_TOKEN.
func IsCloudHost(host string) bool {
	h := NormalizeHost(host)
	return h == "github.com" || strings.HasSuffix(h, ".ghe.com") || h == "github.localhost"
}

// NormalizeHost lowercases a host and maps api.github.com to github.com, as gh does.
func NormalizeHost(host string) string {
	h := strings.ToLower(strings.TrimSpace(host))
	if i := strings.IndexByte(h, ':'); i >= 0 {
		h = h[:i]
	}
	h = strings.TrimPrefix(h, "api.")
	return h
}

// EnvNames lists the variables consulted for host, in order.
func EnvNames(host string) []string {
	if IsCloudHost(host) {
		return []string{"GH_TOKEN", "GITHUB_TOKEN"}
	}
	return []string{"GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN"}
}

// ForHost returns the token for host: environment, then hosts.yml, then gh. The zero
// Token means none was found.
func (l Lookup) ForHost(host string) Token {
	getenv := l.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	for _, name := range EnvNames(host) {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return Token{Value: v, Source: name}
		}
	}
	if t := fromHostsFile(getenv, host); t.Value != "" {
		return t
	}
	if l.AskGH {
		return fromGH(host)
	}
	return Token{}
}

// ConfigDir is gh's configuration directory: GH_CONFIG_DIR, XDG_CONFIG_HOME/gh,
// AppData/GitHub CLI (Windows), HOME/.config/gh.
func ConfigDir(getenv Env) string {
	if d := getenv("GH_CONFIG_DIR"); d != "" {
		return d
	}
	if d := getenv("XDG_CONFIG_HOME"); d != "" {
		return filepath.Join(d, "gh")
	}
	if runtime.GOOS == "windows" {
		if d := getenv("AppData"); d != "" {
			return filepath.Join(d, "GitHub CLI")
		}
	}
	if d := getenv("HOME"); d != "" {
		return filepath.Join(d, ".config", "gh")
	}
	return ""
}

// maxHostsFile bounds gh's hosts.yml; a real one is a few hundred bytes.
const maxHostsFile = 1 << 20

type hostEntry struct {
	OAuthToken string `yaml:"oauth_token"`
}

func fromHostsFile(getenv Env, host string) Token {
	dir := ConfigDir(getenv)
	if dir == "" {
		return Token{}
	}
	path := filepath.Join(dir, "hosts.yml")
	data, err := atomicfile.ReadRegular(path, maxHostsFile) // never a pipe or device
	if err != nil {
		return Token{}
	}
	var hosts map[string]hostEntry
	if yaml.Unmarshal(data, &hosts) != nil {
		return Token{}
	}
	want := NormalizeHost(host)
	for name, entry := range hosts {
		if NormalizeHost(name) == want && strings.TrimSpace(entry.OAuthToken) != "" {
			return Token{Value: strings.TrimSpace(entry.OAuthToken), Source: "hosts.yml (" + path + ")"}
		}
	}
	return Token{}
}

func fromGH(host string) Token {
	path, err := exec.LookPath("gh")
	if err != nil {
		return Token{}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, path, "auth", "token", "--hostname", NormalizeHost(host)).Output()
	if err != nil {
		return Token{}
	}
	v := strings.TrimSpace(string(out))
	if v == "" || strings.ContainsAny(v, " \n") {
		return Token{}
	}
	return Token{Value: v, Source: "gh auth token"}
}
