package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/licensesync/licensesync/tui"
	"github.com/licensesync/licensesync/tui/common"
)

// writeConfig writes a config.yml where the default lookup finds it
// ($XDG_CONFIG_HOME/licensesync/config.yml) and returns the environment and the path.
func writeConfig(t *testing.T, body string) (map[string]string, string) {
	t.Helper()
	home := t.TempDir()
	env := map[string]string{"HOME": home, "XDG_CONFIG_HOME": filepath.Join(home, "config"),
		"XDG_STATE_HOME": filepath.Join(home, "state")}
	path := filepath.Join(home, "config", "licensesync", "config.yml")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return env, path
}

// consoleOptionsFor parses args as the root command would and returns the console's options.
func consoleOptionsFor(t *testing.T, env map[string]string, args ...string) (common.Options, error) {
	t.Helper()
	a := &app{getenv: func(k string) string { return env[k] }}
	root := a.rootCommand()
	if err := root.ParseFlags(args); err != nil {
		t.Fatal(err)
	}
	r := lipgloss.NewRenderer(nil)
	r.SetColorProfile(termenv.TrueColor)
	return a.consoleOptions(root, r, a.getenv)
}

func keyMsg(s string) tea.KeyMsg {
	switch s {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

func isQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	_, ok := cmd().(tea.QuitMsg)
	return ok
}

// TestConfigRebindsKeys: keys: in the file reach the console, which then answers to the
// new key and no longer to the old one, and shows the new key in its help.
func TestConfigRebindsKeys(t *testing.T) {
	t.Parallel()
	env, _ := writeConfig(t, "keys:\n  quit: x\n  up: [up, w]\n  duplicates: ctrl+d\n")
	opts, err := consoleOptionsFor(t, env)
	if err != nil {
		t.Fatal(err)
	}
	if opts.Keys == nil {
		t.Fatal("the file's keys did not reach the console")
	}
	if got := opts.Keys.Up.Keys(); strings.Join(got, " ") != "up w" {
		t.Errorf("up = %v, want [up w]", got)
	}
	if got := opts.Keys.Duplicates.Keys(); strings.Join(got, " ") != "ctrl+d" {
		t.Errorf("duplicates = %v", got)
	}
	if got := opts.Keys.Down.Keys(); strings.Join(got, " ") != "down j" {
		t.Errorf("down changed to %v; only named actions change", got)
	}
	opts.TokenSource = "GH_ENTERPRISE_TOKEN"
	m := tui.New(opts)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	if _, cmd := m.Update(keyMsg("q")); isQuit(cmd) {
		t.Error("q still quits after quit was rebound to x")
	}
	if _, cmd := m.Update(keyMsg("x")); !isQuit(cmd) {
		t.Error("x does not quit")
	}
}

func TestConfigErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		{"clash", "keys:\n  sync: r\n", []string{`"r" is bound to refresh and sync`}},
		{"clash with a default", "keys:\n  quit: [q, s]\n", []string{`"s" is bound to`, "sync", "quit"}},
		{"unknown action", "keys:\n  jump: g\n", []string{`no action named "jump"`, "actions: next, back"}},
		{"empty key", "keys:\n  quit: ['']\n", []string{"quit has an empty key"}},
		{"unknown field", "refresh: 10s\ncolour:\n  accent: 12\n", []string{`line 2: unknown field "colour"`}},
		{"unknown field in a colour pair", "colors:\n  accent: {light: 4, dim: 12}\n", []string{`line 2: unknown field "dim"`}},
		{"unknown colour", "colors:\n  accnet: 12\n", []string{`unknown colour "accnet"`, "line 2", "bar_fill"}},
		{"not a colour", "colors:\n  bad: red\n", []string{`"red" is not a colour`}},
		{"half a pair", "colors:\n  bad: {light: 1}\n", []string{"needs both light and dark"}},
		{"bad refresh", "refresh: soon\n", []string{`refresh: "soon" is not a duration`}},
		{"short refresh", "refresh: 100ms\n", []string{"too short"}},
		{"malformed", "keys: [quit\n", []string{"did not find expected"}},
		{"wrong shape", "keys: quit\n", []string{"cannot unmarshal"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env, path := writeConfig(t, tc.body)
			_, err := consoleOptionsFor(t, env)
			if err == nil {
				t.Fatalf("no error for\n%s", tc.body)
			}
			for _, w := range append(tc.want, "config "+path+": ") {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if exitCode(err) != exitCancelled {
				t.Errorf("exit %d, want 2 (bad usage)", exitCode(err))
			}
		})
	}
}

