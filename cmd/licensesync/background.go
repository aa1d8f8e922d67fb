package main

// The console's background and emphasis (docs/CONFIG.md, "theme"): light or dark as the
// person says (theme: in the file, --theme), else as tmux knows the pane, else as the
// renderer finds it (OSC 11, then COLORFGBG, which termenv reads). And emphasis for the
// terminals termenv counts as colourless (TERM=screen, vt100…), which still do bold and
// reverse.

import (
	"context"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/licensesync/licensesync/cmd/licensesync/usage"
)

// themeNames are the values of theme: and --theme.
var themeNames = []string{"auto", "light", "dark"}

// checkTheme says what is wrong with a theme value, for a usage error.
func checkTheme(v string) error {
	for _, n := range themeNames {
		if v == n {
			return nil
		}
	}
	return usage.Errorf("theme %q: choose auto, light or dark", v)
}

// runTmux runs a tmux command against the tmux server this process runs under (found
// by $TMUX), with stdin, and returns its output; a variable so tests can answer for tmux.
var runTmux = func(stdin string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "tmux", args...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.Output()
	return strings.TrimSpace(string(out)), err
}

// background is "light" or "dark" for the console, or "" to leave the renderer's guess:
// the setting when it is not auto; else, in a local tmux pane (local: the console runs
// in this process's terminal, not an SSH session's), the pane's background as tmux has
// it (window-style bg=…), since a program inside tmux cannot ask the terminal.
func background(setting string, local bool, getenv func(string) string) string {
	if setting == "light" || setting == "dark" {
		return setting
	}
	if !local || getenv("TMUX") == "" {
		return ""
	}
	args := []string{"display-message", "-p"}
	if pane := getenv("TMUX_PANE"); pane != "" {
		args = append(args, "-t", pane)
	}
	out, err := runTmux("", append(args, "#{pane_bg}")...)
	if err != nil {
		return ""
	}
	dark, ok := tmuxColourIsDark(out)
	switch {
	case !ok:
		return ""
	case dark:
		return "dark"
	}
	return "light"
}

// tmuxColours are tmux's colour names by ANSI index (see tmux(1), "message-command-style").
var tmuxColours = []string{"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
	"brightblack", "brightred", "brightgreen", "brightyellow", "brightblue", "brightmagenta", "brightcyan", "brightwhite"}

// tmuxColourIsDark reads a tmux colour (a name, colourN/colorN, #rrggbb) and says
// whether it is dark; ok is false for "default", "terminal" and anything unknown.
func tmuxColourIsDark(spec string) (dark, ok bool) {
	spec = strings.ToLower(strings.TrimSpace(spec))
	var c termenv.Color
	switch {
	case strings.HasPrefix(spec, "#") && len(spec) == 7:
		c = termenv.RGBColor(spec)
	case strings.HasPrefix(spec, "colour"), strings.HasPrefix(spec, "color"):
		n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimPrefix(spec, "colour"), "color"))
		if err != nil || n < 0 || n > 255 {
			return false, false
		}
		c = termenv.ANSI256Color(n)
	default:
		i := slices.Index(tmuxColours, spec)
		if i < 0 {
			return false, false
		}
		c = termenv.ANSIColor(i)
	}
	_, _, l := termenv.ConvertToRGB(c).Hsl()
	return l < 0.5, true
}

// keepEmphasis gives a renderer on a real terminal that termenv counts as colourless
// (TERM=screen, vt100, or NO_COLOR set) the 16-colour profile, so that bold, reverse and
// underline still show: with NO_COLOR the console draws no colour anyway (tui.MonoTheme).
// TERM=dumb or none stays plain; a nil renderer (serve checking its options) is left.
func keepEmphasis(r *lipgloss.Renderer, getenv func(string) string) {
	term := getenv("TERM")
	if r != nil && r.ColorProfile() == termenv.Ascii && term != "" && term != "dumb" {
		r.SetColorProfile(termenv.ANSI)
	}
}
