package setup

import (
	"context"
	"io"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/licensesync/licensesync/tui/common"
	"github.com/muesli/termenv"
)

// testNow is the clock of the steps under test.
var testNow = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

// serverOnly is a backend without a cloud that answers nothing else: a unit test
// hands the steps their answers itself.
type serverOnly struct{ common.Backend }

func (serverOnly) HasCloud() bool { return false }

// testShared is the context a step reads, drawn in plain text, on a serverOnly
// backend.
func testShared() *common.Shared {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	r.SetHasDarkBackground(true)
	sh := &common.Shared{
		Renderer: r,
		Styles:   common.NewStyles(r, common.DefaultTheme()),
		Keys:     common.DefaultKeyMap(),
		Backend:  serverOnly{},
		Opts:     common.Options{ServerURL: "https://ghes.acme.test", Enterprise: "acme"},
		Now:      func() time.Time { return testNow },
	}
	sh.Ctx, sh.Stop = context.WithCancel(context.Background())
	return sh
}
