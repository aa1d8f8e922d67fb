package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	"github.com/charmbracelet/wish/activeterm"
	"github.com/charmbracelet/wish/bubbletea"
	"github.com/charmbracelet/wish/recover"
	"github.com/muesli/termenv"
	"github.com/spf13/cobra"
	gossh "golang.org/x/crypto/ssh"

	"github.com/licensesync/licensesync/tui"
)

// needTerminalLine is what a session without a pty gets, on its stderr.
const needTerminalLine = "licensesync needs a terminal (ssh -t); for scripts use the commands with --json"

// serveFlags are `licensesync serve`'s own flags.
type serveFlags struct {
	addr           string
	hostKey        string
	authorizedKeys string
	insecureNoAuth bool
	idleTimeout    time.Duration
	maxTimeout     time.Duration
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
long it lasted.`,
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
	sampling, stopSampling := context.WithCancel(cmd.Context())
	sampled := make(chan struct{})
	go func() { defer close(sampled); a.sampleWhileServing(sampling, s, logf) }()
	defer func() { stopSampling(); <-sampled }()

	opts := []ssh.Option{
		wish.WithHostKeyPEM(hostKey),
		wish.WithIdleTimeout(f.idleTimeout),
		wish.WithMaxTimeout(f.maxTimeout),
		wish.WithMiddleware(
			// Listed first, run last: the console, guarded by the terminal checks, all
			// inside recover; the session log wraps everything.
			recover.MiddlewareWithLogger(logPrintf(logf),
				bubbletea.MiddlewareWithProgramHandler(srv.program, termenv.Ascii),
				activeterm.Middleware(),
				srv.needTerminal,
			),
			srv.sessionLog,
		),
	}
	if auth != nil {
		opts = append(opts, wish.WithPublicKeyAuth(func(ctx ssh.Context, key ssh.PublicKey) bool {
			ok, err := auth.allows(key)
			if err != nil {
				logf("ssh: reading %s: %v", f.authorizedKeys, err)
			}
			if !ok {
				logf("ssh: refused key %s for %q from %s", gossh.FingerprintSHA256(key), ctx.User(), ctx.RemoteAddr())
			}
			return ok
		}))
	} else {
		logf("warning: --insecure-no-auth: anyone who can reach %s gets the console", f.addr)
	}
	server, err := wish.NewServer(opts...)
	if err != nil {
		return fmt.Errorf("cannot set up the SSH server: %w", err)
	}
	srv.auth = auth

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

// sshServer holds what every session shares.
type sshServer struct {
	app     *app
	cmd     *cobra.Command
	flags   serveFlags
	backend *session
	auth    *authorizedKeys
	logf    func(string, ...any)
}

// needTerminal refuses sessions without a pty, or that ask for a command, in one line.
func (s *sshServer) needTerminal(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if _, _, ok := sess.Pty(); !ok || len(sess.Command()) > 0 {
			fmt.Fprintln(sess.Stderr(), needTerminalLine)
			_ = sess.Exit(1)
			return
		}
		// The public-key callback may have seen other keys than the one that logged in:
		// check the session's own key again (as soft-serve does).
		if s.auth != nil {
			if ok, _ := s.auth.allows(sess.PublicKey()); !ok {
				fmt.Fprintln(sess.Stderr(), "licensesync: this key is not allowed")
				_ = sess.Exit(1)
				return
			}
		}
		next(sess)
		if idle, ok := sess.Context().Value(idleClosedKey{}).(time.Duration); ok {
			fmt.Fprintf(sess.Stderr(), "licensesync: closed after %s without a key press\r\n", idle)
		}
	}
}

// idleClosedKey marks, in a session's context, that --idle-timeout closed its console.
type idleClosedKey struct{}

// sessionLog writes one line per session on stderr: who, which key, how long. Never a token.
func (s *sshServer) sessionLog(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		start := time.Now()
		key := "no key"
		if k := sess.PublicKey(); k != nil {
			key = gossh.FingerprintSHA256(k)
		}
		pty, _, hasPty := sess.Pty()
		term := "no terminal"
		if hasPty {
			term = fmt.Sprintf("%s %dx%d", pty.Term, pty.Window.Width, pty.Window.Height)
		}
		next(sess)
		s.logf("session user=%q key=%s from=%s term=%q duration=%s",
			sess.User(), key, sess.RemoteAddr(), term, time.Since(start).Round(time.Millisecond))
	}
}

// program builds one console per session: the session's renderer (its terminal's colours),
// its environment's NO_COLOR, the shared backend; the input is watched for --idle-timeout.
func (s *sshServer) program(sess ssh.Session) *tea.Program {
	env := sessionEnv(sess.Environ())
	opts, err := s.app.consoleOptions(s.cmd, bubbletea.MakeRenderer(sess), env)
	if err != nil { // checked at start; only a config file changed under us gets here
		fmt.Fprintln(sess.Stderr(), "licensesync: "+err.Error())
		return nil
	}
	b := s.backend
	opts.Backend, opts.ServerURL, opts.Enterprise, opts.TokenSource = b.client, b.config.ServerURL, b.config.Enterprise, b.config.ServerTokenSource
	opts.Context = sess.Context() // a session that drops mid-load stops its fetch
	// Its refreshes record samples; g shows the trend.
	closeHistory := s.app.withHistory(sess.Context(), &opts, nil)
	go func() { <-sess.Context().Done(); closeHistory() }()
	in := &activityReader{r: sess}
	in.touch()
	progOpts := append(tui.ProgramOptions(nil, nil), bubbletea.MakeOptions(sess)...)
	progOpts = append(progOpts, tea.WithInput(in))
	s.app.withFleet(&opts)
	p := tea.NewProgram(s.app.fleetConsole(opts), progOpts...)
	if idle := s.flags.idleTimeout; idle > 0 {
		go func() {
			t := time.NewTicker(min(idle/4, 5*time.Second))
			defer t.Stop()
			for {
				select {
				case <-sess.Context().Done():
					return
				case <-t.C:
					if in.idleFor() >= idle {
						sess.Context().SetValue(idleClosedKey{}, idle)
						p.Quit()
						return
					}
				}
			}
		}()
	}
	return p
}

// sessionEnv reads an SSH session's environment (what the client sent, e.g. NO_COLOR).
func sessionEnv(environ []string) func(string) string {
	return func(k string) string {
		for _, kv := range environ {
			if v, ok := strings.CutPrefix(kv, k+"="); ok {
				return v
			}
		}
		return ""
	}
}

// activityReader remembers when input last arrived, for the idle timeout: the dashboard
// redraws on its own, so output says nothing about whether anyone is there.
type activityReader struct {
	r    io.Reader
	last atomic.Int64
}

func (a *activityReader) touch() { a.last.Store(time.Now().UnixNano()) }

func (a *activityReader) idleFor() time.Duration {
	return time.Since(time.Unix(0, a.last.Load()))
}

func (a *activityReader) Read(p []byte) (int, error) {
	n, err := a.r.Read(p)
	if n > 0 {
		a.touch()
	}
	return n, err
}

// authorizedKeys is an OpenSSH authorized_keys file, read again at every login so that
// edits apply at once. Options (from=, command=…) are not supported and are refused.
type authorizedKeys struct{ path string }

func (k *authorizedKeys) load() (int, error) {
	keys, err := k.read()
	return len(keys), err
}

func (k *authorizedKeys) read() ([]gossh.PublicKey, error) {
	data, err := os.ReadFile(k.path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, err
	}
	var keys []gossh.PublicKey
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, _, options, _, err := gossh.ParseAuthorizedKey([]byte(line))
		if err != nil {
			return nil, fmt.Errorf("line %d: not a public key", n)
		}
		if len(options) > 0 {
			return nil, fmt.Errorf("line %d: key options (%s) are not supported", n, strings.Join(options, ","))
		}
		keys = append(keys, key)
	}
	return keys, sc.Err()
}

func (k *authorizedKeys) allows(key ssh.PublicKey) (bool, error) {
	if key == nil {
		return false, nil
	}
	keys, err := k.read()
	if err != nil {
		return false, err
	}
	for _, allowed := range keys {
		if ssh.KeysEqual(key, allowed) {
			return true, nil
		}
	}
	return false, nil
}

// loadOrCreateHostKey reads the PEM host key at path, or creates an ed25519 one (0600).
// A key others can read is refused, as sshd does.
func loadOrCreateHostKey(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err == nil {
		info, err := os.Stat(path)
		if err != nil {
			return nil, err
		}
		if info.Mode().Perm()&0o077 != 0 {
			return nil, fmt.Errorf("host key %s is readable by others (mode %04o); chmod 600 it", path, info.Mode().Perm())
		}
		if _, err := gossh.ParsePrivateKey(data); err != nil {
			return nil, fmt.Errorf("host key %s: %v", path, err)
		}
		return data, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("host key: %w", err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	block, err := gossh.MarshalPrivateKey(priv, "licensesync host key")
	if err != nil {
		return nil, err
	}
	data = pem.EncodeToMemory(block)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	file, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	if _, err := file.Write(data); err != nil {
		file.Close()
		return nil, fmt.Errorf("host key: %w", err)
	}
	if err := file.Close(); err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	return data, nil
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