// TestConfigErrorOnTheCommandLine: a broken file is one line on stderr, exit 2, for any
// command that reads it; a missing --config file too; a missing default file is fine.
func TestConfigErrorOnTheCommandLine(t *testing.T) {
	t.Parallel()
	env := withEnv(baseEnv(t), "LICENSESYNC_SERVER", "https://ghes.example.com")
	dir := envValue(env, "XDG_CONFIG_HOME")
	path := filepath.Join(dir, "licensesync", "config.yml")
	os.MkdirAll(filepath.Dir(path), 0o700)
	os.WriteFile(path, []byte("servr: https://x\n"), 0o600)
	r := runBin(t, env, "status")
	assertOneLineError(t, r)
	if r.code != 2 || !strings.Contains(r.stderr, path) || !strings.Contains(r.stderr, `unknown field "servr"`) {
		t.Fatalf("want exit 2 naming the file and the field:\n%s", r)
	}
	r = runBin(t, baseEnv(t), "status", "--config", filepath.Join(dir, "nope.yml"))
	assertOneLineError(t, r)
	if r.code != 2 || !strings.Contains(r.stderr, "nope.yml: no such file") {
		t.Fatalf("a missing --config file:\n%s", r)
	}
	r = runBin(t, baseEnv(t), "status")
	if !strings.Contains(r.stderr, "no server given") {
		t.Fatalf("without any file, the usual message:\n%s", r)
	}
}

// TestConfigPrecedence: the flag, else the environment, else the file; for every host.
func TestConfigPrecedence(t *testing.T) {
	t.Parallel()
	env, path := writeConfig(t, `server: https://file.example.com
enterprise: file-ent
cloud: https://cloud-file.example.com
cloud_enterprise: file-cloud
`)
	resolve := func(env map[string]string, args ...string) (string, string, string, string) {
		t.Helper()
		a := &app{getenv: func(k string) string { return env[k] }}
		root := a.rootCommand()
		if err := root.ParseFlags(args); err != nil {
			t.Fatal(err)
		}
		cfg, err := a.resolveConfig()
		if err != nil {
			t.Fatal(err)
		}
		return cfg.ServerURL, cfg.Enterprise, cfg.CloudURL, cfg.CloudEnterprise
	}
	s, e, c, ce := resolve(env)
	if s != "https://file.example.com" || e != "file-ent" || c != "https://cloud-file.example.com" || ce != "file-cloud" {
		t.Errorf("from the file alone: %s %s %s %s", s, e, c, ce)
	}
	env["LICENSESYNC_SERVER"], env["LICENSESYNC_ENTERPRISE"] = "https://env.example.com", "env-ent"
	env["LICENSESYNC_CLOUD"], env["LICENSESYNC_CLOUD_ENTERPRISE"] = "https://cloud-env.example.com", "env-cloud"
	s, e, c, ce = resolve(env)
	if s != "https://env.example.com" || e != "env-ent" || c != "https://cloud-env.example.com" || ce != "env-cloud" {
		t.Errorf("the environment over the file: %s %s %s %s", s, e, c, ce)
	}
	s, e, c, ce = resolve(env, "--server", "https://flag.example.com", "--enterprise", "flag-ent",
		"--cloud", "https://cloud-flag.example.com", "--cloud-enterprise", "flag-cloud")
	if s != "https://flag.example.com" || e != "flag-ent" || c != "https://cloud-flag.example.com" || ce != "flag-cloud" {
		t.Errorf("the flags over both: %s %s %s %s", s, e, c, ce)
	}
	// --config names another file, which replaces the default one.
	other := filepath.Join(filepath.Dir(path), "other.yml")
	os.WriteFile(other, []byte("server: other.example.com\n"), 0o600)
	delete(env, "LICENSESYNC_SERVER")
	if s, _, _, _ := resolve(env, "--config", other); s != "https://other.example.com" {
		t.Errorf("--config: server %s", s)
	}
	// Without XDG_CONFIG_HOME, ~/.config/licensesync/config.yml.
	home := t.TempDir()
	os.MkdirAll(filepath.Join(home, ".config", "licensesync"), 0o700)
	os.WriteFile(filepath.Join(home, ".config", "licensesync", "config.yml"), []byte("server: home.example.com\n"), 0o600)
	if s, _, _, _ := resolve(map[string]string{"HOME": home}); s != "https://home.example.com" {
		t.Errorf("~/.config: server %s", s)
	}
}

