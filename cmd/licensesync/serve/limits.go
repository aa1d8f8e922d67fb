package serve

import (
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// How many clients `serve --ssh` takes at once (docs/SERVE.md, "Bounds"): at most
// --max-sessions consoles, at most MaxLoggingIn connections that have not logged in yet,
// and each of those gets --login-grace to do so. Past a bound the newcomer is turned away
// and the line is logged; the sessions already open go on.

// MaxLoggingIn is how many connections may be in their handshake or login at once, as
// sshd's MaxStartups: a stranger opening sockets cannot take the port from the admins.
const MaxLoggingIn = 10

// sessionLimit caps the consoles open at once, across every connection.
type sessionLimit struct {
	max  int
	mu   sync.Mutex
	open int
	logf func(string, ...any)
}

// channelHandler is the "session" channel handler, admitting at most max sessions: the
// extra one is refused at once with a message the client shows, before any console is made.
func (l *sessionLimit) channelHandler(srv *ssh.Server, conn *gossh.ServerConn, newChan gossh.NewChannel, ctx ssh.Context) {
	if !l.acquire() {
		l.logf("refused a session for %q from %s: no free session (--max-sessions %d in use)",
			logName(conn.User()), conn.RemoteAddr(), l.max)
		_ = newChan.Reject(gossh.ResourceShortage,
			fmt.Sprintf("licensesync: no free session (--max-sessions %d in use); try again later", l.max))
		return
	}
	defer l.release()
	ssh.DefaultSessionHandler(srv, conn, boundedChannel{newChan}, ctx)
}

func (l *sessionLimit) acquire() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open >= l.max {
		return false
	}
	l.open++
	return true
}

func (l *sessionLimit) release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.open--
}

// loginGate counts connections that have not logged in yet: past MaxLoggingIn a new one is
// closed at once, and one still not logged in after grace is closed.
type loginGate struct {
	grace   time.Duration
	pending atomic.Int64
	logf    func(string, ...any)
}

// pendingConnKey holds, in a connection's context, its *pendingConn.
type pendingConnKey struct{}

// accept is the server's ConnCallback: it runs before the handshake.
func (g *loginGate) accept(ctx ssh.Context, conn net.Conn) net.Conn {
	if g.pending.Add(1) > MaxLoggingIn {
		g.pending.Add(-1)
		g.logf("ssh: refused a connection from %s: %d others are still logging in", conn.RemoteAddr(), MaxLoggingIn)
		return nil
	}
	c := &pendingConn{Conn: conn, gate: g}
	time.AfterFunc(g.grace, func() {
		if c.settle() {
			g.logf("ssh: closed the connection from %s: not logged in within %s (--login-grace)", conn.RemoteAddr(), g.grace)
			_ = c.Conn.Close()
		}
	})
	ctx.SetValue(pendingConnKey{}, c)
	return c
}

// serverConfig gives each connection an SSH configuration that tells the gate when its
// login succeeded.
func (g *loginGate) serverConfig(ctx ssh.Context) *gossh.ServerConfig {
	return &gossh.ServerConfig{
		AuthLogCallback: func(_ gossh.ConnMetadata, _ string, err error) {
			if c, ok := ctx.Value(pendingConnKey{}).(*pendingConn); ok && err == nil {
				c.loggedInNow()
			}
		},
	}
}

// pendingConn is a connection the gate watches until it logs in, closes or runs out of
// time, whichever comes first.
type pendingConn struct {
	net.Conn
	gate    *loginGate
	settled atomic.Bool
}

// settle ends the watch; it reports whether this call was the first to.
func (c *pendingConn) settle() bool {
	if !c.settled.CompareAndSwap(false, true) {
		return false
	}
	c.gate.pending.Add(-1)
	return true
}

func (c *pendingConn) loggedInNow() { c.settle() }

func (c *pendingConn) Close() error {
	c.settle()
	return c.Conn.Close()
}
