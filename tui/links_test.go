package tui

import (
	"bytes"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

const longServer = "https://github-enterprise-server.corp.example-holdings.internal"

// TestLinksAreNeverCut: an address too long for the line is shown by its title and the
// copy key, never cut; with escape codes, both are an OSC 8 hyperlink to the whole
// address; the copy key copies the whole address and says where it went.
func TestLinksAreNeverCut(t *testing.T) {
	t.Parallel()
	full := longServer + "/enterprises/acme/settings"
	var out bytes.Buffer
	opts := testOptions(newFake())
	opts.ServerURL, opts.Output = longServer, &out
	opts.Getenv = func(string) string { return "" }
	h := newHarness(t, opts, 60, 16)
	h.keys(enter)
	v := h.m.View()
	if strings.Contains(v, "…") || !strings.Contains(v, "Enterprise settings (c copies the address)") {
		t.Fatalf("want the title and the key, nothing cut:\n%s", v)
	}
	h.keys(runes("c"))
	if got := out.String(); got != osc52For(full) {
		t.Fatalf("copied %q, want the whole address", got)
	}
	if v := strings.Join(strings.Fields(h.m.View()), " "); !strings.Contains(v, "Copied the address of Enterprise settings: sent to your terminal (OSC 52)") {
		t.Fatalf("the copy is not reported:\n%s", v)
	}
	h.keys(enter)
	if strings.Contains(h.m.View(), "Copied") {
		t.Fatal("the note outlived its step")
	}

	colour := lipgloss.NewRenderer(nil)
	colour.SetColorProfile(termenv.ANSI256)
	opts.Renderer = colour
	h = newHarness(t, opts, 60, 16)
	h.keys(enter)
	if v := h.m.View(); !strings.Contains(v, "\x1b]8;;"+full+"\x07") && !strings.Contains(v, "\x1b]8;;"+full+"\x1b\\") {
		t.Fatalf("no OSC 8 hyperlink to %s:\n%q", full, v)
	}
}

// TestShortLinksShowTheAddress: an address that fits is shown whole.
func TestShortLinksShowTheAddress(t *testing.T) {
	t.Parallel()
	h := newHarness(t, testOptions(newFake()), 80, 24)
	h.keys(enter)
	if v := h.m.View(); !strings.Contains(v, "Settings    https://ghes.acme.test/enterprises/acme/settings") {
		t.Fatalf("want the address itself:\n%s", v)
	}
}
