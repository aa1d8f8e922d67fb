package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// binary is the licensesync binary built once for the end-to-end tests.
var binary string

// e2eParallel is how many parallel tests run at once unless -parallel says otherwise.
// The end-to-end tests spend their time waiting on the binary, sockets and tmux, not on
// this process's CPU, so the default (GOMAXPROCS, 2 on a 2-core machine) leaves the
// machine idle.
const e2eParallel = 16

// Every end-to-end test calls t.Parallel() and keeps its state to itself: its HOME and
// XDG directories from baseEnv (or its own t.TempDir()), its simulator on 127.0.0.1:0
// (startSim, startInProcSim), its own tmux socket (newTmuxPane). Only a test that swaps
// a package variable (runTmux) or bounds how long something takes (the signal tests)
// stays sequential: sequential tests run before the parallel ones start.
func TestMain(m *testing.M) {
	runPeakRSSHelper()
	flag.Parse()
	if !flagSet("test.parallel") {
		_ = flag.Set("test.parallel", strconv.Itoa(max(e2eParallel, runtime.GOMAXPROCS(0))))
	}
	if isFuzzWorker() {
		// A fuzz worker runs only the fuzz target, which never needs the binary.
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "licensesync-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary, err = buildE2EBinary(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "building licensesync:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// flagSet reports whether the flag was given on the command line.
func flagSet(name string) bool {
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

func isFuzzWorker() bool {
	for _, arg := range os.Args {
		if strings.HasPrefix(arg, "-test.fuzzworker") {
			return true
		}
	}
	return false
}

// result is what one run of the binary printed and returned.
type result struct {
	stdout, stderr string
	code           int
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\n--- stdout\n%s--- stderr\n%s", r.code, r.stdout, r.stderr)
}

// baseEnv is a clean environment: no tokens or hosts from the machine running the tests,
// and a private state directory.
func baseEnv(t *testing.T) []string {
	t.Helper()
	home := t.TempDir()
	return []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"XDG_STATE_HOME=" + filepath.Join(home, "state"),
		"XDG_CONFIG_HOME=" + filepath.Join(home, "config"),
		"GH_CONFIG_DIR=" + filepath.Join(home, "gh"),
		"NO_COLOR=1",
	}
}

// runBin runs the binary with env and args, bounded in time.
func runBin(t *testing.T, env []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running %v: %v", args, err)
	}
	return result{out.String(), errb.String(), code}
}

// startSim runs `licensesync sim --print-env ARGS` in the background and returns the
// environment that points other commands at it. It stops with the test.
func startSim(t *testing.T, env []string, args ...string) []string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, binary, append([]string{"sim", "--print-env"}, args...)...)
	cmd.Env = env
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); _ = cmd.Wait() })
	lines := make(chan []string, 1)
	go func() {
		var got []string
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if sc.Text() == simReadyLine {
				lines <- got
				return
			}
			got = append(got, sc.Text())
		}
		lines <- nil
	}()
	select {
	case got := <-lines:
		if got == nil {
			t.Fatalf("sim ended before it was ready: %s", stderr.String())
		}
		out := append([]string{}, env...)
		for _, l := range got {
			kv, ok := strings.CutPrefix(l, "export ")
			if !ok {
				t.Fatalf("unexpected --print-env line %q", l)
			}
			name, value, _ := strings.Cut(kv, "=")
			out = append(out, name+"="+strings.Trim(value, `'"`))
		}
		return out
	case <-time.After(30 * time.Second):
		t.Fatalf("sim not ready after 30s: %s", stderr.String())
	}
	return nil
}

// envValue returns NAME's value in env.
func envValue(env []string, name string) string {
	for i := len(env) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(env[i], name+"="); ok {
			return v
		}
	}
	return ""
}

// withEnv returns env with NAME set to value (replacing it).
func withEnv(env []string, name, value string) []string {
	out := make([]string, 0, len(env)+1)
	for _, kv := range env {
		if !strings.HasPrefix(kv, name+"=") {
			out = append(out, kv)
		}
	}
	return append(out, name+"="+value)
}

// assertNoSecret fails when a token appears in anything the binary wrote.
func assertNoSecret(t *testing.T, r result, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if s != "" && (strings.Contains(r.stdout, s) || strings.Contains(r.stderr, s)) {
			t.Fatalf("a token leaked into the output:\n%s", r)
		}
	}
}

// assertOneLineError checks an error is one clear line with no Go panic or stack trace.
func assertOneLineError(t *testing.T, r result) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if r.code == 0 || len(lines) != 1 || !strings.HasPrefix(lines[0], "licensesync: ") {
		t.Fatalf("want one error line on stderr and a failing exit:\n%s", r)
	}
	if strings.Contains(r.stderr, "goroutine ") || strings.Contains(r.stderr, "panic") {
		t.Fatalf("stack trace on stderr:\n%s", r)
	}
}
