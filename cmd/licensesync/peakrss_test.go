package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
)

// peakRSSEnv, set in the environment of this test binary, makes it a small parent for
// one run of licensesync (runBinMeasured): it runs its arguments, passes their exit code
// on and writes the child's peak resident set in bytes (getrusage) to file descriptor 3.
// On Linux a child's peak counts its parent's memory at the fork, so measured straight
// from the test process, which the parallel in-process tests make large, it would be
// the test's memory, not licensesync's. The helper is also given a GOCOVERDIR of its
// own (a test binary built with -cover warns on stderr without one), which it does not
// pass on.
const peakRSSEnv = "LICENSESYNC_TEST_PEAK_RSS"

// runPeakRSSHelper is TestMain's first step; it does not return in the helper.
func runPeakRSSHelper() {
	if os.Getenv(peakRSSEnv) == "" {
		return
	}
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, peakRSSEnv+"=") && !strings.HasPrefix(kv, "GOCOVERDIR=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	var exit *exec.ExitError
	if err := cmd.Run(); err != nil && !errors.As(err, &exit) {
		fmt.Fprintln(os.Stderr, "peak RSS helper:", err)
		os.Exit(125)
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = int64(ru.Maxrss) << 10 // kilobytes on Linux
	}
	report := os.NewFile(3, "peak-rss")
	fmt.Fprintln(report, rss)
	report.Close()
	os.Exit(cmd.ProcessState.ExitCode())
}
