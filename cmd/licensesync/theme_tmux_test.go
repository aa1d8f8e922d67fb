package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// newStyledTmuxPane is newTmuxPane with the pane's window-style set before the program
// starts, and the program told it runs in tmux (TMUX, TMUX_PANE), as a shell in the
// pane would tell it.
func newStyledTmuxPane(t *testing.T, style string, env []string, args ...string) *tmuxPane {
	t.Helper()
	requireTmux(t)
	p := &tmuxPane{t: t, socket: fmt.Sprintf("licensesync-theme-%d-%d", os.Getpid(), time.Now().UnixNano())}
	cmdline := "env -i " + shellJoin(env) + ` TMUX="$TMUX" TMUX_PANE="$TMUX_PANE" ` +
		shellJoin(append([]string{binary}, args...)) + "; sleep 30"
	p.tmux("start-server", ";", "set-option", "-g", "window-style", style, ";",
		"new-session", "-d", "-x", "80", "-y", "24", cmdline)
	t.Cleanup(func() { p.tmux("kill-server") })
	return p
}

// brightWhiteText finds bright-white foreground in captured escapes (tmux writes the
// 16 colours as 30–37 and 90–97, the 256 as 38;5;N).
func brightWhiteText(escapes string) bool {
	return strings.Contains(escapes, "[97m") || strings.Contains(escapes, ";97m") || strings.Contains(escapes, "[97;") ||
		strings.Contains(escapes, "38;5;15m") || strings.Contains(escapes, "38;5;231m")
}

// TestWhiteTmuxPaneHasNoBrightWhiteText: in a tmux pane with a white background (which a
// program cannot ask the terminal about), the console asks tmux, draws its accents in
// the light palette, and leaves body text in the terminal's own foreground; in a black
// pane the same console uses the dark palette (so the check can tell them apart).
func TestWhiteTmuxPaneHasNoBrightWhiteText(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "TERM=xterm-256color",
		"XDG_STATE_HOME=" + filepath.Join(home, "state"), "XDG_CONFIG_HOME=" + filepath.Join(home, "config")}
	for _, c := range []struct{ style, accent string }{{"bg=white", "[34m"}, {"bg=black", "[94m"}} {
		p := newStyledTmuxPane(t, c.style, env, "--demo")
		p.waitFor("All checks passed")
		escapes := p.tmux("capture-pane", "-e", "-p")
		if brightWhiteText(escapes) {
			t.Errorf("%s: bright-white text on screen:\n%q", c.style, escapes)
		}
		if !strings.Contains(escapes, "\x1b"+c.accent) {
			t.Errorf("%s: want the accent as %q, the escapes are:\n%q", c.style, c.accent, escapes)
		}
		p.keys("q")
	}
}

// TestScreenTermKeepsEmphasisAndNoColorKeepsSymbols: TERM=screen, which termenv counts as
// colourless, still gets colour and bold; NO_COLOR gets bold but no colour.
func TestScreenTermKeepsEmphasisAndNoColorKeepsSymbols(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "TERM=screen",
		"XDG_STATE_HOME=" + filepath.Join(home, "state"), "XDG_CONFIG_HOME=" + filepath.Join(home, "config")}
	p := newTmuxPane(t, 80, 24, env, "--demo")
	p.waitFor("All checks passed")
	screen := p.tmux("capture-pane", "-e", "-p")
	if !strings.Contains(screen, "\x1b[1m") || len(sgrColours(screen)) == 0 {
		t.Errorf("TERM=screen: want bold and colour:\n%q", screen)
	}
	p.keys("q")
	mono := newTmuxPane(t, 80, 24, append(env, "NO_COLOR=1"), "--demo")
	mono.waitFor("All checks passed")
	screen = mono.tmux("capture-pane", "-e", "-p")
	if !strings.Contains(screen, "\x1b[1m") {
		t.Errorf("NO_COLOR: want bold kept:\n%q", screen)
	}
	if colours := sgrColours(screen); len(colours) > 0 {
		t.Errorf("NO_COLOR: colours %v on screen:\n%q", colours, screen)
	}
	mono.keys("q")
}

var sgrSequence = regexp.MustCompile(`\x1b\[([0-9;]*)m`)

// sgrColours lists the colour parameters (30–38, 40–48, 90–97, 100–107; not the resets
// 39 and 49) of the SGR sequences in s.
func sgrColours(s string) []string {
	var out []string
	for _, m := range sgrSequence.FindAllStringSubmatch(s, -1) {
		for _, p := range strings.Split(m[1], ";") {
			n, err := strconv.Atoi(p)
			if err == nil && (n >= 30 && n <= 38 || n >= 40 && n <= 48 || n >= 90 && n <= 97 || n >= 100 && n <= 107) {
				out = append(out, p)
			}
		}
	}
	return out
}

// TestBadCloudTokenFailsInTheWizard: a refused cloud token is the Connect step's failure,
// said precisely, before any dashboard; enter says why it does not go on.
func TestBadCloudTokenFailsInTheWizard(t *testing.T) {
	t.Parallel()
	env := startSim(t, baseEnv(t), "--license-sync-enabled")
	env = append(withEnv(env, "GH_TOKEN", "ghp_refusedCloudTokenNotARealOne00000000"), "TERM=xterm-256color",
		"XDG_CACHE_HOME="+filepath.Join(envValue(env, "HOME"), "cache"))
	p := newTmuxPane(t, 80, 24, env)
	s := p.waitFor("✗ cloud")
	if !strings.Contains(s, "GH_TOKEN was refused") || strings.Contains(s, "Dashboard") {
		t.Fatalf("want the refused cloud token on the Connect step:\n%s", s)
	}
	p.keys("Enter")
	s = p.waitFor("Not yet: the cloud check failed")
	if !strings.Contains(s, "step 1 of 4") {
		t.Fatalf("enter left the Connect step:\n%s", s)
	}
	p.keys("q")
}