// TestConfigRefreshAndColours: refresh: applies unless --refresh is given; colours map
// onto the theme, one value for both backgrounds or a light/dark pair.
func TestConfigRefreshAndColours(t *testing.T) {
	t.Parallel()
	env, _ := writeConfig(t, "refresh: 45s\ncolors:\n  accent: \"#5fafff\"\n  bad: {light: \"1\", dark: \"196\"}\n")
	opts, err := consoleOptionsFor(t, env)
	if err != nil {
		t.Fatal(err)
	}
	if opts.Refresh != 45*time.Second {
		t.Errorf("refresh %s, want the file's 45s", opts.Refresh)
	}
	if opts.Theme == nil || opts.Theme.Accent != (lipgloss.AdaptiveColor{Light: "#5fafff", Dark: "#5fafff"}) ||
		opts.Theme.Bad != (lipgloss.AdaptiveColor{Light: "1", Dark: "196"}) {
		t.Fatalf("theme %+v", opts.Theme)
	}
	if opts.Theme.Good != common.DefaultTheme().Good {
		t.Error("a colour the file does not name changed")
	}
	opts, err = consoleOptionsFor(t, env, "--refresh", "2m")
	if err != nil || opts.Refresh != 2*time.Minute {
		t.Errorf("--refresh 2m over the file: %s %v", opts.Refresh, err)
	}
	// The colour reaches the screen: the accent's truecolour code is in the view.
	opts.TokenSource = "GH_ENTERPRISE_TOKEN"
	m := tui.New(opts)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	if v := m.View(); !strings.Contains(v, "38;2;95;175;255") {
		t.Errorf("the accent colour #5fafff is not on screen:\n%q", v)
	}
}

// TestConfigServerFromFileReachesTheSim: status, pointed at a simulator by the config
// file alone (no LICENSESYNC_* variables), reads it.
func TestConfigServerFromFileReachesTheSim(t *testing.T) {
	t.Parallel()
	simEnv := startSim(t, baseEnv(t), "--users", "50", "--cloud-users", "40")
	env := baseEnv(t)
	env = withEnv(env, "GH_ENTERPRISE_TOKEN", envValue(simEnv, "GH_ENTERPRISE_TOKEN"))
	env = withEnv(env, "GH_TOKEN", envValue(simEnv, "GH_TOKEN"))
	path := filepath.Join(envValue(env, "XDG_CONFIG_HOME"), "licensesync", "config.yml")
	os.MkdirAll(filepath.Dir(path), 0o700)
	body := "server: " + envValue(simEnv, "LICENSESYNC_SERVER") + "\nenterprise: " + envValue(simEnv, "LICENSESYNC_ENTERPRISE") +
		"\ncloud: " + envValue(simEnv, "LICENSESYNC_CLOUD") + "\n"
	os.WriteFile(path, []byte(body), 0o600)
	r := runBin(t, env, "status", "--json")
	if r.code != 0 {
		t.Fatalf("status with the hosts from the file:\n%s", r)
	}
	var st struct {
		Server struct{ URL string } `json:"server"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil || !strings.HasPrefix(st.Server.URL, envValue(simEnv, "LICENSESYNC_SERVER")[:16]) {
		t.Fatalf("status --json server.url %q (%v), want the file's server:\n%s", st.Server.URL, err, r)
	}
}

func TestBrokenConfigStopsDemoCommandsToo(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	file := filepath.Join(t.TempDir(), "config.yml")
	if err := os.WriteFile(file, []byte("colour: 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runBin(t, env, "status", "--demo", "--config", file)
	if r.code != 2 || !strings.Contains(r.stderr, file) {
		t.Fatalf("a broken config file must stop status --demo too:\n%s", r)
	}
}
