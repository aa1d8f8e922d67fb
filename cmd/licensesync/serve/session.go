package serve

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"github.com/licensesync/licensesync/tui/common"
)

// One `serve --ssh` session (docs/SERVE.md): the terminal check, the console it gets,
// the idle timeout, and the line logged when it ends.

// NeedTerminalLine is what a session without a pty gets, on its stderr.
const NeedTerminalLine = "licensesync needs a terminal (ssh -t); for scripts use the commands with --json"

// needTerminal refuses sessions without a pty, or that ask for a command, in one line.
func (s *sshServer) needTerminal(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if _, _, ok := sess.Pty(); !ok || len(sess.Command()) > 0 {
			fmt.Fprintln(sess.Stderr(), NeedTerminalLine)
			_ = sess.Exit(1)
			return
		}
		defer func() { // also after a panic, which recover logs
			if done, ok := s.consoleDone.LoadAndDelete(sess); ok {
				done.(context.CancelFunc)()
			}
			s.idleClosed.Delete(sess)
		}()
		next(sess)
		if idle, ok := s.idleClosed.Load(sess); ok {
			fmt.Fprintf(sess.Stderr(), "licensesync: closed after %s without a key press\r\n", idle)
		}
	}
}

// sessionLog writes one line per session on stderr when it ends, however it ends: who,
// which key, how long. Never a token.
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
		defer func() {
			s.logf("session user=%q key=%s from=%s term=%q duration=%s",
				logName(sess.User()), key, sess.RemoteAddr(), term, time.Since(start).Round(time.Millisecond))
		}()
		next(sess)
	}
}

// program builds one console per session: the session's renderer (its terminal's colours),
// its environment's NO_COLOR, the shared backend; the input is watched for --idle-timeout.
func (s *sshServer) program(sess ssh.Session) *tea.Program {
	// The session's context is its connection's, which may carry more sessions: what
	// serves this console ends with it.
	ctx, done := context.WithCancel(sess.Context())
	keyboard := newSessionInput(ctx, sess)
	readOnly := false
	if s.auth != nil {
		_, readOnly, _ = s.auth.allows(sess.PublicKey())
	}
	model, err := s.backend.Console(ctx, sessionRenderer(sess, keyboard), Environ(sess.Environ()).Getenv, readOnly)
	if err != nil { // checked at start; only a config file changed under us gets here
		done()
		fmt.Fprintln(sess.Stderr(), "licensesync: "+err.Error())
		return nil
	}
	in := &activityReader{r: keyboard}
	in.touch()
	progOpts := append(common.ProgramOptions(nil, nil), bubbletea.MakeOptions(sess)...)
	progOpts = append(progOpts, tea.WithInput(in))
	p := tea.NewProgram(model, progOpts...)
	s.consoleDone.Store(sess, done)
	if idle := s.flags.IdleTimeout; idle > 0 {
		go func() {
			t := time.NewTicker(min(idle/4, 5*time.Second))
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
					if in.idleFor() >= idle {
						s.idleClosed.Store(sess, idle)
						p.Quit()
						return
					}
				}
			}
		}()
	}
	return p
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

// logName bounds a name a client chose (its user name) for the log; %q escapes the rest.
func logName(name string) string {
	const maxLogName = 64
	if len(name) <= maxLogName {
		return name
	}
	return strings.ToValidUTF8(name[:maxLogName], "") + "…"
}
