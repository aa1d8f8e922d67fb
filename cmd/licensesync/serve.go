package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	"github.com/charmbracelet/wish/activeterm"
	"github.com/charmbracelet/wish/bubbletea"
	"github.com/charmbracelet/wish/recover"
	"github.com/muesli/termenv"
	"github.com/spf13/cobra"
	gossh "golang.org/x/crypto/ssh"
)

// serveFlags are `licensesync serve`'s own flags.
type serveFlags struct {
	addr           string
	hostKey        string
	authorizedKeys string
	insecureNoAuth bool
	idleTimeout    time.Duration
	maxTimeout     time.Duration
	maxSessions    int
	loginGrace     time.Duration
}

func (a *app) serveCommand() *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve --ssh ADDR --authorized-keys FILE",
		Short: "Serve the console over SSH, one console per session",
		Long: `Serve the console over SSH: every session gets its own console, sized and coloured
for the connecting terminal, all backed by this machine's connection. Tokens stay on
this machine; a session never sees them.

Only public-key logins listed in --authorized-keys are accepted (no passwords). The
host key is --host-key, created on the first start. Sessions need a terminal (ssh -t).
One line per session goes to stderr: the user, the key's SHA256 fingerprint and how
long it lasted. At most --max-sessions consoles run at once, each at most 1000x500;
a connection has --login-grace to log in (docs/SERVE.md, "Bounds").`,
		Example: `  # The demo enterprise, for anyone whose key is in the file
  licensesync serve --demo --ssh :2222 --authorized-keys ~/.ssh/authorized_keys
  ssh -p 2222 -t localhost

  # Your appliance, with the server's tokens in this shell's environment
  licensesync serve --ssh 127.0.0.1:2222 --authorized-keys admins.pub \
    --server https://ghes.example.com --enterprise acme --idle-timeout 10m`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runServe(cmd, f)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&f.addr, "ssh", "", "address to listen on, e.g. :2222 or 127.0.0.1:2222 (required)")
	fs.StringVar(&f.hostKey, "host-key", "", "the server's SSH host key, created (0600) when missing (default $XDG_STATE_HOME/licensesync/ssh_host_ed25519_key)")
	fs.StringVar(&f.authorizedKeys, "authorized-keys", "", "OpenSSH authorized_keys file of the public keys allowed in (required)")
	fs.BoolVar(&f.insecureNoAuth, "insecure-no-auth", false, "let anyone who can reach --ssh in, without a key (for a trusted loopback only)")
	fs.DurationVar(&f.idleTimeout, "idle-timeout", 15*time.Minute, "close a session after this long without a key press (0: never)")
	fs.DurationVar(&f.maxTimeout, "max-timeout", 8*time.Hour, "close a session after this long, whatever happens (0: never)")
	fs.IntVar(&f.maxSessions, "max-sessions", 8, "at most this many consoles at once; one more is refused until one ends")
	fs.DurationVar(&f.loginGrace, "login-grace", 30*time.Second, "close a connection that has not logged in after this long")
	a.registerConsoleFlags(fs)
	return cmd
}

