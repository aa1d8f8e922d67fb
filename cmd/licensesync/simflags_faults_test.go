package main

import (
	"testing"
	"time"

	"github.com/spf13/pflag"

	"github.com/licensesync/licensesync/client/sim"
)

func TestFaultFlagsFillTheOptions(t *testing.T) {
	t.Parallel()
	var opts sim.Options
	fs := pflag.NewFlagSet("sim", pflag.ContinueOnError)
	registerFaultFlags(fs, &opts)
	err := fs.Parse([]string{"--reset-rate", "0.05", "--spike-rate", "0.1", "--spike-latency", "2s", "--lost-write-replies", "1", "--hostile-names"})
	if err != nil {
		t.Fatal(err)
	}
	if opts.ResetRate != 0.05 || opts.SpikeRate != 0.1 || opts.SpikeLatency != 2*time.Second || opts.LostWriteReplies != 1 || !opts.HostileNames {
		t.Fatalf("options %+v", opts)
	}
	if _, err := sim.New(opts); err != nil {
		t.Fatalf("the sim refuses them: %v", err)
	}
}
