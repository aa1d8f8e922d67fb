package main

import (
	"bytes"
	"context"
	"runtime"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/spf13/cobra"

	"github.com/licensesync/licensesync/cmd/licensesync/serve"
	"github.com/licensesync/licensesync/tui"
	"github.com/licensesync/licensesync/tui/common"
)

// runInProcess runs one command line in this process.
func runInProcess(env map[string]string, args ...string) result {
	var out, errb bytes.Buffer
	code := run(context.Background(), args, stdio{in: strings.NewReader(""), out: &out, err: &errb},
		func(k string) string { return env[k] })
	return result{out.String(), errb.String(), code}
}

// TestNoColorReachesTheConsole: NO_COLOR in the environment, --no-color, and NO_COLOR sent
// by an SSH client each give a console whose screen has no colour at all, but keeps bold
// and marks the failed checks with ✗; without them the same renderer colours (so the
// check can fail).
func TestNoColorReachesTheConsole(t *testing.T) {
	t.Parallel()
	view := func(opts common.Options) string {
		opts.TokenSource = "GH_ENTERPRISE_TOKEN"
		m := tui.New(opts)
		m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		return m.View()
	}
	home := t.TempDir()
	env := map[string]string{"HOME": home, "XDG_CONFIG_HOME": home}
	opts, err := consoleOptionsFor(t, env)
	if err != nil {
		t.Fatal(err)
	}
	if v := view(opts); len(sgrColours(v)) == 0 {
		t.Fatal("without NO_COLOR the console has no colour: the test proves nothing")
	}
	env["NO_COLOR"] = "1"
	cases := map[string]func() (common.Options, error){
		"NO_COLOR": func() (common.Options, error) { return consoleOptionsFor(t, env) },
		"--no-color": func() (common.Options, error) {
			return consoleOptionsFor(t, map[string]string{"HOME": home, "XDG_CONFIG_HOME": home}, "--no-color")
		},
		"ssh NO_COLOR": func() (common.Options, error) {
			a := &app{getenv: func(string) string { return "" }}
			root := a.rootCommand()
			o, err := consoleOptionsFor(t, map[string]string{"HOME": home, "XDG_CONFIG_HOME": home})
			if err != nil {
				return o, err
			}
			s, err := a.consoleOptions(root, o.Renderer, serve.Environ{"TERM=xterm", "NO_COLOR=1"}.Getenv)
			return s, err
		},
	}
	for name, get := range cases {
		opts, err := get()
		if err != nil {
			t.Fatal(err)
		}
		if !opts.NoColor {
			t.Errorf("%s: NoColor not set", name)
		}
		v := view(opts)
		if colours := sgrColours(v); len(colours) > 0 {
			t.Errorf("%s: colours %v on screen: %q", name, colours, v)
		}
		if !strings.Contains(v, "\x1b[1m") || !strings.Contains(v, "✗ not set") {
			t.Errorf("%s: want bold and a ✗ where colour said \"failed\": %q", name, v)
		}
	}
}

// allCommands walks the command tree the way a user meets it, completion included.
func allCommands(root *cobra.Command) []*cobra.Command {
	var out []*cobra.Command
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		out = append(out, c)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	return out
}

// TestEveryCommandHasHelpWithExamples: --help on every command prints, on stdout and exit 0,
// a usage line, a description and (but for cobra's own help and completion scripts) examples.
func TestEveryCommandHasHelpWithExamples(t *testing.T) {
	t.Parallel()
	a := &app{getenv: func(string) string { return "" }}
	root := a.rootCommand()
	root.InitDefaultCompletionCmd()
	root.InitDefaultHelpCmd()
	names := map[string]bool{}
	for _, c := range allCommands(root) {
		path := strings.Fields(c.CommandPath())[1:]
		names[strings.Join(path, " ")] = true
		r := runInProcess(map[string]string{}, append(path, "--help")...)
		if r.code != 0 || r.stderr != "" || !strings.Contains(r.stdout, "Usage:") {
			t.Errorf("%v --help:\n%s", path, r)
			continue
		}
		cobraOwn := len(path) > 0 && (path[0] == "help" || path[0] == "completion")
		if !cobraOwn && (c.Example == "" || !strings.Contains(r.stdout, "Examples:")) {
			t.Errorf("licensesync %s has no examples in its help", strings.Join(path, " "))
		}
		if c.Short == "" {
			t.Errorf("licensesync %s has no one-line description", strings.Join(path, " "))
		}
	}
	for _, want := range []string{"serve", "completion", "completion bash", "completion zsh", "completion fish", "version", "status"} {
		if !names[want] {
			t.Errorf("no command %q", want)
		}
	}
	if r := runInProcess(nil, "--help"); !strings.Contains(r.stdout, "licensesync completion bash") ||
		!strings.Contains(r.stdout, "licensesync serve --ssh") {
		t.Errorf("the root help does not show completion and serve:\n%s", r.stdout)
	}
}

// TestCompletionScripts: completion bash|zsh|fish print a script on stdout.
func TestCompletionScripts(t *testing.T) {
	t.Parallel()
	for shell, marker := range map[string]string{
		"bash": "__start_licensesync",
		"zsh":  "#compdef licensesync",
		"fish": "complete -c licensesync",
	} {
		r := runInProcess(nil, "completion", shell)
		if r.code != 0 || r.stderr != "" || !strings.Contains(r.stdout, marker) {
			t.Errorf("completion %s: want a script with %q:\n%.300s", shell, marker, r)
		}
	}
	// The built binary too: `source <(licensesync completion bash)` must work.
	r := runBin(t, baseEnv(t), "completion", "bash")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "# bash completion V2 for licensesync") {
		t.Fatalf("completion bash from the binary:\n%.300s", r)
	}
}

// TestVersionPrintsBuildInfo: --version prints one line on stdout with the version, the
// Go version and the platform; version adds a second saying whether appliance mode was
// detected (issue 11).
func TestVersionPrintsBuildInfo(t *testing.T) {
	t.Parallel()
	want := "licensesync dev (" + runtime.Version() + ", " + runtime.GOOS + "/" + runtime.GOARCH + ")"
	for _, args := range [][]string{{"--version"}, {"version"}} {
		r := runBin(t, baseEnv(t), args...)
		lines := 1
		if args[0] == "version" {
			lines = 2
		}
		if r.code != 0 || r.stderr != "" || !strings.HasPrefix(r.stdout, want) || strings.Count(r.stdout, "\n") != lines {
			t.Errorf("%v: want %d lines starting %q:\n%s", args, lines, want, r)
		}
	}
}

// TestErrorsOnStderrDataOnStdout: a usage error or a failure writes nothing on stdout.
func TestErrorsOnStderrDataOnStdout(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"status", "--no-such-flag"},
		{"status"},
		{"completion", "tcsh"},
		{"serve"},
		{"users", "extra-argument"},
	} {
		r := runBin(t, baseEnv(t), args...)
		if r.code == 0 || r.stdout != "" || r.stderr == "" {
			t.Errorf("%v: want a failing exit, stderr only:\n%s", args, r)
		}
	}
	r := runBin(t, baseEnv(t), "status", "--demo", "--demo-reset", "--json")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "{") {
		t.Fatalf("status --demo --json:\n%s", r)
	}
}
