package appliance

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/textsafe"
	"github.com/licensesync/licensesync/client/transport"
)

// bounds is how long one run of a utility may take and how much it may print on
// standard output (docs/APPLIANCE.md, "Bounds"). A run over either is stopped: its
// process group killed, its output no longer read.
type bounds struct {
	timeout   time.Duration
	maxOutput int64
}

// The bounds of each utility. A license or a hostname is a few hundred bytes, printed
// at once; the usage file and the user list walk every user, so they get minutes and
// tens of MiB (a usage file is about 200 bytes a user).
var (
	hostnameBounds = bounds{timeout: time.Minute, maxOutput: 64 << 10}
	licenseBounds  = bounds{timeout: time.Minute, maxOutput: 1 << 20}
	usageBounds    = bounds{timeout: 5 * time.Minute, maxOutput: 80 << 20}
	userCSVBounds  = bounds{timeout: 5 * time.Minute, maxOutput: 128 << 20}
)

const (
	// maxUtilityStderr caps the error text kept from a failed run.
	maxUtilityStderr = 4 << 10
	// pipeGrace is how long a run waits, once the utility has exited or been killed,
	// for a process it left behind to let go of its output.
	pipeGrace = 2 * time.Second
)

// errOutputTooLarge stops a utility that prints more than its cap.
var errOutputTooLarge = errors.New("printed more than the output limit")

// lookUtility finds name in dir when dir is set (tests, and the sim's stubs), else on
// PATH; "" when it is not there or not executable.
func (a *Appliance) lookUtility(name string) string {
	if a.Dir != "" {
		p := filepath.Join(a.Dir, name)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0 {
			return p
		}
		return ""
	}
	p, err := exec.LookPath(name)
	if err != nil {
		return ""
	}
	return p
}

// limits is b with the Appliance's overrides (Timeout, MaxOutput) applied.
func (a *Appliance) limits(b bounds) bounds {
	if a.Timeout > 0 {
		b.timeout = a.Timeout
	}
	if a.MaxOutput > 0 {
		b.maxOutput = a.MaxOutput
	}
	return b
}

