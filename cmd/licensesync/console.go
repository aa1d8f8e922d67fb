package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/licensesync/licensesync/client/status"
	"github.com/licensesync/licensesync/cmd/licensesync/usage"
	"github.com/licensesync/licensesync/tui"
	"github.com/licensesync/licensesync/tui/common"
)

// consoleFlags are the flags of the console itself (licensesync with no command).
type consoleFlags struct {
	refresh time.Duration
	noColor bool
	theme   string
}

// consoleMemoryLimit is the console's soft memory limit (debug.SetMemoryLimit) unless
// GOMEMLIMIT is set.
const consoleMemoryLimit = 340 << 20

func (a *app) registerConsoleFlags(fs *pflag.FlagSet) {
	fs.DurationVar(&a.console.refresh, "refresh", common.DefaultRefresh, "how often the dashboard reloads")
	fs.BoolVar(&a.console.noColor, "no-color", false, "no colours; bold, reverse and symbols stay (also: NO_COLOR=1)")
	fs.StringVar(&a.console.theme, "theme", "", "the background to draw for: auto, light or dark (default: theme: in the config, else auto: the terminal, tmux or COLORFGBG says)")
}

// runConsole opens the TUI: the guided setup, then the dashboard.
func (a *app) runConsole(cmd *cobra.Command, _ []string) error {
	if !isTerminal(a.io.in) || !isTerminal(a.io.out) {
		return usage.Errorf("the console needs a terminal; without one, use the commands with --json (e.g. licensesync status --json)")
	}
	if a.conn.debug {
		return usage.Errorf("--debug would draw its trace over the console; use it with a command instead (e.g. licensesync status --debug)")
	}
	a.conn.inConsole = true
	if a.getenv("GOGC") == "" {
		// The console holds the users (and their rows) for its whole life and makes
		// short-lived garbage drawing them: collecting at 1.5× what it holds, not 2×,
		// keeps its peak memory down for little CPU (docs/PERFORMANCE.md, "Memory").
		defer debug.SetGCPercent(debug.SetGCPercent(50))
	}
	if a.getenv("GOMEMLIMIT") == "" {
		// While the users load, their rows, sort orders and the people counted twice are
		// made beside them: at 300,000 users that peaked at 430-440 MB. A soft limit
		// makes the collector run more often near it instead (at 300,000: under 400 MB,
		// about a second more CPU); far above it, Go bounds the collector's share of CPU
		// (docs/PERFORMANCE.md, "Scaling").
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(consoleMemoryLimit))
	}
	opts, err := a.consoleOptions(cmd, lipgloss.NewRenderer(a.io.out), a.getenv)
	if err != nil {
		return err
	}
	if opts.Background == "" {
		opts.Background = background("auto", true, a.getenv) // this process's own tmux pane
	}
	if a.getenv("TMUX") != "" {
		opts.Tmux = runTmux // copy asks this tmux about set-clipboard (tui/copy.go)
	}
	var closeFn func()
	var sessionClient *status.Reader // for the history's backfill
	if a.conn.demo {
		s, err := a.open(cmd.Context())
		if err != nil {
			return err
		}
		closeFn, sessionClient = s.close, s.client
		opts.Reclaim = consoleReclaimer{a: a, s: s}
		opts.Backend, opts.ServerURL, opts.Enterprise, opts.TokenSource = s.client, s.config.ServerURL, s.config.Enterprise, s.config.ServerTokenSource
	} else {
		cfg, err := a.resolveConfig()
		if err != nil {
			return err
		}
		if cfg.ApplianceMode && cfg.ServerURL == "" {
			if cfg.ServerURL, err = applianceServerURL(cmd.Context(), a.appliance); err != nil {
				return err
			}
		}
		opts.ServerURL, opts.Enterprise, opts.TokenSource = cfg.ServerURL, cfg.Enterprise, cfg.ServerTokenSource
		opts.OnToken = func(token string) (common.Backend, error) {
			cfg.ServerToken, cfg.ServerTokenSource = token, "the console"
			s, err := a.openConfig(cfg, func() {})
			if err != nil {
				return nil, err
			}
			return s.client, nil
		}
		opts.OnServer = func(raw string) (common.Backend, string, error) {
			url, err := checkServerURL(raw)
			if err != nil {
				return nil, "", err
			}
			next := cfg
			next.ServerURL, next.TrustedCertFile = url, a.trustedCertFile(url)
			if next.ServerToken == "" {
				cfg = next
				return nil, url, nil
			}
			s, err := a.openConfig(next, func() {})
			if err != nil {
				return nil, "", err
			}
			cfg = next
			return s.client, url, nil
		}
		opts.ReadCertificate, opts.TrustCertificate = a.certificateTrust(&cfg)
		opts.CloudOnly = cfg.ServerURL == "" && !cfg.ApplianceMode
		if cfg.ServerToken != "" || opts.CloudOnly {
			s, err := a.openConfig(cfg, func() {})
			if err != nil {
				return err
			}
			opts.Backend, sessionClient = s.client, s.client
			if !opts.CloudOnly {
				opts.Reclaim = consoleReclaimer{a: a, s: s}
			}
		}
		closeFn = func() {}
	}
	defer closeFn()
	defer a.withHistory(cmd.Context(), &opts, sessionClient)()
	if sessionClient != nil {
		// Read the snapshot while the console starts and checks the connection: the
		// dashboard's first frame then finds it ready (docs/PERFORMANCE.md). The
		// backend is the one the console will use (with history, a wrapper).
		opts.Preload = tui.PreloadSnapshot(cmd.Context(), opts.Backend)
	}
	opts.Context = cmd.Context()
	opts.OpenURL = browserOpener(os.Getenv)
	a.withFleet(&opts)
	// The context is cancelled on SIGINT and SIGTERM (main.go); Bubble Tea's own signal
	// handler would race it and can hang the program's shutdown, so it is off.
	progOpts := append(common.ProgramOptions(a.io.in, a.io.out), tea.WithContext(cmd.Context()), tea.WithoutSignalHandler())
	_, err = tea.NewProgram(a.fleetConsole(opts), progOpts...).Run()
	if errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, tea.ErrInterrupted) {
		return context.Canceled // interrupted: exit 2, like any cancelled command
	}
	return err
}

