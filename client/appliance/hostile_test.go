package appliance

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client"
)

// hostileTimeout bounds each hostile run in these tests: generous, and only there so
// that a regression fails instead of hanging the suite.
const hostileTimeout = 2 * time.Minute

// runHostile calls f in the background and fails the test if it has not returned
// within hostileTimeout.
func runHostile(t *testing.T, what string, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(hostileTimeout):
		t.Fatalf("%s did not return", what)
		return nil
	}
}

// TestHangingUtilityIsKilledWithItsChildren: a script whose child never ends and keeps
// the pipe open is stopped at the timeout, the child with it, and the error names the
// utility and the bound.
func TestHangingUtilityIsKilledWithItsChildren(t *testing.T) {
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "child.pid")
	// Not exec: the shell waits on a child that inherited standard output.
	writeStub(t, dir, "ghe-license", `sleep 600 & echo $! > `+pidFile+`; wait`)
	app := &Appliance{Dir: dir, Timeout: 300 * time.Millisecond}
	err := runHostile(t, "a hanging ghe-license", func() error { _, err := app.License(context.Background()); return err })
	if client.KindOf(err) != client.KindUnreachable || !strings.Contains(err.Error(), "ghe-license info -j") || !strings.Contains(err.Error(), "no answer within 300ms") {
		t.Errorf("err = %v, want ghe-license info -j stopped at 300ms", err)
	}
	raw, _ := os.ReadFile(pidFile)
	var pid int
	fmt.Sscan(string(raw), &pid)
	if pid <= 0 {
		t.Fatalf("the stub wrote no child pid: %q", raw)
	}
	// The child was killed with its group: gone, or a zombie waiting to be reaped.
	// Its sleep had ten minutes to go, so the generous wait tells killed from ended.
	for deadline := time.Now().Add(30 * time.Second); syscall.Kill(pid, 0) == nil; time.Sleep(20 * time.Millisecond) {
		if st, _ := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); strings.Contains(string(st), ") Z ") {
			break
		}
		if time.Now().After(deadline) {
			syscall.Kill(pid, syscall.SIGKILL)
			t.Fatal("the utility's child outlived the timeout: its process group was not killed")
		}
	}
}

// TestChildHoldingThePipeDoesNotHoldTheRead: a utility that leaves a process of its
// own session writing to standard output forever is cut off at the timeout.
func TestChildHoldingThePipeDoesNotHoldTheRead(t *testing.T) {
	if _, err := os.Stat("/usr/bin/setsid"); err != nil {
		t.Skip("no setsid")
	}
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "writer.pid")
	writeStub(t, dir, "ghe-user-csv", `printf 'login,email,suspension_status\n'
setsid sh -c 'echo $$ > `+pidFile+`; while :; do echo ann,ann@acme.test,active; sleep 0.01; done' &
exit 0`)
	t.Cleanup(func() {
		raw, _ := os.ReadFile(pidFile)
		var pid int
		if fmt.Sscan(string(raw), &pid); pid > 0 {
			syscall.Kill(-pid, syscall.SIGKILL)
		}
	})
	app := &Appliance{Dir: dir, Timeout: 500 * time.Millisecond}
	err := runHostile(t, "a user list that never ends", func() error { _, err := app.UserAccounts(context.Background(), "h"); return err })
	if client.KindOf(err) != client.KindUnreachable || !strings.Contains(err.Error(), "ghe-user-csv -o -d") || !strings.Contains(err.Error(), "no answer within") {
		t.Errorf("err = %v, want ghe-user-csv -o -d stopped at the timeout", err)
	}
}

