// Command licensesync is a terminal console for GitHub Enterprise Server site admins:
// it guides them through turning on GitHub Connect's "Server can sync user license count
// and usage" and shows license usage on both sides, with every action also available as a
// scriptable command (see README.md).
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
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
