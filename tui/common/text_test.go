package common

import (
	"strings"
	"testing"

	"io"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

func TestHangKeepsFlagsWhole(t *testing.T) {
	t.Parallel()
	sh := &Shared{Renderer: asciiRenderer()}
	for w := 40; w <= 80; w++ {
		got := sh.Hang(`globex: The appliance has no enterprise "globex"; check --enterprise.`, 12, w, sh.Renderer.NewStyle())
		if !strings.Contains(got, "--enterprise.") || strings.Contains(got, "\u2011") {
			t.Fatalf("width %d: the flag was torn or the stand-in left behind:\n%s", w, got)
		}
	}
}

// asciiRenderer draws without colour, as a test compares plain text.
func asciiRenderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	return r
}
