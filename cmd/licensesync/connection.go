package main

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/appliance"
	"github.com/licensesync/licensesync/client/ghauth"
	"github.com/licensesync/licensesync/client/status"
	"github.com/licensesync/licensesync/client/textsafe"
	"github.com/licensesync/licensesync/client/transport"
	"github.com/licensesync/licensesync/cmd/licensesync/usage"
)

// connectionFlags are the flags every command takes to find the two sides.
type connectionFlags struct {
	server, enterprise     string
	cloud, cloudEnterprise string
	caCert                 string
	allowHTTP, debug       bool
	concurrency            int
	pace, maxAge           string
	noSnapshot             bool
	wait                   bool   // --wait: a read over the rate limit's budget waits for its reset
	maxWait                string // --max-wait: the command's waits in all (waiting.go)
	sayWaits               bool   // not a flag: a command (not the console) says its waits on stderr
	inConsole              bool   // not a flag: the console runs; a read over the budget waits, its countdown on screen
	demo, demoReset        bool
	appliance              bool
}

func (c *connectionFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&c.server, "server", "", "GitHub Enterprise Server URL (env LICENSESYNC_SERVER, else GH_HOST)")
	fs.StringVar(&c.enterprise, "enterprise", "", "enterprise slug on the server (env LICENSESYNC_ENTERPRISE)")
	fs.StringVar(&c.cloud, "cloud", "", "GitHub Enterprise Cloud API URL (env LICENSESYNC_CLOUD, default "+client.DefaultCloudURL+")")
	fs.StringVar(&c.cloudEnterprise, "cloud-enterprise", "", "enterprise slug on GitHub Enterprise Cloud (env LICENSESYNC_CLOUD_ENTERPRISE; default: what GitHub Connect reports)")
	fs.StringVar(&c.caCert, "ca-cert", "", "PEM file of extra CA certificates to trust (env LICENSESYNC_CA_CERT)")
	fs.BoolVar(&c.allowHTTP, "allow-http", false, "allow plain http to a host that is not this machine")
	fs.BoolVar(&c.debug, "debug", false, "trace HTTP requests on stderr (tokens are never shown)")
	fs.IntVar(&c.concurrency, "concurrency", 0, "consumed-licenses pages fetched at once (default: the client's, see docs/PERFORMANCE.md)")
	fs.StringVar(&c.pace, "pace", "", `client-side limit per cloud endpoint, POINTS/WINDOW (a GET costs 1) or "off" (env LICENSESYNC_PACE; default 900/1m, GitHub's secondary limit)`)
	fs.StringVar(&c.maxAge, "max-age", "", `trust a consumed-licenses snapshot confirmed within this long when page 1 is unchanged; "0" checks every page (default: the cloud's Cache-Control max-age, else 5m)`)
	fs.BoolVar(&c.noSnapshot, "no-snapshot", false, "neither read nor write the consumed-licenses snapshot (kept in $XDG_CACHE_HOME/licensesync)")
	fs.BoolVar(&c.wait, "wait", false, "when a consumed-licenses read needs more requests than the cloud's rate limit has left, spend what is left, wait for the reset (a countdown on stderr) and go on; default: say so and stop, exit 75, unless the reset is within --max-wait")
	fs.StringVar(&c.maxWait, "max-wait", "", "the most one command waits for rate limits and retries in all, then it stops, exit 75 (default 5m; 65m with --wait)")
	fs.BoolVar(&c.demo, "demo", false, "use a built-in simulated enterprise instead of real servers")
	fs.BoolVar(&c.demoReset, "demo-reset", false, "with --demo: start the simulated enterprise over")
	fs.BoolVar(&c.appliance, "appliance", false, "appliance mode: read the license and hostname with ghe-license and ghe-config (default: when ghe-license is on PATH)")
}

// session is an open connection: the client and how to close what backs it.
type session struct {
	client *status.Reader
	config client.Config
	close  func()
}

// open resolves flags, environment and gh's config into a client; with --demo it starts
// the simulated enterprise first.
func (a *app) open(ctx context.Context) (*session, error) {
	if a.conn.demoReset && !a.conn.demo {
		return nil, usage.Errorf("--demo-reset goes with --demo")
	}
	if a.conn.demo {
		// The demo has its own server, enterprise, cloud and certificate: these flags
		// would be silently dropped.
		var given []string
		for _, f := range []struct{ name, value string }{
			{"--server", a.conn.server}, {"--enterprise", a.conn.enterprise}, {"--cloud", a.conn.cloud}, {"--ca-cert", a.conn.caCert},
		} {
			if f.value != "" {
				given = append(given, f.name)
			}
		}
		if len(given) > 0 {
			return nil, usage.Errorf("--demo brings its own server, enterprise (%s), cloud and certificate: drop %s, or drop --demo", demoEnterprise, strings.Join(given, " and "))
		}
	}
	if a.conn.demo {
		if _, err := a.config(); err != nil { // a broken file is an error with --demo too
			return nil, err
		}
		return a.openDemo(ctx)
	}
	cfg, err := a.resolveConfig()
	if err != nil {
		return nil, err
	}
	if cfg.ApplianceMode && cfg.ServerURL == "" {
		if cfg.ServerURL, err = applianceServerURL(ctx, a.appliance); err != nil {
			return nil, err
		}
		cfg.ServerURLSource = "ghe-config core.github-hostname"
	}
	return a.openConfig(cfg, func() {})
}

