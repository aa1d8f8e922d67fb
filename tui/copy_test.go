package tui

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/licensesync/licensesync/tui/common"
)

func osc52For(text string) string {
	return "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(text)) + "\x07"
}

func TestCopyWritesOSC52ToTheProgramOutputAndSaysSo(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	env := map[string]string{}
	opts := testOptions(newFake())
	opts.Output = &out
	opts.Getenv = func(k string) string { return env[k] }
	h := newHarness(t, opts, 80, 24)
	h.toDashboard()

	h.keys(runes("c"))
	if got, want := out.String(), osc52For("abel, abel@acme.test"); got != want {
		t.Fatalf("wrote %q, want %q", got, want)
	}
	if v := h.m.View(); !strings.Contains(v, `✓ Copied "abel, abel@acme.test": sent to your terminal (OSC 52)`) {
		t.Fatalf("the copy is not reported:\n%s", v)
	}
	h.keys(down)
	if v := h.m.View(); strings.Contains(v, "Copied") {
		t.Fatalf("the report outlived the next key:\n%s", v)
	}

	// Inside tmux: plain (set-clipboard on) and wrapped for passthrough, in one write.
	env["TMUX"] = "/tmp/tmux-1000/default,4242,0"
	out.Reset()
	h.keys(runes("c"))
	plain := osc52For("bea, bea@acme.test")
	if got, want := out.String(), plain+"\x1bPtmux;\x1b"+plain+"\x1b\\"; got != want {
		t.Fatalf("inside tmux wrote %q, want %q", got, want)
	}

	// The counted-twice view copies the selected person's fix, and u their profiles.
	delete(env, "TMUX")
	out.Reset()
	h.keys(runes("d"), runes("c"))
	d := h.m.pages[common.StepDashboard].(*dashboardPage)
	if got, want := out.String(), osc52For(d.twice.rec.r.Findings[0].Fix); got != want || !strings.HasPrefix(d.twice.rec.r.Findings[0].Fix, "If one person") {
		t.Fatalf("fix: wrote %q, want %q", got, want)
	}
	out.Reset()
	h.keys(runes("u"))
	if got, want := out.String(), osc52For("https://github.com/jdoe"); got != want {
		t.Fatalf("profiles: wrote %q, want %q", got, want)
	}
}

func TestCopyWithNothingSelectedSaysSo(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	opts := testOptions(newFake())
	opts.Output = &out
	h := newHarness(t, opts, 80, 24)
	h.toDashboard()
	h.keys(runes("/"), runes("nobody-at-all"), enter, runes("c"))
	if out.Len() != 0 || !strings.Contains(h.m.View(), "Nothing to copy") {
		t.Fatalf("wrote %q; view:\n%s", out.String(), h.m.View())
	}
}

// Keys that arrive in one read reach bubbletea v1 as one message; each still counts.
func TestKeysArrivingTogetherEachAct(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	opts := testOptions(newFake())
	opts.Output = &out
	h := newHarness(t, opts, 80, 24)
	d := h.toDashboard()
	h.keys(runes("jjc"))
	if d.users.table.cursor != 2 || out.String() != osc52For("carla, carla@acme.test") {
		t.Fatalf("cursor %d, wrote %q", d.users.table.cursor, out.String())
	}
	h.keys(runes("/ab"))
	if d.users.table.filter != "ab" {
		t.Fatalf("filter %q", d.users.table.filter)
	}
}

// TestCopyInTmuxIsHonest: inside a tmux the console can ask, the copy follows
// set-clipboard: "on" passes OSC 52 on; otherwise the text is loaded into tmux's paste
// buffer, and the note says what to set for the terminal's clipboard. A tmux it cannot
// ask (serve --ssh) gets the sequence and a note that says only that it was sent.
func TestCopyInTmuxIsHonest(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		mode, wrote, loaded, says string
	}{
		{mode: "on", wrote: osc52For("x"), says: "copied into tmux's paste buffer and sent to your terminal (OSC 52)"},
		{mode: "external", loaded: "x", says: "copied into tmux's paste buffer (prefix ] pastes it) and sent to your terminal (OSC 52)"},
		{mode: "off", loaded: "x", says: "for your terminal's clipboard too: tmux set -g set-clipboard on"},
	} {
		var out bytes.Buffer
		var loaded string
		c := common.Clipboard{Out: &out, Getenv: func(k string) string { return map[string]string{"TMUX": "/tmp/t,1,0"}[k] },
			Tmux: func(stdin string, args ...string) (string, error) {
				if args[0] == "load-buffer" {
					loaded = stdin
				}
				return tc.mode + "\n", nil
			}}
		said, err := c.Copy("x")
		if err != nil || out.String() != tc.wrote || loaded != tc.loaded || !strings.Contains(said, tc.says) {
			t.Errorf("set-clipboard %s: wrote %q, loaded %q, said %q (err %v)", tc.mode, out.String(), loaded, said, err)
		}
	}
	var out bytes.Buffer
	remote := common.Clipboard{Out: &out, Getenv: func(k string) string { return map[string]string{"TMUX": "/tmp/t,1,0"}[k] }}
	if said, _ := remote.Copy("x"); !strings.HasPrefix(said, "sent to your terminal (OSC 52)") || strings.Contains(said, "copied") {
		t.Errorf("a tmux the console cannot ask: said %q", said)
	}
}
