package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/licensesync/licensesync/cmd/licensesync/shell"
)

// e2eCoverDirEnv names the directory where the end-to-end binary writes its coverage
// counters (.ci/run sets it and merges them with the unit tests'). Unset: a plain build.
const e2eCoverDirEnv = "LICENSESYNC_E2E_COVERDIR"

// buildE2EBinary builds the binary the end-to-end tests run, into dir, and returns its
// path. With LICENSESYNC_E2E_COVERDIR set it is built with -cover, in the coverage mode of
// this test binary (atomic under -race) so the two merge, and the path is a wrapper that
// gives every run GOCOVERDIR whatever environment a test sets (the tests pass a clean
// one, and a cover build without GOCOVERDIR warns on stderr).
func buildE2EBinary(dir string) (string, error) {
	path := filepath.Join(dir, "licensesync")
	coverDir := os.Getenv(e2eCoverDirEnv)
	if coverDir == "" {
		return path, goBuild(path)
	}
	coverDir, err := filepath.Abs(coverDir)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(coverDir, 0o755); err != nil {
		return "", err
	}
	if !flag.Parsed() {
		flag.Parse()
	}
	mode := testing.CoverMode()
	if mode == "" {
		mode = "atomic"
	}
	covered := filepath.Join(dir, "covered", "licensesync")
	if err := goBuild(covered, "-cover", "-covermode="+mode, "-coverpkg=github.com/licensesync/licensesync/..."); err != nil {
		return "", err
	}
	wrapper := fmt.Sprintf("#!/bin/sh\nGOCOVERDIR=%s exec %s \"$@\"\n", shell.Quote(coverDir), shell.Quote(covered))
	return path, os.WriteFile(path, []byte(wrapper), 0o755)
}

func goBuild(out string, flags ...string) error {
	build := exec.Command("go", append(append([]string{"build"}, flags...), "-o", out, ".")...)
	build.Stderr = os.Stderr
	return build.Run()
}
