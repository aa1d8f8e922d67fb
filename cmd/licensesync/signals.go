package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"
)

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
