package tui

import (
	"context"
	"io"
	"os"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// DefaultRefresh is how often the dashboard reloads when Options.Refresh is zero.
const DefaultRefresh = 30 * time.Second

// Options configure a console. Only Backend or OnToken is required.
type Options struct {
	// Backend talks to the server and the cloud; nil until a token is known (see OnToken).
	Backend Backend
	// Renderer builds every style: pass the session's renderer under wish
	// (bubbletea.MakeRenderer). Nil: a renderer on standard output.
	Renderer *lipgloss.Renderer
	// Theme overrides the palette-following default colours.
	Theme *Theme
	// ServerURL and Enterprise prefill the Connect step.
	ServerURL  string
	Enterprise string
	// TokenSource names where the server token came from, e.g. "GH_ENTERPRISE_TOKEN";
	// empty when none was found, and the Connect step then asks for one (masked).
	TokenSource string
	// OnToken builds a backend from a token typed on the Connect step. Nil: the
	// console cannot ask for a token and says which variable to set instead.
	OnToken func(token string) (Backend, error)
	// Refresh is the dashboard's reload interval; zero means DefaultRefresh.
	Refresh time.Duration
	// Keys overrides DefaultKeyMap (after Rebind and CheckClashes).
	Keys *KeyMap
	// Context is the console's life: when it is cancelled, or when the program quits,
	// every request still running is cancelled and the users load stops. The command
	// passes cmd.Context() when it runs locally, and the SSH session's context under
	// serve --ssh, so a session that ends mid-load releases its fetch. Nil:
	// context.Background(), ended only by quitting.
	Context context.Context
	// Now is the clock, for tests; nil means time.Now.
	Now func() time.Time
	// NoColor renders without colours or attributes, whatever the terminal says.
	NoColor bool
	// Output is the terminal the program draws on, where "copy" writes its OSC 52
	// clipboard sequence. Nil: the Renderer's output (under wish, the session), else
	// standard output.
	Output io.Writer
	// ExportDir is where `e` writes the current view as CSV; empty: the working
	// directory.
	ExportDir string
	// Getenv reads the terminal's environment: TMUX and STY decide how "copy" wraps its
	// sequence. Nil: os.Getenv; under wish, pass the session's environment.
	Getenv func(string) string
}

// ProgramOptions are the options every licensesync program runs with: the alternate
// screen, mouse off (so text selection keeps working), and the given input and output.
// Nil in or out leaves bubbletea's default (the process's terminal). Under wish, pass
// the session as both, or append bubbletea.MakeOptions(session) to the result.
func ProgramOptions(in io.Reader, out io.Writer) []tea.ProgramOption {
	opts := []tea.ProgramOption{tea.WithAltScreen()}
	if in != nil {
		opts = append(opts, tea.WithInput(in))
	}
	if out != nil {
		opts = append(opts, tea.WithOutput(out))
	}
	return opts
}

func (o Options) renderer() *lipgloss.Renderer {
	r := o.Renderer
	if r == nil {
		r = lipgloss.NewRenderer(os.Stdout)
	}
	if o.NoColor {
		plain := lipgloss.NewRenderer(io.Discard)
		plain.SetColorProfile(termenv.Ascii)
		plain.SetHasDarkBackground(r.HasDarkBackground())
		return plain
	}
	return r
}

// clipboard is where "copy" writes, resolved from Output, Renderer and Getenv.
func (o Options) clipboard() clipboard {
	c := clipboard{out: o.Output, getenv: o.Getenv}
	if c.out == nil && o.Renderer != nil {
		c.out = o.Renderer.Output()
	}
	if c.out == nil {
		c.out = os.Stdout
	}
	if c.getenv == nil {
		c.getenv = os.Getenv
	}
	return c
}
