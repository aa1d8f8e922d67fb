package serve

import (
	"context"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/muesli/termenv"
)

// A session's terminal (docs/SERVE.md): its keyboard, read by one goroutine so that the
// question "what is your background colour?" can wait for its answer with a deadline, and
// a terminal that never answers still gets its console after terminalQueryTimeout.

// terminalQueryTimeout is how long a session waits for its terminal to say its
// background colour before drawing anyway.
const terminalQueryTimeout = time.Second

// inputChunk is how much of a session's input is read at a time; the reader waits for
// the console to take each chunk, so a session's input buffer stays this small.
const inputChunk = 1024

// sessionInput is a session's input. Only its pump reads the session.
type sessionInput struct {
	chunks  chan []byte
	err     error // why the pump stopped; read after chunks is closed
	pending []byte
}

// newSessionInput starts the pump, which ends with the session.
func newSessionInput(ctx context.Context, r io.Reader) *sessionInput {
	in := &sessionInput{chunks: make(chan []byte)}
	go func() {
		defer close(in.chunks)
		for {
			buf := make([]byte, inputChunk)
			n, err := r.Read(buf)
			if n > 0 {
				select {
				case in.chunks <- buf[:n]:
				case <-ctx.Done():
					in.err = io.EOF
					return
				}
			}
			if err != nil {
				in.err = err
				return
			}
		}
	}()
	return in
}

func (in *sessionInput) Read(p []byte) (int, error) {
	if len(in.pending) == 0 {
		chunk, ok := <-in.chunks
		if !ok {
			return 0, in.err
		}
		in.pending = chunk
	}
	n := copy(p, in.pending)
	in.pending = in.pending[n:]
	return n, nil
}

var (
	// backgroundAnswer is xterm's answer to OSC 11 ("rgb:RRRR/GGGG/BBBB", BEL or ST).
	backgroundAnswer = regexp.MustCompile(`\x1b\]11;rgb:([0-9a-fA-F]{1,4})/([0-9a-fA-F]{1,4})/([0-9a-fA-F]{1,4})(?:\x07|\x1b\\)`)
	// attributesAnswer is the answer to DA1, which every terminal gives, so it ends the wait.
	attributesAnswer = regexp.MustCompile(`\x1b\[\?[0-9;]*c`)
)

// queryBackground asks the terminal for its background colour and device attributes
// and waits at most timeout for the answers. It reports whether the background is dark
// and whether the terminal said; what else arrived meanwhile is kept for the console.
func (in *sessionInput) queryBackground(out io.Writer, timeout time.Duration) (dark, known bool) {
	if _, err := io.WriteString(out, "\x1b]11;?\a\x1b[c"); err != nil {
		return false, false
	}
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	buf := in.pending
	in.pending = nil
wait:
	for !attributesAnswer.Match(buf) && len(buf) < 4*inputChunk {
		select {
		case chunk, ok := <-in.chunks:
			if !ok {
				break wait
			}
			buf = append(buf, chunk...)
		case <-deadline.C:
			break wait
		}
	}
	if m := backgroundAnswer.FindSubmatch(buf); m != nil {
		hi, lo := 0.0, 1.0
		for _, hex := range m[1:4] {
			v, _ := strconv.ParseUint(string(hex), 16, 16)
			c := float64(v) / float64(uint64(1)<<(4*len(hex))-1)
			hi, lo = max(hi, c), min(lo, c)
		}
		dark, known = (hi+lo)/2 < 0.5, true // HSL lightness
	}
	buf = backgroundAnswer.ReplaceAll(buf, nil)
	buf = attributesAnswer.ReplaceAll(buf, nil)
	in.pending = append(buf, in.pending...)
	return dark, known
}

// sessionRenderer is the lipgloss renderer for a session's terminal: its TERM and
// environment decide the colours, its answer (if any) whether the background is dark.
func sessionRenderer(sess ssh.Session, in *sessionInput) *lipgloss.Renderer {
	pty, _, _ := sess.Pty()
	if pty.Term == "" || pty.Term == "dumb" {
		return lipgloss.NewRenderer(sess, termenv.WithProfile(termenv.Ascii))
	}
	env := Environ(append(sess.Environ(), "TERM="+pty.Term))
	r := lipgloss.NewRenderer(sess, termenv.WithEnvironment(env), termenv.WithUnsafe(), termenv.WithColorCache(true))
	if dark, known := in.queryBackground(sess, terminalQueryTimeout); known {
		r.SetHasDarkBackground(dark)
	}
	return r
}

// Environ is a session's environment as termenv reads it.
type Environ []string

func (e Environ) Environ() []string { return e }

func (e Environ) Getenv(k string) string {
	for i := len(e) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(e[i], k+"="); ok {
			return v
		}
	}
	return ""
}
