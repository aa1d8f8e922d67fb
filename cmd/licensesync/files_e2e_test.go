package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client/replay"
)

// Files that are not files (docs/RELIABILITY.md): a FIFO, a directory or a socket
// where licensesync keeps a file is skipped with a note or refused with one line, and
// the command always finishes.

func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestFIFOAtTheSnapshotPathIsSkipped(t *testing.T) {
	t.Parallel()
	_, env := replayEnv(t, replay.Options{UserCopies: 2})
	cache := filepath.Join(envValue(env, "HOME"), "cache")
	env = append(env, "XDG_CACHE_HOME="+cache)
	if r := runBin(t, env, "users"); r.code != 0 {
		t.Fatalf("first run:\n%s", r)
	}
	files, _ := filepath.Glob(filepath.Join(cache, "licensesync", "*"))
	if len(files) != 1 {
		t.Fatalf("snapshot files: %v", files)
	}
	for _, args := range [][]string{{"users"}, {"status"}} {
		os.Remove(files[0]) // users replaced the FIFO with a fresh snapshot: put it back
		mkfifo(t, files[0])
		r := runBin(t, env, args...)
		if r.code != 0 || !strings.Contains(r.stderr, "named pipe") {
			t.Errorf("%v with a FIFO at the snapshot: want it finished, with a note:\n%s", args, r)
		}
	}
	// A directory there: read as no snapshot, and the save says why it failed.
	os.Remove(files[0])
	os.Mkdir(files[0], 0o700)
	if r := runBin(t, env, "users"); r.code != 0 || !strings.Contains(r.stderr, "a directory") {
		t.Errorf("a directory at the snapshot:\n%s", r)
	}
}

func TestFIFOAtTheConfigPathIsSkipped(t *testing.T) {
	t.Parallel()
	_, env := replayEnv(t, replay.Options{})
	cfg := filepath.Join(envValue(env, "XDG_CONFIG_HOME"), "licensesync", "config.yml")
	mkfifo(t, cfg)
	r := runBin(t, env, "status")
	if r.code != 0 || !strings.Contains(r.stderr, "note: "+cfg+" is skipped: not a regular file: it is a named pipe") {
		t.Errorf("want the config FIFO skipped with a note:\n%s", r)
	}
	// Named with --config, it is an error of its own.
	r = runBin(t, env, "status", "--config", cfg)
	assertOneLineError(t, r)
	if r.code != 2 || !strings.Contains(r.stderr, "named pipe") {
		t.Errorf("--config FIFO:\n%s", r)
	}
}

func TestFIFOAtTheDemoStateIsRefused(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	mkfifo(t, filepath.Join(envValue(env, "XDG_STATE_HOME"), "licensesync", "demo-state.json"))
	r := runBin(t, env, "status", "--demo")
	assertOneLineError(t, r)
	if r.code == 0 || !strings.Contains(r.stderr, "named pipe") {
		t.Errorf("want a one-line refusal naming the pipe:\n%s", r)
	}
}

// TestSignalEndsACommandWithinTwoSeconds: SIGTERM during a read the cloud never
// answers ends the command within two seconds, with exit 2 and one line.
func TestSignalEndsACommandWithinTwoSeconds(t *testing.T) {
	srv, env := replayEnv(t, replay.Options{Hostile: replay.StallConsumed})
	for _, args := range [][]string{{"status"}, {"users"}} {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		cmd := exec.CommandContext(ctx, binary, args...)
		cmd.Env = env
		var stderr strings.Builder
		cmd.Stderr = &stderr
		before := srv.Hits("/cloud/enterprises/acme-cloud/consumed-licenses")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		for srv.Hits("/cloud/enterprises/acme-cloud/consumed-licenses") == before && ctx.Err() == nil {
			time.Sleep(10 * time.Millisecond) // until the read is under way
		}
		sent := time.Now()
		cmd.Process.Signal(syscall.SIGTERM)
		err := cmd.Wait()
		took := time.Since(sent)
		cancel()
		ee, ok := err.(*exec.ExitError)
		if !ok || ee.ExitCode() != exitCancelled || took > 2*time.Second {
			t.Errorf("%v: SIGTERM ended it after %s with %v:\n%s", args, took, err, stderr.String())
		}
		if lines := strings.Split(strings.TrimSpace(stderr.String()), "\n"); !strings.Contains(lines[len(lines)-1], "interrupted") {
			t.Errorf("%v: stderr does not say it was interrupted:\n%s", args, stderr.String())
		}
	}
}

// TestSIGTERMEndsTheConsole: the console ends on SIGTERM within two seconds, by itself
// (the context), not by the backstop: Bubble Tea's own signal handler, which raced the
// context and could hang its shutdown with the terminal left raw, is off.
func TestSIGTERMEndsTheConsole(t *testing.T) {
	p := newTmuxPane(t, 100, 30, append(baseEnv(t), "TERM=xterm-256color"), "--demo")
	p.waitFor("site admin")
	for range 3 { // the race was about one run in three
		shell := strings.TrimSpace(p.tmux("display-message", "-p", "#{pane_pid}"))
		// The shell's one child is the console (under .ci/run's coverage build, binary
		// is a wrapper that execs another path, so its name is not matched).
		out, err := exec.Command("pgrep", "-P", shell).Output()
		pid := strings.TrimSpace(string(out))
		if err != nil || pid == "" {
			t.Fatalf("no console under the pane's shell %s: %v", shell, err)
		}
		sent := time.Now()
		if err := exec.Command("kill", "-TERM", pid).Run(); err != nil {
			t.Fatal(err)
		}
		for exec.Command("kill", "-0", pid).Run() == nil {
			if time.Since(sent) > 5*time.Second {
				t.Fatalf("the console still runs 5 s after SIGTERM")
			}
			time.Sleep(20 * time.Millisecond)
		}
		if took := time.Since(sent); took >= interruptGrace {
			t.Errorf("the console took %s to end: only the backstop ended it", took)
		}
		if strings.Contains(p.screen(), "stopped waiting") {
			t.Errorf("the backstop ended the console:\n%s", p.screen())
		}
		p.tmux("respawn-pane", "-k", "env -i "+shellJoin(append(baseEnv(t), "TERM=xterm-256color"))+" "+shellJoin([]string{binary, "--demo"})+"; sleep 30")
		p.waitFor("site admin")
	}
}

// export -o names a folder, a missing folder or a file used as a folder plainly (exit
// 2) before writing: it used to say "already exists; pass --force" for a folder, which
// --force could not replace, and name the temporary file for a missing folder.
func TestExportToAFolderOrNoFolderIsSaidPlainly(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-o", dir, "--force"}, "is a folder; give -o the name of a file"},
		{[]string{"-o", dir}, "is a folder; give -o the name of a file"},
		{[]string{"-o", filepath.Join(dir, "missing", "u.json")}, "does not exist; create it"},
		{[]string{"-o", filepath.Join(file, "u.json")}, "is not a folder"},
	} {
		r := runBin(t, env, append([]string{"export", "--demo"}, c.args...)...)
		assertOneLineError(t, r)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) || strings.Contains(r.stderr, ".tmp") {
			t.Errorf("%v: want exit 2 saying %q:\n%s", c.args, c.want, r)
		}
	}
}
