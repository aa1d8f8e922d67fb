// Package serve owns `licensesync serve --ssh`: the SSH server (charmbracelet/wish), its
// logins and authorized keys, its bounds, each session's terminal and console, and the
// history samples taken while it runs (docs/SERVE.md). The commands hand it its flags
// and a Host; it imports tui, history, client/status and cmd/licensesync's usage and
// shell, never the commands.
package serve

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

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	"github.com/charmbracelet/wish/activeterm"
	"github.com/charmbracelet/wish/bubbletea"
	"github.com/charmbracelet/wish/recover"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"

	"github.com/licensesync/licensesync/client/status"
	"github.com/licensesync/licensesync/cmd/licensesync/usage"
)

// Flags are `licensesync serve`'s own flags.
type Flags struct {
	Addr           string
	HostKey        string
	AuthorizedKeys string
	// ReadOnlyKeys lists keys that get a console that may look but not act.
	ReadOnlyKeys   string
	InsecureNoAuth bool
	IdleTimeout    time.Duration
	MaxTimeout     time.Duration
	MaxSessions    int
	LoginGrace     time.Duration
}

// Host is what serve needs from the commands around it.
type Host struct {
	// Stderr gets the log: where it listens, one line per session, the history's notes.
	Stderr io.Writer
	// CheckConsole checks the console's options once, so a bad config file fails at start.
	CheckConsole func() error
	// StateDir is where the host key is created when Flags.HostKey is empty.
	StateDir func() (string, error)
	// HistoryPath is the history file the samples go to; Demo marks them as the demo's.
	HistoryPath func() (string, error)
	Demo        bool
	// Open opens the one backend every session shares.
	Open func(ctx context.Context) (Backend, error)
}

// Backend is the one connection every session shares; its tokens never leave it.
type Backend interface {
	// Status reads both sides, for the history's samples.
	Status(ctx context.Context) (*status.Status, error)
	// Console builds one session's console: r is its terminal's renderer, getenv its
	// environment; the console stops loading when ctx ends.
	// With readOnly the console may look but not act (--read-only-keys).
	Console(ctx context.Context, r *lipgloss.Renderer, getenv func(string) string, readOnly bool) (tea.Model, error)
	Close()
}

// Run listens, says where on h.Stderr ("listening on ADDR"), and serves until ctx ends.
func Run(ctx context.Context, f Flags, h Host) error {
	if f.Addr == "" {
		return usage.Errorf("serve needs --ssh ADDR, e.g. --ssh :2222")
	}
	if f.AuthorizedKeys == "" && f.ReadOnlyKeys == "" && !f.InsecureNoAuth {
		return usage.Errorf("serve needs --authorized-keys FILE (the public keys allowed in); --insecure-no-auth lets anyone in")
	}
	if (f.AuthorizedKeys != "" || f.ReadOnlyKeys != "") && f.InsecureNoAuth {
		return usage.Errorf("--insecure-no-auth and the key files (--authorized-keys, --read-only-keys) exclude each other")
	}
	if f.IdleTimeout < 0 || f.MaxTimeout < 0 {
		return usage.Errorf("--idle-timeout and --max-timeout cannot be negative")
	}
	if f.MaxSessions < 1 {
		return usage.Errorf("--max-sessions must be at least 1, got %d", f.MaxSessions)
	}
	if f.LoginGrace <= 0 {
		return usage.Errorf("--login-grace must be more than 0, e.g. 30s")
	}
	// Check the console's options once, so a bad config file fails here and not per session.
	if err := h.CheckConsole(); err != nil {
		return err
	}
	var auth *keyring
	if !f.InsecureNoAuth {
		auth = &keyring{}
		for _, kf := range []struct {
			flag, path string
			keys       **authorizedKeys
		}{{"--authorized-keys", f.AuthorizedKeys, &auth.full}, {"--read-only-keys", f.ReadOnlyKeys, &auth.readOnly}} {
			if kf.path == "" {
				continue
			}
			*kf.keys = &authorizedKeys{path: kf.path}
			n, err := (*kf.keys).load()
			if err != nil {
				return usage.Errorf("%s %s: %v", kf.flag, kf.path, err)
			}
			if n == 0 {
				return usage.Errorf("%s %s lists no keys", kf.flag, kf.path)
			}
		}
	}
	hostKeyPath := f.HostKey
	if hostKeyPath == "" {
		dir, err := h.StateDir()
		if err != nil {
			return err
		}
		hostKeyPath = filepath.Join(dir, "ssh_host_ed25519_key")
	}
	hostKey, err := LoadOrCreateHostKey(hostKeyPath)
	if err != nil {
		return err
	}

	// One backend for every session; its tokens never leave this process.
	b, err := h.Open(ctx)
	if err != nil {
		return err
	}
	defer b.Close()

	logw := &lockedWriter{w: h.Stderr}
	logf := func(format string, args ...any) { fmt.Fprintf(logw, "licensesync: "+format+"\n", args...) }
	srv := &sshServer{flags: f, backend: b, logf: logf, auth: auth}
	sessions := &sessionLimit{max: f.MaxSessions, logf: logf}
	gate := &loginGate{grace: f.LoginGrace, logf: logf}
	sampling, stopSampling := context.WithCancel(ctx)
	sampled := make(chan struct{})
	go func() { defer close(sampled); sampleWhileServing(sampling, h, b, logf) }()
	defer func() { stopSampling(); <-sampled }()

	opts := []ssh.Option{
		wish.WithHostKeyPEM(hostKey),
		// The console's own watch closes it after --idle-timeout without a key press and
		// says so; the connection's timeout, for a connection with no console, comes later
		// so that it never cuts that message off.
		wish.WithIdleTimeout(connIdleTimeout(f.IdleTimeout)),
		wish.WithMaxTimeout(f.MaxTimeout),
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
		opts = append(opts, keyAuth(*auth, logf))
	} else {
		logf("warning: --insecure-no-auth: anyone who can reach %s gets the console", f.Addr)
	}
	server, err := wish.NewServer(opts...)
	if err != nil {
		return fmt.Errorf("cannot set up the SSH server: %w", err)
	}

	ln, err := net.Listen("tcp", f.Addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", f.Addr, err)
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
	case <-ctx.Done():
	}
	logf("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := server.Shutdown(shutdown); err != nil {
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
	flags   Flags
	backend Backend
	logf    func(string, ...any)
	// auth is the keys let in; nil with --insecure-no-auth (every console may act).
	auth *keyring
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