// run runs one utility within b and returns its standard output unchanged.
func (a *Appliance) run(ctx context.Context, b bounds, name string, args ...string) ([]byte, error) {
	var out []byte
	limit := a.limits(b).maxOutput
	err := a.stream(ctx, b, func(r io.Reader) (err error) {
		out, err = readAll(r, limit)
		return err
	}, name, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// readAll reads r to its end into a buffer that grows by doubling but never past
// limit+1 bytes (the one byte that tells a flood), so a run near its cap holds at most
// one and a half times the cap, never twice.
func readAll(r io.Reader, limit int64) ([]byte, error) {
	buf := make([]byte, 0, min(64<<10, limit+1))
	for {
		if len(buf) == cap(buf) {
			next := 2 * int64(cap(buf))
			if next >= limit {
				next = limit + 1 // straight to the end: not the cap, then one byte more
			}
			grown := make([]byte, len(buf), next)
			copy(grown, buf)
			buf = grown
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if errors.Is(err, io.EOF) {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// stream runs one utility within b and hands its standard output to read as it comes.
// When the time is up, the output passes its cap or read fails, the utility's whole
// process group is killed and its output is no longer read, whatever it goes on
// doing. The error names the utility and the bound, or what it printed on stderr.
func (a *Appliance) stream(ctx context.Context, b bounds, read func(io.Reader) error, name string, args ...string) error {
	what := strings.TrimSpace(name + " " + strings.Join(args, " "))
	path := a.lookUtility(name)
	if path == "" {
		return &client.Error{Kind: client.KindConsoleUnavailable, Op: "run " + name, Err: errors.New("not found"),
			Hint: "Run licensesync in the appliance's administrative shell (ssh -p 122 admin@HOST), where " + name + " is installed."}
	}
	b = a.limits(b)
	ctx, cancel := context.WithTimeout(ctx, b.timeout)
	defer cancel()
	cmd, stdout, stderr, err := start(ctx, path, args)
	if err != nil {
		return &client.Error{Kind: client.KindOther, Op: "run " + what, Err: err, Hint: "Run " + what + " by hand to see why it does not start."}
	}
	// The read end is closed when the run is over, so that a read blocked on a
	// process that keeps the pipe open (a child of the utility's) returns.
	go func() { <-ctx.Done(); stdout.Close() }()
	capped := &cappedReader{r: stdout, left: b.maxOutput}
	readErr := read(capped)
	if readErr != nil {
		cancel() // stop the utility: nothing reads what it prints any more
	}
	waitErr := cmd.Wait()
	timedOut := errors.Is(ctx.Err(), context.DeadlineExceeded)
	if readErr != nil && !timedOut {
		// Our cancel above ended it, or raced its own exit, and then Wait says "context
		// canceled" or "canceling Cmd: no such process" whatever happened. Its own exit
		// status says it: a failure of its own stands, else what the read found is the
		// answer.
		if ps := cmd.ProcessState; ps != nil && ps.Exited() && !ps.Success() {
			waitErr = errors.New(ps.String())
		} else {
			waitErr = nil
		}
	}
	exited := cmd.ProcessState != nil && cmd.ProcessState.Exited()
	switch {
	case capped.over:
		return &client.Error{Kind: client.KindBadResponse, Op: "run " + what, Err: fmt.Errorf("%w of %s", errOutputTooLarge, byteSize(b.maxOutput)),
			Hint: "Run " + what + " | head by hand to see what it prints; licensesync stopped it."}
	case timedOut && (readErr != nil || waitErr != nil):
		return &client.Error{Kind: client.KindUnreachable, Op: "run " + what, Err: fmt.Errorf("no answer within %s; licensesync stopped it", b.timeout),
			Hint: "Check the appliance's health (ghe-check-disk-usage, ghe-diagnostics) and try again."}
	case exited && waitErr != nil:
		msg := textsafe.Sanitize(client.Truncate(strings.TrimSpace(stderr.buf.String()), 200))
		if msg == "" {
			msg = waitErr.Error()
		}
		return &client.Error{Kind: client.KindOther, Op: "run " + what, Err: errors.New(msg),
			Hint: "Run " + what + " by hand to see the whole message."}
	case readErr != nil:
		return readErr
	case waitErr != nil:
		return &client.Error{Kind: client.KindOther, Op: "run " + what, Err: waitErr, Hint: "Run " + what + " by hand to see what happens."}
	}
	return nil
}

// start starts the utility in a process group of its own, its standard output on a
// pipe the caller reads (and closes) and its standard error kept, bounded. Killing the
// run kills the group: a shell script's children go with it. A utility that is "text
// file busy" (open for writing somewhere for a moment: being replaced, or its
// descriptor inherited by a process another thread is starting) has not run; it is
// started again.
func start(ctx context.Context, path string, args []string) (*exec.Cmd, *os.File, *boundedBuffer, error) {
	for try := 1; ; try++ {
		r, w, err := os.Pipe()
		if err != nil {
			return nil, nil, nil, err
		}
		cmd := exec.CommandContext(ctx, path, args...)
		stderr := &boundedBuffer{max: maxUtilityStderr}
		cmd.Stdout, cmd.Stderr = w, stderr
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
		cmd.WaitDelay = pipeGrace // a child holding standard error open does not hang us
		err = cmd.Start()
		w.Close()
		if err == nil {
			return cmd, r, stderr, nil
		}
		r.Close()
		if !errors.Is(err, syscall.ETXTBSY) || try == 5 || transport.Sleep(ctx, 50*time.Millisecond) != nil {
			return nil, nil, nil, err
		}
	}
}

// byteSize says a byte count in MiB, or KiB below one MiB.
func byteSize(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d MiB", n>>20)
}

// cappedReader reads at most left bytes; reading past them fails with
// errOutputTooLarge and sets over.
type cappedReader struct {
	r    io.Reader
	left int64
	over bool
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		// One byte more tells a flood from output that ends exactly at the cap.
		var one [1]byte
		if n, err := c.r.Read(one[:]); n == 0 {
			return 0, err
		}
		c.over = true
		return 0, errOutputTooLarge
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// boundedBuffer keeps up to max bytes and drops the rest. The buffer is a field, not
// embedded, so that io.Copy cannot bypass Write through bytes.Buffer's ReadFrom.
type boundedBuffer struct {
	buf bytes.Buffer
	max int64
}

func (b *boundedBuffer) Write(p []byte) (int, error) {
	if left := b.max - int64(b.buf.Len()); left > 0 {
		b.buf.Write(p[:min(int64(len(p)), left)])
	}
	return len(p), nil
}
