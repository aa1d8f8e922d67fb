package appliance

import (
	"bytes"
	"context"
	"errors"
	"fmt"
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

// Bounds on the appliance utilities (docs/APPLIANCE.md): a utility that hangs or floods
// its output is stopped, never waited on forever or read into memory without end.
const (
	// DefaultUtilityTimeout bounds one run of a ghe-* utility. ghe-license usage walks
	// every user, so it gets minutes, not seconds.
	DefaultUtilityTimeout = 5 * time.Minute
	// DefaultUtilityMaxOutput caps what one run may print (a usage file of ~100,000
	// users is a few tens of MiB).
	DefaultUtilityMaxOutput = 128 << 20
	// maxUtilityStderr caps the error text kept from a failed run.
	maxUtilityStderr = 4 << 10
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

// run runs one utility with its arguments, bounded in time and output, and returns its
// standard output unchanged. The error names the utility and what it printed on stderr.
func (a *Appliance) run(ctx context.Context, name string, args ...string) ([]byte, error) {
	path := a.lookUtility(name)
	if path == "" {
		return nil, &client.Error{Kind: client.KindConsoleUnavailable, Op: "run " + name, Err: errors.New("not found"),
			Hint: "Run licensesync in the appliance's administrative shell (ssh -p 122 admin@HOST), where " + name + " is installed."}
	}
	timeout := a.Timeout
	if timeout <= 0 {
		timeout = DefaultUtilityTimeout
	}
	limit := a.MaxOutput
	if limit <= 0 {
		limit = DefaultUtilityMaxOutput
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	stdout := &boundedBuffer{max: limit, onOver: cancel} // stop a flood at once
	stderr := &boundedBuffer{max: maxUtilityStderr, quiet: true}
	var err error
	for try := 1; ; try++ {
		cmd := exec.CommandContext(ctx, path, args...)
		cmd.Stdout, cmd.Stderr = stdout, stderr
		cmd.WaitDelay = 2 * time.Second // a child holding the pipes open does not hang us
		err = cmd.Run()
		// "text file busy": the utility is open for writing somewhere (being replaced,
		// or its descriptor inherited by a process another thread is starting); it
		// clears in moments, and nothing ran, so it is tried again.
		if !errors.Is(err, syscall.ETXTBSY) || try == 5 || transport.Sleep(ctx, 50*time.Millisecond) != nil {
			break
		}
	}
	what := strings.TrimSpace(name + " " + strings.Join(args, " "))
	switch {
	case stdout.over:
		return nil, &client.Error{Kind: client.KindBadResponse, Op: "run " + what, Err: fmt.Errorf("%w (%d MiB)", errOutputTooLarge, limit>>20),
			Hint: "Run " + what + " by hand to see what it prints."}
	case ctx.Err() == context.DeadlineExceeded:
		return nil, &client.Error{Kind: client.KindUnreachable, Op: "run " + what, Err: fmt.Errorf("no answer within %s", timeout),
			Hint: "Check the appliance's health (ghe-check-disk-usage, ghe-diagnostics) and try again."}
	case err != nil:
		msg := textsafe.Sanitize(client.Truncate(strings.TrimSpace(stderr.buf.String()), 200))
		if msg == "" {
			msg = err.Error()
		}
		return nil, &client.Error{Kind: client.KindOther, Op: "run " + what, Err: errors.New(msg),
			Hint: "Run " + what + " by hand to see the whole message."}
	}
	return stdout.buf.Bytes(), nil
}

// boundedBuffer keeps up to max bytes; past that it fails the write (stopping the
// utility) or, when quiet, drops the rest. The buffer is a field, not embedded, so that
// io.Copy cannot bypass Write through bytes.Buffer's ReadFrom.
type boundedBuffer struct {
	buf    bytes.Buffer
	max    int64
	over   bool
	quiet  bool
	onOver func()
}

func (b *boundedBuffer) Write(p []byte) (int, error) {
	left := b.max - int64(b.buf.Len())
	if int64(len(p)) > left {
		if left > 0 {
			b.buf.Write(p[:left])
		}
		if b.quiet {
			return len(p), nil
		}
		if !b.over && b.onOver != nil {
			b.onOver()
		}
		b.over = true
		return 0, errOutputTooLarge
	}
	return b.buf.Write(p)
}
