package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	digitRun = regexp.MustCompile(`[0-9]+`)
	// requestID is GitHub's X-GitHub-Request-Id shape (the sim's counts its requests,
	// which the console sends concurrently, so its hex letters differ too).
	requestID = regexp.MustCompile(`\b[0-9A-F]{4}(:[0-9A-F]+){4}\b`)
)

// screenText is a capture without colours, with every number and request ID replaced:
// ports, dates, "Ns ago" and request IDs differ from run to run; the words, the layout
// and the keys must not.
func screenText(capture []byte) string {
	text := stripANSI(string(capture))
	text = requestID.ReplaceAllString(text, "#")
	text = digitRun.ReplaceAllString(text, "#")
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}

// TestReadmeScreensAreCurrent redraws the README's screens from this binary with
// docs/screens/generate.sh and checks the committed captures still show the same screens
// (numbers aside). When it fails, run docs/screens/generate.sh and commit the result.
func TestReadmeScreensAreCurrent(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("LICENSESYNC_REQUIRE_TMUX") != "" {
			t.Fatal("tmux is required (LICENSESYNC_REQUIRE_TMUX is set) but not installed")
		}
		t.Skip("tmux is not installed; .ci/run installs it")
	}
	out := t.TempDir()
	cmd := exec.Command("bash", "../../docs/screens/generate.sh")
	cmd.Env = append(os.Environ(), "SCREENS_OUT="+out, "LICENSESYNC_BIN="+binary)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("generate.sh: %v\n%s", err, msg)
	}
	for _, name := range []string{"wizard", "dropdown", "dashboard", "stock", "error"} {
		committed, err := os.ReadFile(filepath.Join("../../docs/screens", name+".ans"))
		if err != nil {
			t.Fatal(err)
		}
		fresh, err := os.ReadFile(filepath.Join(out, name+".ans"))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := screenText(fresh), screenText(committed); got != want {
			t.Errorf("docs/screens/%s.ans is not the program's screen any more; run docs/screens/generate.sh.\n--- committed\n%s\n--- now\n%s", name, want, got)
		}
	}
}