// TestEndlessOutputIsCutAtTheCap: each utility that prints without end is stopped at
// its own byte cap (not the caller's patience), named with the cap.
func TestEndlessOutputIsCutAtTheCap(t *testing.T) {
	dir := t.TempDir()
	writeStub(t, dir, "ghe-license", `case "$1" in info) printf '{"seats": 5, "x": "'; while :; do printf 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'; done ;; usage) yes '{"features":[{},' ;; esac`)
	writeStub(t, dir, "ghe-config", `yes ghes.acme.test`)
	writeStub(t, dir, "ghe-user-csv", `printf 'login,email,suspension_status\n'; yes 'ann,ann@acme.test,active'`)
	app := &Appliance{Dir: dir}
	for what, tc := range map[string]struct {
		run  func() error
		want string
	}{
		"ghe-license info -j":             {func() error { _, err := app.License(context.Background()); return err }, "1 MiB"},
		"ghe-config core.github-hostname": {func() error { _, err := app.Hostname(context.Background()); return err }, "64 KiB"},
		"ghe-license usage":               {func() error { _, _, err := app.ExportUsage(context.Background()); return err }, "80 MiB"},
	} {
		err := runHostile(t, what, tc.run)
		if client.KindOf(err) != client.KindBadResponse || !strings.Contains(err.Error(), "run "+what) || !strings.Contains(err.Error(), "output limit of "+tc.want) {
			t.Errorf("%s: err = %v, want the output limit of %s", what, err, tc.want)
		}
	}
	// The same login row on and on: stopped by the row cap before the byte cap.
	err := runHostile(t, "ghe-user-csv", func() error { _, err := app.UserAccounts(context.Background(), "h"); return err })
	if client.KindOf(err) != client.KindBadResponse || !strings.Contains(err.Error(), "more than 400,000 users") {
		t.Errorf("ghe-user-csv: err = %v, want the row cap", err)
	}
}

// TestWideUserCSVRowIsRefused: a row (or header) that never ends is refused at the
// row width, with the row's number, before it is held whole.
func TestWideUserCSVRowIsRefused(t *testing.T) {
	dir := t.TempDir()
	writeStub(t, dir, "ghe-user-csv", `printf 'login,email,suspension_status\nann,ann@acme.test,active\nbob,'; yes x | tr -d '\n'`)
	app := &Appliance{Dir: dir}
	err := runHostile(t, "a wide row", func() error { _, err := app.UserAccounts(context.Background(), "h"); return err })
	if client.KindOf(err) != client.KindBadResponse || !strings.Contains(err.Error(), "row 3 is wider than 64 KiB") {
		t.Errorf("err = %v, want row 3 refused as wider than 64 KiB", err)
	}
	writeStub(t, dir, "ghe-user-csv", `printf 'login,email,'; yes x | tr -d '\n'`)
	err = runHostile(t, "a wide header", func() error { _, err := app.UserAccounts(context.Background(), "h"); return err })
	if client.KindOf(err) != client.KindBadResponse || !strings.Contains(err.Error(), "header row is wider than 64 KiB") {
		t.Errorf("err = %v, want the header refused as wider than 64 KiB", err)
	}
}

// TestOutputAtTheCapIsKept: output of exactly the cap is not a flood.
func TestOutputAtTheCapIsKept(t *testing.T) {
	dir := t.TempDir()
	writeStub(t, dir, "ghe-config", `printf '%s' "$(head -c 4096 /dev/zero | tr '\0' a)"`)
	app := &Appliance{Dir: dir, MaxOutput: 4096}
	out, err := app.run(context.Background(), hostnameBounds, "ghe-config", "core.github-hostname")
	if err != nil || len(out) != 4096 {
		t.Errorf("%d bytes, %v; want all 4096", len(out), err)
	}
}

// TestHugeFeatureListIsReadByItem: a usage file whose features list has a million
// items gives the first hundred names without decoding the rest into memory.
func TestHugeFeatureListIsReadByItem(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"instance":{"server_id":"s","features":[`)
	for i := range 1_000_000 {
		fmt.Fprintf(&b, `"f%d",`, i)
	}
	b.WriteString(`"last"]},"users":"ENCRYPTED"}`)
	inst := ReadUsageInstance([]byte(b.String()))
	if len(inst.Features) != maxUsageFeatures || inst.Features[0] != "f0" || inst.Features[99] != "f99" || inst.ServerID != "s" {
		t.Errorf("%d features (first %q), server %q", len(inst.Features), inst.Features[:1], inst.ServerID)
	}
}
