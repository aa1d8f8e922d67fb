package common

import (
	"context"
	"io"
	"os"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/licensesync/licensesync/history"
)

// DefaultRefresh is how often the dashboard reloads when Options.Refresh is zero.
const DefaultRefresh = 30 * time.Second

// Options configure a console. Only Backend or OnToken is required.
type Options struct {
	// Backend talks to the server and the cloud; nil until a token is known (see OnToken).
	Backend Backend
	// Preload is Backend's snapshot being read ahead (PreloadSnapshot), taken by the
	// dashboard's first frame; nil: read when the dashboard opens.
	Preload *Preload
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
	// ReadCertificate reads the certificate the server presents, unverified, for the
	// admin to compare after a TLS failure; TrustCertificate saves the one with that
	// fingerprint (to the configuration folder) and returns a backend that trusts it
	// and where it was saved. Nil: no trust on first use (the demo, serve --ssh).
	ReadCertificate  func(ctx context.Context) (Certificate, error)
	TrustCertificate func(fingerprint string) (Backend, string, error)
	// OnServer builds a backend for a server URL typed on the Connect step, with the
	// token in use, and returns the URL as it will be used (https:// added); the backend
	// is nil while no token is known. Nil: the URL cannot be changed in the console.
	OnServer func(serverURL string) (Backend, string, error)
	// CloudOnly is a cloud owner's console without a server (docs/APPLIANCE.md): with a
	// Backend it opens on the dashboard, whose server half says what needs the server.
	CloudOnly bool
	// Reclaim gives seats back from the breakdown (r); nil: the breakdown only shows
	// where they go.
	Reclaim Reclaimer
	// ReadOnly is a console that may look but not act: no setting changed, no sync
	// started, no reclaim applied or undone. ReadOnlyWhy says why, in the words the
	// console shows when an action is refused (serve --ssh: the key's file).
	ReadOnly    bool
	ReadOnlyWhy string
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
	// NoColor renders without colours, whatever the terminal says (MonoTheme): bold,
	// reverse and underline stay where the terminal has them, and symbols (⚠, ✗) say
	// what colour would have.
	NoColor bool
	// Background is "light" or "dark" when the person (theme: in the configuration,
	// --theme) or the terminal multiplexer said which; empty: the renderer's own guess
	// (OSC 11, COLORFGBG, else dark).
	Background string
	// Output is the terminal the program draws on, where "copy" writes its OSC 52
	// clipboard sequence. Nil: the Renderer's output (under wish, the session), else
	// standard output.
	Output io.Writer
	// ExportDir is where `e` writes the current view as CSV; empty: the working
	// directory.
	ExportDir string
	// ExportHost names the machine ExportDir is on when it is not the admin's: under
	// serve --ssh, the serving host, so "Wrote … to /tmp/…" says where. Empty: the
	// admin's own machine, not named.
	ExportHost string
	// OpenURL shows a web page in a browser on the admin's machine (the user detail's
	// "open profile"). Nil where the console cannot start one, as under serve --ssh:
	// the address is copied instead.
	OpenURL func(url string) error
	// Fleet is the configured servers; Current the name of the one shown (fleet.go).
	// With two or more, the fleet key ends the console with SwitchTo set.
	Fleet   []FleetServer
	Current string
	// History reads the recorded samples for the dashboard's trend view (key T); nil:
	// no trend view.
	History HistorySource
	// Getenv reads the terminal's environment: TMUX and STY decide how "copy" wraps its
	// sequence. Nil: os.Getenv; under wish, pass the session's environment.
	Getenv func(string) string
	// Tmux runs a command of the tmux the console runs in (tmux ARGS with stdin) and
	// returns its output: "copy" asks it whether set-clipboard passes OSC 52 on, and
	// loads its paste buffer when not. Nil (under serve --ssh, where the session's tmux
	// is on another machine): copy writes the sequence and says only that it sent it.
	Tmux func(stdin string, args ...string) (string, error)
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

// ResolvedRenderer is the renderer the console draws with: Renderer or one on stdout,
// with Background applied.
func (o Options) ResolvedRenderer() *lipgloss.Renderer {
	r := o.Renderer
	if r == nil {
		r = lipgloss.NewRenderer(os.Stdout)
	}
	switch o.Background {
	case "light":
		r.SetHasDarkBackground(false)
	case "dark":
		r.SetHasDarkBackground(true)
	}
	return r
}

// ResolvedTheme is the colours the console draws with: MonoTheme without colour, else the
// configured theme or DefaultTheme.
func (o Options) ResolvedTheme() Theme {
	switch {
	case o.NoColor:
		return MonoTheme()
	case o.Theme != nil:
		return *o.Theme
	}
	return DefaultTheme()
}

// Clipboard is where "copy" writes, resolved from Output, Renderer and Getenv.
func (o Options) Clipboard() Clipboard {
	c := Clipboard{Out: o.Output, Getenv: o.Getenv, Tmux: o.Tmux}
	if c.Out == nil && o.Renderer != nil {
		c.Out = o.Renderer.Output()
	}
	if c.Out == nil {
		c.Out = os.Stdout
	}
	if c.Getenv == nil {
		c.Getenv = os.Getenv
	}
	return c
}

// HistorySource reads the recorded samples since a time (see package history);
// Options.History. The dashboard's trend pane shows them.
type HistorySource func(ctx context.Context, since time.Time) ([]history.Sample, error)
