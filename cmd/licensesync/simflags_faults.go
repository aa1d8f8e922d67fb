package main

import (
	"time"

	"github.com/spf13/pflag"

	"github.com/licensesync/licensesync/client/sim"
)

// registerFaultFlags adds the sim's fault and hostile-input flags to fs, beside
// --fail-rate and the rate-limit flags: connection resets, latency spikes, lost write
// replies and hostile names. `licensesync sim` calls it on its flag set.
func registerFaultFlags(fs *pflag.FlagSet, opts *sim.Options) {
	fs.Float64Var(&opts.ResetRate, "reset-rate", 0, "fraction of connections closed without an answer")
	fs.Float64Var(&opts.SpikeRate, "spike-rate", 0, "fraction of requests delayed by --spike-latency")
	fs.DurationVar(&opts.SpikeLatency, "spike-latency", 500*time.Millisecond, "the length of a latency spike")
	fs.IntVar(&opts.LostWriteReplies, "lost-write-replies", 0, "the first N successful writes are applied but their answer is lost (connection closed)")
	fs.BoolVar(&opts.HostileNames, "hostile-names", false, "plant terminal escape sequences, bidi overrides and control characters in some users' names, logins and emails")
}
