package tui

import (
	"bytes"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/licensesync/licensesync/assets"
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

// TestDocsLinksNeverWrap: a step's GitHub Docs page is one line, never a wrapped
// address (a line holding only the end of a URL, like "enterprise", is what wrapping
// left before), and the copy key copies the step's pages in turn: first the settings
// page to open, then the docs.
func TestDocsLinksNeverWrap(t *testing.T) {
	var out bytes.Buffer
	f := newFake()
	f.settings.Connected, f.settings.CloudEnterprise = false, ""
	opts := testOptions(f)
	opts.Output = &out
	opts.Getenv = func(string) string { return "" }
	for _, size := range [][2]int{{60, 16}, {80, 24}, {120, 40}} {
		h := newHarness(t, opts, size[0], size[1])
		h.keys(enter, enter)
		v := h.m.View()
		if size[0] > 60 && !strings.Contains(v, "Docs: Enabling GitHub Connect (c copies the address)") {
			t.Fatalf("%v: want the docs page by its title:\n%s", size, v)
		}
		if strings.Contains(v, "docs.github.com") || strings.Contains(v, "githubcom") {
			t.Fatalf("%v: a docs address is written out and wraps:\n%s", size, v)
		}
		h = newHarness(t, testOptions(newFake()), size[0], size[1])
		h.keys(enter, enter, enter)
		if v := h.m.View(); strings.Contains(v, "docs.github.com") || strings.Contains(v, "your-enterprise") ||
			strings.Contains(v, "\nenterprise ") {
			t.Fatalf("%v: license sync's docs address is written out and wraps:\n%s", size, v)
		}
	}
	h := newHarness(t, opts, 80, 24)
	h.keys(enter, enter, runes("c"))
	if got := out.String(); got != osc52For("https://ghes.acme.test/enterprises/acme/settings") {
		t.Fatalf("first copy %q, want the settings page", got)
	}
	if v := strings.Join(strings.Fields(h.m.View()), " "); !strings.Contains(v, "(c again copies Enabling GitHub Connect)") {
		t.Fatalf("the next copy is not said:\n%s", v)
	}
	out.Reset()
	h.keys(runes("c"))
	if got := out.String(); got != osc52For(assets.ConnectDocsURL) {
		t.Fatalf("second copy %q, want the whole docs address", got)
	}
}