// consoleOptions are what every console starts with, from the flags, the configuration
// file and the environment (getenv: the process's, or an SSH session's): refresh, colours,
// keys, and NO_COLOR.
func (a *app) consoleOptions(cmd *cobra.Command, r *lipgloss.Renderer, getenv func(string) string) (common.Options, error) {
	file, err := a.config()
	if err != nil {
		return common.Options{}, err
	}
	refresh := a.console.refresh
	if file.refresh > 0 && !cmd.Flags().Changed("refresh") {
		refresh = file.refresh
	}
	if refresh < time.Second {
		return common.Options{}, usage.Errorf("--refresh %s is too short; use 1s or more", refresh)
	}
	keys, err := file.keyMap()
	if err != nil {
		return common.Options{}, err
	}
	theme, err := file.theme()
	if err != nil {
		return common.Options{}, err
	}
	setting := file.Theme
	if cmd.Flags().Changed("theme") || setting == "" {
		setting = a.console.theme
	}
	if setting == "" {
		setting = "auto"
	}
	if err := checkTheme(setting); err != nil {
		return common.Options{}, err
	}
	keepEmphasis(r, getenv)
	return common.Options{
		Background: background(setting, false, getenv),
		Renderer:   r,
		Refresh:    refresh,
		Keys:       keys,
		Theme:      theme,
		NoColor:    a.console.noColor || getenv("NO_COLOR") != "",
		Getenv:     getenv,
	}, nil
}

func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	return ok && (isatty.IsTerminal(file.Fd()) || isatty.IsCygwinTerminal(file.Fd()))
}

var _ common.Backend = (*status.Reader)(nil)

// browserOpener is how the local console opens a web page (the user detail's "open
// profile"): the desktop's own opener. Nil where there is no desktop to open it on (a
// Linux shell without DISPLAY or WAYLAND_DISPLAY, such as an SSH login): the console
// then copies the address instead.
func browserOpener(getenv func(string) string) func(url string) error {
	var name string
	var args []string
	switch runtime.GOOS {
	case "darwin":
		name = "open"
	case "windows":
		name, args = "rundll32", []string{"url.dll,FileProtocolHandler"}
	default:
		if getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "" {
			return nil
		}
		name = "xdg-open"
	}
	return func(url string) error {
		path, err := exec.LookPath(name)
		if err != nil {
			return errors.New(name + " is not installed")
		}
		// The opener returns at once; the browser outlives it.
		return exec.Command(path, append(args, url)...).Run()
	}
}
