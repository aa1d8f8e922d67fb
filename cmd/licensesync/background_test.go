package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTmuxColourIsDark(t *testing.T) {
	t.Parallel()
	for spec, want := range map[string]bool{"white": false, "brightwhite": false, "colour231": false, "#fdf6e3": false,
		"black": true, "colour16": true, "#1e1e2e": true, "blue": true} {
		dark, ok := tmuxColourIsDark(spec)
		if !ok || dark != want {
			t.Errorf("%s: dark %v ok %v, want dark %v", spec, dark, ok, want)
		}
	}
	for _, spec := range []string{"default", "terminal", "", "colour300", "#12"} {
		if _, ok := tmuxColourIsDark(spec); ok {
			t.Errorf("%q: want unknown", spec)
		}
	}
}

// TestBackgroundAsksTmuxOnlyForALocalPane: the setting wins; auto asks tmux for this
// process's own pane, never for an SSH session's (its tmux is on another machine).
func TestBackgroundAsksTmuxOnlyForALocalPane(t *testing.T) {
	var asked []string
	saved := runTmux
	t.Cleanup(func() { runTmux = saved })
	answer, fail := "white", error(nil)
	runTmux = func(_ string, args ...string) (string, error) {
		asked = append(asked, strings.Join(args, " "))
		return answer, fail
	}
	env := map[string]string{"TMUX": "/tmp/tmux-1/default,1,0", "TMUX_PANE": "%3"}
	getenv := func(k string) string { return env[k] }

	if got := background("dark", true, getenv); got != "dark" || len(asked) != 0 {
		t.Fatalf("theme: dark: got %q, asked tmux %v", got, asked)
	}
	if got := background("auto", true, getenv); got != "light" || len(asked) != 1 || !strings.Contains(asked[0], "-t %3 #{pane_bg}") {
		t.Fatalf("a white pane: got %q, asked %v", got, asked)
	}
	if got := background("auto", false, getenv); got != "" || len(asked) != 1 {
		t.Fatalf("an SSH session: got %q, asked %v", got, asked)
	}
	answer = "default"
	if got := background("auto", true, getenv); got != "" {
		t.Fatalf("a default pane leaves the renderer's guess (OSC 11, COLORFGBG): got %q", got)
	}
	answer, fail = "", errors.New("no server running")
	if got := background("auto", true, getenv); got != "" {
		t.Fatalf("tmux failing: got %q", got)
	}
	delete(env, "TMUX")
	if got := background("auto", true, getenv); got != "" || len(asked) != 3 {
		t.Fatalf("outside tmux: got %q, asked %v", got, asked)
	}
}

// TestThemeSetting: theme: in the file and --theme reach the console, the flag winning;
// a value that is not auto, light or dark is a one-line usage error.
func TestThemeSetting(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	dir := filepath.Join(home, "licensesync")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.yml"), []byte("theme: light\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"HOME": home, "XDG_CONFIG_HOME": home}
	if o, err := consoleOptionsFor(t, env); err != nil || o.Background != "light" {
		t.Fatalf("theme: light in the file: %q %v", o.Background, err)
	}
	if o, err := consoleOptionsFor(t, env, "--theme", "dark"); err != nil || o.Background != "dark" {
		t.Fatalf("--theme dark over the file: %q %v", o.Background, err)
	}
	if _, err := consoleOptionsFor(t, env, "--theme", "sepia"); err == nil || !strings.Contains(err.Error(), "auto, light or dark") {
		t.Fatalf("--theme sepia: %v", err)
	}
	if _, err := parseConfig("c.yml", []byte("theme: blue\n")); err == nil || !strings.Contains(err.Error(), `theme "blue"`) {
		t.Fatalf("theme: blue in the file: %v", err)
	}
}
