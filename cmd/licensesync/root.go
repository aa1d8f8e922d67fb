package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/licensesync/licensesync/client/appliance"
	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/cmd/licensesync/usage"
)

type stdio struct {
	in  io.Reader
	out io.Writer
	err io.Writer
}

// app is what every command shares: the streams, the environment and the connection.
type app struct {
	io      stdio
	getenv  func(string) string
	conn    connectionFlags
	console consoleFlags
	// started is set once a command line has parsed and a command begins to run; an
	// error before that (unknown command, wrong arguments) is a usage error.
	started bool
	// answers reads the person's replies to questions; one reader, so that no typed-ahead
	// answer is lost between two questions.
	answers *bufio.Reader

	// configFile is --config; cfg is the loaded file (see config.go).
	configFile string
	cfg        *fileConfig
	cfgLoaded  bool
	cfgErr     error

	// tokens are the tokens resolved for this run, hidden from every message.
	tokens []string

	// appliance is the admin shell's utilities in appliance mode (resolveConfig), else nil.
	appliance *appliance.Appliance
}

// run executes one command line and returns its exit code.
func run(ctx context.Context, args []string, io stdio, getenv func(string) string) int {
	a := &app{io: io, getenv: getenv}
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetIn(io.in)
	root.SetOut(io.out)
	root.SetErr(io.err)
	cmd, err := root.ExecuteContextC(ctx)
	// check answers even a bad flag as a monitoring plugin: its line is out, its code set.
	isUsage := err != nil && !a.started && !errors.As(err, new(checkExit))
	if isUsage {
		err = plainFlagGroupError(err)
	}
	if isUsage && cmd != nil && cmd.Name() == "check" && cmd.Parent() == root {
		// …and so are wrong arguments and clashing flags, which cobra says elsewhere.
		err, isUsage = a.checkUnknown(&jsonOutput{}, err.Error()), false
	}
	if isUsage && exitCode(err) != exitCancelled {
		err = usage.Errorf("%s", err)
	}
	if isUsage && cmd != nil {
		// As gh does: a line that says where the usage is, never the whole usage.
		err = usage.Errorf("%s; see '%s --help'", err, cmd.CommandPath())
	}
	if err != nil {
		printError(io.err, err, a.secrets()...)
	}
	return exitCode(err)
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "licensesync",
		Short: "Turn on and watch GitHub Connect license sync from GitHub Enterprise Server",
		Long: `licensesync guides a GitHub Enterprise Server site admin through turning on
"` + frontend.SettingLabel + `" (GitHub Connect license sync to
GitHub Enterprise Cloud), then shows license usage on both sides.

Run without a command it opens the console; every action is also a command.

The web pages the console points at, whole (the console shows long ones by title, as
links, and copies them with c):
  ` + frontend.EnterpriseURL("https://HOST", "ENTERPRISE") + `
  ` + frontend.EnterpriseURL("https://HOST", "ENTERPRISE", "settings") + `
    → GitHub Connect → "` + frontend.SettingLabel + `" → Enabled
      (GHES 3.6 and later: to the right of "License sync", click Enable)`,
		Example: `  # Try it with no server at hand
  licensesync --demo

  # Against your appliance
  export GH_ENTERPRISE_TOKEN=...   # a site admin's token
  export GH_TOKEN=...              # a GitHub.com token with read:enterprise
  licensesync --server https://ghes.example.com --enterprise acme
  licensesync status --json

  # Serve the console to other admins over SSH
  licensesync serve --ssh :2222 --authorized-keys ~/.ssh/authorized_keys

  # Shell completion (bash, zsh, fish, powershell)
  source <(licensesync completion bash)`,
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          cobra.NoArgs,
		RunE:          a.runConsole,
	}
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		// Cobra checks flag groups after this hook; check them first, as usage errors.
		if err := cmd.ValidateFlagGroups(); err != nil {
			return usage.Errorf("%s", err)
		}
		a.started = true
		return nil
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usage.Errorf("%s", err) })
	a.conn.register(root.PersistentFlags())
	root.PersistentFlags().StringVar(&a.configFile, "config", "", "configuration file (default $XDG_CONFIG_HOME/licensesync/config.yml, see docs/CONFIG.md)")
	a.registerConsoleFlags(root.Flags())
	root.AddCommand(
		a.statusCommand(),
		a.checkCommand(),
		a.historyCommand(),
		a.enableCommand(true),
		a.enableCommand(false),
		a.syncCommand(),
		a.usersCommand(),
		a.reportCommand(),
		a.exportCommand(),
		a.uploadCommand(),
		a.simCommand(),
		a.versionCommand(),
		a.serveCommand(),
		a.metricsCommand(),
		a.reclaimCommand(),
	)
	a.completionCommand(root)
	root.Version = versionString()
	root.SetVersionTemplate("{{.Version}}\n")
	return root
}

// completionCommand is cobra's completion command (bash, zsh, fish, powershell), made
// to refuse a shell it does not know instead of printing its help and exiting 0.
func (a *app) completionCommand(root *cobra.Command) {
	root.SetOut(a.io.out) // cobra takes the scripts' writer when it builds the command
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.Args = cobra.NoArgs
			c.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
			c.Example = `  source <(licensesync completion bash)                  # this shell; add it to ~/.bashrc to keep it
  licensesync completion zsh > "${fpath[1]}/_licensesync"
  licensesync completion fish > ~/.config/fish/completions/licensesync.fish`
		}
	}
}

// cobraExclusive is cobra's message for flags of a mutually exclusive group given
// together: "if any flags in the group [json csv] are set none of the others can be;
// [csv json] were all set".
var cobraExclusive = regexp.MustCompile(`^if any flags in the group \[[^\]]*\] are set none of the others can be; \[([^\]]*)\] were all set$`)

// plainFlagGroupError words cobra's clash of exclusive flags as the rest of the
// errors are worded: which flags, and what to do ("--csv and --json go separately:
// pick one"). Any other error is returned as it is.
func plainFlagGroupError(err error) error {
	m := cobraExclusive.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	flags := strings.Fields(m[1])
	for i, f := range flags {
		flags[i] = "--" + f
	}
	return errors.New(strings.Join(flags, " and ") + " go separately: pick one")
}
