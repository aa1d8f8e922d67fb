// Command licensesync is a terminal console for GitHub Enterprise Server site admins:
// it guides them through turning on GitHub Connect's "Server can sync user license count
// and usage" and shows license usage on both sides, with every action also available as a
// scriptable command (see README.md).
//
// This package is the commands and their wiring: one file per command (status.go,
// users.go, check.go, enable.go, sync.go, history.go, …) on the app that holds the
// global flags, the session (tokens, the two clients, the appliance) and the output,
// plus the config file, the connection and the console's start. What every command
// shares lives below it: output (JSON, CSV, notes, progress), check (check's rules),
// serve (serve --ssh), usage and shell. It is 40 files and about 5,600 lines, over the
// house's bound of 25 files and 3,000 lines, because each command is a method set on
// the one app (cobra's commands close over its flags and session); the next split
// moves the text printers (report.go, the status and users printers) and --jq
// (jsonfilter.go) into output, and the console's start (console*.go) into a package
// that takes the session as a parameter (docs/ARCHITECTURE.md, "Not yet").
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go exitAfterGrace(ctx, done, os.Stderr)
	code := run(ctx, os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr}, os.Getenv)
	close(done)
	stop()
	os.Exit(code)
}

// interruptGrace is how long a command has to end by itself once Ctrl+C or SIGTERM
// cancelled its context; after it the process ends anyway (docs/RELIABILITY.md,
// "Bounds": every command ends within two seconds of the signal).
const interruptGrace = 1500 * time.Millisecond

// exitAfterGrace ends the process with exitCancelled when signalled is done and the
// command has not returned interruptGrace later: whatever it waits on (a prompt, a
// file, a peer that never answers) cannot hold it. done is closed when the command
// returned by itself.
func exitAfterGrace(signalled context.Context, done <-chan struct{}, w io.Writer) {
	select {
	case <-signalled.Done():
	case <-done:
		return
	}
	select {
	case <-time.After(interruptGrace):
		fmt.Fprintln(w, "licensesync: interrupted; stopped waiting, nothing more was changed")
		os.Exit(exitCancelled)
	case <-done:
	}
}