func (a *app) openConfig(cfg client.Config, closeFn func()) (*session, error) {
	if a.conn.debug {
		cfg.Debug = a.io.err
	}
	cfg.Version = version
	if c := a.conn.concurrency; c < 0 || c > transport.MaxConcurrency {
		closeFn()
		return nil, usage.Errorf("--concurrency %d: choose 1 to %d pages at once (0: the default, %d)", c, transport.MaxConcurrency, client.DefaultConcurrency)
	}
	cfg.Concurrency = a.conn.concurrency
	if err := a.applyFetching(&cfg); err != nil {
		closeFn()
		return nil, err
	}
	if cfg.ServerURL != "" { // a mistyped URL is said before a missing token for it
		if err := client.CheckBaseURL(cfg.ServerURL, "--server", cfg.AllowHTTP); err != nil {
			closeFn()
			return nil, err
		}
	}
	if err := requireServerToken(cfg); err != nil {
		closeFn()
		return nil, err
	}
	c, err := client.New(cfg)
	if err != nil {
		closeFn()
		return nil, err
	}
	var app *appliance.Appliance
	if cfg.ApplianceMode {
		app = a.appliance
	}
	return &session{client: status.New(c, app), config: cfg, close: closeFn}, nil
}

// withSession wraps a command's work: it opens the session (the demo, or the configured
// servers), runs fn with it and closes it.
func (a *app) withSession(fn func(cmd *cobra.Command, s *session) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, _ []string) error {
		if err := a.commandWaits(cmd); err != nil {
			return err
		}
		s, err := a.open(cmd.Context())
		if err != nil {
			return err
		}
		defer s.close()
		return fn(cmd, s)
	}
}

// resolveConfig turns flags, env and gh's hosts.yml into a client configuration.
func (a *app) resolveConfig() (client.Config, error) { return a.resolveConfigFor(a.conn.server) }

// resolveConfigFor is resolveConfig for the server given as server (a URL, a host or a
// fleet name; empty: the environment's or the file's).
func (a *app) resolveConfigFor(server string) (client.Config, error) {
	file, err := a.config()
	if err != nil {
		return client.Config{}, err
	}
	// The flag, else the environment, else the configuration file.
	pick := func(flag, fromFile string, envs ...string) string {
		if flag != "" {
			return flag
		}
		for _, e := range envs {
			if v := strings.TrimSpace(a.getenv(e)); v != "" {
				return v
			}
		}
		return strings.TrimSpace(fromFile)
	}
	cfg := client.Config{
		ServerURL:       pick(server, file.Server, serverURLEnvs...),
		ServerURLSource: a.serverURLSource(server),
		Enterprise:      pick(a.conn.enterprise, file.Enterprise, "LICENSESYNC_ENTERPRISE"),
		CloudURL:        pick(a.conn.cloud, file.Cloud, "LICENSESYNC_CLOUD"),
		CloudEnterprise: pick(a.conn.cloudEnterprise, file.CloudEnterprise, "LICENSESYNC_CLOUD_ENTERPRISE"),
		CACertFile:      pick(a.conn.caCert, "", "LICENSESYNC_CA_CERT"),
		AllowHTTP:       a.conn.allowHTTP,
	}
	for _, slug := range []struct{ value, flag, fromFile, key, env string }{
		{cfg.Enterprise, a.conn.enterprise, file.Enterprise, "enterprise", "LICENSESYNC_ENTERPRISE"},
		{cfg.CloudEnterprise, a.conn.cloudEnterprise, file.CloudEnterprise, "cloud_enterprise", "LICENSESYNC_CLOUD_ENTERPRISE"},
	} {
		if err := client.CheckSlug(slug.value, a.slugSource(slug.flag, slug.env, slug.key, file.path)); err != nil {
			return cfg, err
		}
	}
	if cfg.RequestTimeout, err = a.requestTimeout(); err != nil {
		return cfg, err
	}
	fleet, inFleet := file.fleetEntry(cfg.ServerURL)
	if cfg.ServerURL == "" && len(file.Servers) > 0 {
		fleet, inFleet = file.Servers[0], true // the fleet's first server is the default
	}
	if inFleet {
		if given := cfg.ServerURL; !strings.EqualFold(hostOf(client.WithHTTPS(fleet.URL)), hostOf(client.WithHTTPS(given))) {
			cfg.ServerURLSource = "the config file" // a fleet name, or the fleet's first server
		}
		a.applyFleet(&cfg, fleet, a.conn.enterprise != "" || a.getenv("LICENSESYNC_ENTERPRISE") != "",
			a.conn.cloudEnterprise != "" || a.getenv("LICENSESYNC_CLOUD_ENTERPRISE") != "")
	}
	if a.appliance, err = a.detectAppliance(); err != nil {
		return cfg, err
	}
	cfg.ApplianceMode = a.appliance != nil
	// In appliance mode without a server, the hostname ghe-config gives is used (open);
	// a cloud owner with GH_TOKEN and --cloud-enterprise needs no server (docs/APPLIANCE.md).
	if cfg.ServerURL == "" && !cfg.ApplianceMode && cfg.CloudEnterprise == "" {
		return cfg, usage.Errorf("no server given: pass --server https://HOST, set LICENSESYNC_SERVER or put server: in the config file (or try --demo)")
	}
	if cfg.ServerURL != "" {
		if cfg.ServerURL, err = checkServerURL(cfg.ServerURL); err != nil {
			return cfg, err
		}
	}
	if cfg.CloudURL == "" {
		cfg.CloudURL = client.DefaultCloudURL
	}
	lookup := ghauth.Lookup{Getenv: a.getenv, AskGH: a.getenv("LICENSESYNC_ASK_GH") != ""}
	serverToken := lookup.ForHost(hostOf(cfg.ServerURL))
	cfg.ServerToken, cfg.ServerTokenSource = serverToken.Value, serverToken.Source
	if v, source, ok := a.fleetToken(fleet); inFleet && ok {
		cfg.ServerToken, cfg.ServerTokenSource = v, source
	}
	cfg.TrustedCertFile = a.trustedCertFile(cfg.ServerURL)
	cloudToken := lookup.ForHost(cloudHostForTokens(cfg.CloudURL))
	cfg.CloudToken, cfg.CloudTokenSource = cloudToken.Value, cloudToken.Source
	a.tokens = append(a.tokens, cfg.ServerToken, cfg.CloudToken)
	if cfg.ServerURL == "" && !cfg.ApplianceMode && cfg.CloudToken == "" {
		return cfg, usage.Errorf("no server given: pass --server https://HOST, set LICENSESYNC_SERVER or put server: in the config file (or, as a cloud owner, set GH_TOKEN with --cloud-enterprise)")
	}
	if cfg.ServerURL == "" && !cfg.ApplianceMode {
		cfg.ServerToken, cfg.ServerTokenSource = "", "" // a cloud owner's session: no server to send it to
	}
	return cfg, nil
}

