package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tmuxPane drives the real binary in a detached tmux session of a fixed size.
type tmuxPane struct {
	t      *testing.T
	socket string
}

func newTmuxPane(t *testing.T, width, height int, env []string, args ...string) *tmuxPane {
	t.Helper()
	requireTmux(t)
	p := &tmuxPane{t: t, socket: fmt.Sprintf("licensesync-test-%d-%d", os.Getpid(), time.Now().UnixNano())}
	cmdline := "env -i " + shellJoin(env) + " " + shellJoin(append([]string{binary}, args...)) + "; sleep 30"
	p.tmux("new-session", "-d", "-x", fmt.Sprint(width), "-y", fmt.Sprint(height), cmdline)
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", p.socket, "kill-server").Run() })
	return p
}

// requireTmux skips a test where tmux is not installed, unless CI requires it.
func requireTmux(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("LICENSESYNC_REQUIRE_TMUX") != "" {
			t.Fatal("tmux is required (LICENSESYNC_REQUIRE_TMUX is set) but not installed")
		}
		t.Skip("tmux is not installed; .ci/run installs it")
	}
}

func shellJoin(words []string) string {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
	}
	return strings.Join(quoted, " ")
}

func (p *tmuxPane) tmux(args ...string) string {
	p.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", p.socket, "-f", "/dev/null"}, args...)...).CombinedOutput()
	if err != nil {
		p.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (p *tmuxPane) screen() string { return p.tmux("capture-pane", "-p") }

// waitFor polls the screen until it shows text, and returns that screen.
func (p *tmuxPane) waitFor(text string) string {
	p.t.Helper()
	return p.waitUntil(fmt.Sprintf("showed %q", text), func(s string) bool { return strings.Contains(s, text) })
}

// waitUntil polls the screen (every 50ms, for at most 20s) until ok(screen), and returns
// that screen; what completes "the screen never …" when it does not come.
func (p *tmuxPane) waitUntil(what string, ok func(screen string) bool) string {
	p.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		s := p.screen()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("the screen never %s; it shows:\n%s", what, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (p *tmuxPane) keys(keys ...string) {
	p.t.Helper()
	for _, k := range keys {
		p.tmux("send-keys", k)
	}
}

// TestConsoleWalkthroughInTmux is the admin's first run: from `licensesync --demo` in an
// 80×24 pane, enter and the arrow keys alone lead through every step to "Enabled", through
// confirmation, to the dashboard; `s` then syncs and the cloud numbers change.
func TestConsoleWalkthroughInTmux(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "TERM=xterm-256color",
		"XDG_STATE_HOME=" + filepath.Join(home, "state"), "XDG_CONFIG_HOME=" + filepath.Join(home, "config")}
	p := newTmuxPane(t, 80, 24, env, "--demo", "--demo-reset")

	s := p.waitFor("All checks passed")
	for _, want := range []string{"Connect", "step 1 of 4", "✓ reachable", "✓ site admin"} {
		if !strings.Contains(s, want) {
			t.Errorf("Connect step lacks %q:\n%s", want, s)
		}
	}
	p.keys("Enter")
	s = p.waitFor("step 2 of 4")
	if !strings.Contains(s, "Enterprise › Settings") || !strings.Contains(s, "/enterprises/acme/settings") {
		t.Errorf("the enterprise step does not name its settings page:\n%s", s)
	}
	p.keys("Enter")
	s = p.waitFor("Connected to")
	if !strings.Contains(s, "GitHub Connect") || !strings.Contains(s, "acme-cloud") {
		t.Errorf("GitHub Connect step:\n%s", s)
	}
	p.keys("Enter")
	s = p.waitFor("Server can sync user license count and usage")
	if !strings.Contains(s, "Disabled   (current)") || !strings.Contains(s, "Enabled") {
		t.Errorf("the dropdown does not show the current value:\n%s", s)
	}
	p.keys("Up", "Enter")
	p.waitFor("from Disabled to Enabled?")
	p.keys("Enter")
	p.waitFor("Disabled → Enabled")
	p.keys("Enter")
	s = p.waitFor("updated")
	before := cloudLine(t, s)
	if !strings.Contains(before, "1,800 consumed") {
		t.Errorf("before the sync the cloud counts its 1,800 members: %q", before)
	}
	p.keys("s")
	p.waitFor("Sync now succeeded")
	// The success is said first, then the dashboard refreshes ("refreshing…"): wait for
	// the new numbers rather than take the screen of the moment.
	s = p.waitFor("3,340 consumed")
	after := cloudLine(t, s)
	if after == before || !strings.Contains(after, "3,340 consumed") {
		t.Errorf("the cloud numbers did not change as the sync predicts: before %q, after %q\n%s", before, after, s)
	}
	for i, line := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		if w := len([]rune(line)); w > 80 {
			t.Errorf("line %d is %d wide in an 80-column pane: %q", i, w, line)
		}
	}
	p.keys("q")

	// The next time, with license sync on, the console opens on the dashboard.
	again := newTmuxPane(t, 80, 24, env, "--demo")
	again.waitFor("License sync is already enabled")
	s = again.waitFor("updated")
	if !strings.Contains(s, "Dashboard") || !strings.Contains(cloudLine(t, s), "3,340 consumed") {
		t.Errorf("a returning admin should land on the dashboard with the synced numbers:\n%s", s)
	}
	again.keys("q")
}

// cloudLine is the dashboard's Cloud line and the Seats line under it.
func cloudLine(t *testing.T, screen string) string {
	t.Helper()
	lines := strings.Split(screen, "\n")
	for i, line := range lines {
		if strings.HasPrefix(line, "Cloud ") && i+1 < len(lines) {
			return line + "\n" + lines[i+1]
		}
	}
	t.Fatalf("no Cloud line on the dashboard:\n%s", screen)
	return ""
}

// TestConsoleRefusesDebug: the HTTP trace would be drawn over the console's screen.
func TestConsoleRefusesDebug(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "TERM=xterm-256color",
		"XDG_STATE_HOME=" + filepath.Join(home, "state")}
	p := newTmuxPane(t, 80, 24, env, "--demo", "--debug")
	p.waitFor("--debug would draw its trace over the console")
}

// TestStockApplianceWalkthroughInTmux: an appliance without the console API, whose
// license sync the cloud confirms. The console opens on the dashboard, says license
// sync is on without a warning and where Sync now is (a browser) instead of offering
// s; esc shows the browser path, verified from the cloud's side.
func TestStockApplianceWalkthroughInTmux(t *testing.T) {
	t.Parallel()
	env := startSim(t, baseEnv(t), "--stock", "--license-sync-enabled")
	env = append(env, "TERM=xterm-256color", "XDG_CACHE_HOME="+filepath.Join(envValue(env, "HOME"), "cache"))
	p := newTmuxPane(t, 80, 24, env)
	s := p.waitFor("the cloud confirms")
	if !strings.Contains(s, "Dashboard") || !strings.Contains(s, "Sync now is in a browser") || strings.Contains(s, "s sync now") {
		t.Errorf("a stock appliance the cloud confirms should open quietly on the dashboard:\n%s", s)
	}
	p.keys("Escape")
	s = p.waitFor("Open in a browser")
	p.waitFor("Verified: the cloud shows 127.0.0.1 synced")
	server := envValue(env, "LICENSESYNC_SERVER")
	for _, want := range []string{server + "/enterprises/acme/settings", "→ GitHub Connect", `→ to the right of "License sync", click Enable`} { // the sim is GHES 3.22
		if !strings.Contains(s, want) {
			t.Errorf("the browser path lacks %q:\n%s", want, s)
		}
	}
	p.keys("Enter")
	p.waitFor("updated")
	p.keys("q")
}

// TestCtrlCCancelsTheEnableQuestion: the [y/N] question of enable gives way to Ctrl+C at
// once, and nothing changes.
func TestCtrlCCancelsTheEnableQuestion(t *testing.T) {
	t.Parallel()
	env := startSim(t, baseEnv(t))
	p := newTmuxPane(t, 120, 10, append(env, "TERM=xterm-256color"), "enable") // the question fits one line
	p.waitFor("[y/N]")
	p.keys("C-c")
	p.waitFor("licensesync: interrupted; nothing more was changed")
	if st := decodeStatus(t, runBin(t, env, "status", "--json")); st.Connect.LicenseSync != "disabled" {
		t.Fatalf("the setting changed after Ctrl+C: %q", st.Connect.LicenseSync)
	}
}