// runServe listens, says where on stderr ("listening on ADDR"), and serves until the
// command's context ends.
func (a *app) runServe(cmd *cobra.Command, f serveFlags) error {
	if f.addr == "" {
		return usagef("serve needs --ssh ADDR, e.g. --ssh :2222")
	}
	if f.authorizedKeys == "" && !f.insecureNoAuth {
		return usagef("serve needs --authorized-keys FILE (the public keys allowed in); --insecure-no-auth lets anyone in")
	}
	if f.authorizedKeys != "" && f.insecureNoAuth {
		return usagef("--authorized-keys and --insecure-no-auth exclude each other")
	}
	if f.idleTimeout < 0 || f.maxTimeout < 0 {
		return usagef("--idle-timeout and --max-timeout cannot be negative")
	}
	if f.maxSessions < 1 {
		return usagef("--max-sessions must be at least 1, got %d", f.maxSessions)
	}
	if f.loginGrace <= 0 {
		return usagef("--login-grace must be more than 0, e.g. 30s")
	}
	// Check the console's options once, so a bad config file fails here and not per session.
	if _, err := a.consoleOptions(cmd, nil, a.getenv); err != nil {
		return err
	}
	var auth *authorizedKeys
	if !f.insecureNoAuth {
		auth = &authorizedKeys{path: f.authorizedKeys}
		n, err := auth.load()
		if err != nil {
			return usagef("--authorized-keys %s: %v", f.authorizedKeys, err)
		}
		if n == 0 {
			return usagef("--authorized-keys %s lists no keys", f.authorizedKeys)
		}
	}
	hostKeyPath := f.hostKey
	if hostKeyPath == "" {
		dir, err := a.stateDir()
		if err != nil {
			return err
		}
		hostKeyPath = filepath.Join(dir, "ssh_host_ed25519_key")
	}
	hostKey, err := loadOrCreateHostKey(hostKeyPath)
	if err != nil {
		return err
	}

	// One backend for every session; its tokens never leave this process.
	s, err := a.open(cmd.Context())
	if err != nil {
		return err
	}
	defer s.close()

	logw := &lockedWriter{w: a.io.err}
	logf := func(format string, args ...any) { fmt.Fprintf(logw, "licensesync: "+format+"\n", args...) }
	srv := &sshServer{app: a, cmd: cmd, flags: f, backend: s, logf: logf}
	sessions := &sessionLimit{max: f.maxSessions, logf: logf}
	gate := &loginGate{grace: f.loginGrace, logf: logf}
	sampling, stopSampling := context.WithCancel(cmd.Context())
	sampled := make(chan struct{})
	go func() { defer close(sampled); a.sampleWhileServing(sampling, s, logf) }()
	defer func() { stopSampling(); <-sampled }()

	opts := []ssh.Option{
		wish.WithHostKeyPEM(hostKey),
		// The console's own watch closes it after --idle-timeout without a key press and
		// says so; the connection's timeout, for a connection with no console, comes later
		// so that it never cuts that message off.
		wish.WithIdleTimeout(connIdleTimeout(f.idleTimeout)),
		wish.WithMaxTimeout(f.maxTimeout),
		func(s *ssh.Server) error {
			s.ConnCallback = gate.accept
			s.ServerConfigCallback = gate.serverConfig
			s.ChannelHandlers = map[string]ssh.ChannelHandler{"session": sessions.channelHandler}
			return nil
		},
		wish.WithMiddleware(
			// Listed first, run last: the console, guarded by the terminal and key checks,
			// all inside recover; the session log wraps everything.
			recover.MiddlewareWithLogger(logPrintf(logf),
				bubbletea.MiddlewareWithProgramHandler(srv.program, termenv.Ascii),
				activeterm.Middleware(),
				keyStillListed(auth),
				srv.needTerminal,
			),
			srv.sessionLog,
		),
	}
	if auth != nil {
		opts = append(opts, keyAuth(auth, logf))
	} else {
		logf("warning: --insecure-no-auth: anyone who can reach %s gets the console", f.addr)
	}
	server, err := wish.NewServer(opts...)
	if err != nil {
		return fmt.Errorf("cannot set up the SSH server: %w", err)
	}

	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", f.addr, err)
	}
	signer, _ := gossh.ParsePrivateKey(hostKey)
	logf("listening on %s (host key %s, %s)", ln.Addr(), gossh.FingerprintSHA256(signer.PublicKey()), hostKeyPath)

	done := make(chan error, 1)
	go func() { done <- server.Serve(ln) }()
	select {
	case err := <-done:
		if errors.Is(err, ssh.ErrServerClosed) {
			return nil
		}
		return fmt.Errorf("ssh: %w", err)
	case <-cmd.Context().Done():
	}
	logf("shutting down")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := server.Shutdown(ctx); err != nil {
		_ = server.Close()
	}
	<-done
	return nil
}

// connIdleTimeout is the idle timeout of a connection: --idle-timeout plus a margin (0
// stays 0, no timeout).
func connIdleTimeout(idle time.Duration) time.Duration {
	if idle == 0 {
		return 0
	}
	return idle + 10*time.Second
}

// sshServer holds what every session shares.
type sshServer struct {
	app     *app
	cmd     *cobra.Command
	flags   serveFlags
	backend *session
	logf    func(string, ...any)
	// consoleDone holds, per running console, what ends its input reader and idle
	// watch: a session's context is its connection's, which may outlive it.
	consoleDone sync.Map // ssh.Session → context.CancelFunc
	// idleClosed holds the sessions --idle-timeout closed (and after how long), to say so.
	idleClosed sync.Map // ssh.Session → time.Duration
}

// lockedWriter serializes log lines from concurrent sessions.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// logPrintf adapts logf to the Printf the recover middleware wants (it logs panics).
type logPrintf func(string, ...any)

func (l logPrintf) Printf(format string, args ...any) {
	l(strings.TrimRight(format, "\n"), args...)
}