// requestTimeout is LICENSESYNC_REQUEST_TIMEOUT, the bound of one HTTP exchange (0: the
// client's default); the demo's requests keep it too.
func (a *app) requestTimeout() (time.Duration, error) {
	v := strings.TrimSpace(a.getenv("LICENSESYNC_REQUEST_TIMEOUT"))
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 100*time.Millisecond {
		return 0, usage.Errorf("LICENSESYNC_REQUEST_TIMEOUT %q: give a duration of at least 100ms, e.g. 30s (default %s)", textsafe.Sanitize(v), client.DefaultRequestTimeout)
	}
	return d, nil
}

// serverURLEnvs are the variables a server URL is read from when no --server is given,
// the first set one wins.
var serverURLEnvs = []string{"LICENSESYNC_SERVER", "GH_HOST"}

// serverURLSource names where the server URL comes from, the flag, a variable or the
// config file, for status to say when the server matched by another name.
func (a *app) serverURLSource(server string) string {
	if server != "" {
		return "--server"
	}
	for _, e := range serverURLEnvs {
		if strings.TrimSpace(a.getenv(e)) != "" {
			return e
		}
	}
	return "the config file"
}

// checkServerURL is a server URL as given (flag, file, or typed in the console) made
// ready to use: https:// when no scheme is given, and never GitHub.com itself.
func checkServerURL(raw string) (string, error) {
	u := client.WithHTTPS(strings.TrimSpace(raw))
	if ghauth.IsCloudHost(hostOf(u)) {
		return u, usage.Errorf("--server %s is GitHub.com; give your GitHub Enterprise Server's URL", hostOf(u))
	}
	return u, nil
}

// cloudHostForTokens maps the cloud API URL to the host gh keys its tokens by: any cloud
// URL that is not a GitHub host (a simulator, a proxy) still reads GH_TOKEN.
func cloudHostForTokens(cloudURL string) string {
	h := hostOf(cloudURL)
	if ghauth.IsCloudHost(h) {
		return h
	}
	return "github.com"
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	return u.Hostname()
}

// requireServerToken is for commands that cannot do anything without one.
func requireServerToken(cfg client.Config) error {
	if cfg.ServerToken == "" && !cfg.ApplianceMode && !cfg.CloudOwnerSession() {
		return &client.Error{Kind: client.KindUnauthorized, Op: "no token for " + hostOf(cfg.ServerURL),
			Hint: "Set GH_ENTERPRISE_TOKEN to a site admin's token (or log in with gh auth login --hostname " + hostOf(cfg.ServerURL) + ")"}
	}
	return nil
}

// slugSource names where pick found a slug, for the one slug rule's message: the flag,
// the environment variable, else the configuration file's key.
func (a *app) slugSource(flag, env, key, path string) string {
	switch {
	case flag != "":
		return "--" + strings.ReplaceAll(key, "_", "-")
	case strings.TrimSpace(a.getenv(env)) != "":
		return env
	}
	return key + ": in " + path
}
