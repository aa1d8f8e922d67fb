package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/sim"
)

// The demo world: a fixed seed, so every --demo run sees the same people, and a state
// file, so that what one command changes (the setting, sync jobs, uploads) the next sees.
const (
	demoSeed         = 1
	demoServerUsers  = 2500
	demoCloudUsers   = 1800
	demoSyncDuration = 3 * time.Second
	demoEnterprise   = "acme"
	// demoStatisticsPast is the demo's simulated past: its appliance has shared
	// Server Statistics this long, so the history has daily points to backfill.
	demoStatisticsPast = 90 * 24 * time.Hour
)

// stateDir is licensesync's own state directory, created 0700 when missing:
// $XDG_STATE_HOME/licensesync, else ~/.local/state/licensesync. It holds the demo's
// state, the SSH host key and the simulator's certificate unless told otherwise.
func (a *app) stateDir() (string, error) {
	dir := a.getenv("XDG_STATE_HOME")
	if dir == "" {
		home := a.getenv("HOME")
		if home == "" {
			h, err := os.UserHomeDir()
			if err != nil {
				return "", fmt.Errorf("cannot find a place for licensesync's state: set XDG_STATE_HOME or HOME")
			}
			home = h
		}
		dir = filepath.Join(home, ".local", "state")
	}
	dir = filepath.Join(dir, "licensesync")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("cannot create %s for licensesync's state: %w", dir, err)
	}
	return dir, nil
}

// demoStateFile is where the demo keeps what changed.
func (a *app) demoStateFile() (string, error) {
	dir, err := a.stateDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "demo-state.json"), nil
}

func demoOptions(stateFile string) sim.Options {
	return sim.Options{
		Seed:         demoSeed,
		Enterprise:   demoEnterprise,
		Users:        demoServerUsers,
		CloudUsers:   demoCloudUsers,
		SyncDuration: demoSyncDuration,
		StateFile:    stateFile,

		ServerStatistics: true,
		StatisticsPast:   demoStatisticsPast,
	}
}

// openDemo starts the simulated enterprise on a free loopback port and connects the real
// client to it over HTTP.
func (a *app) openDemo(ctx context.Context) (*session, error) {
	timeout, err := a.requestTimeout() // a bad one is said before the demo is reset
	if err != nil {
		return nil, err
	}
	stateFile, err := a.demoStateFile()
	if err != nil {
		return nil, err
	}
	if a.conn.demoReset {
		if err := os.Remove(stateFile); err != nil && !os.IsNotExist(err) {
			return nil, fmt.Errorf("cannot reset the demo: %w", err)
		}
		a.forgetDemoHistory(ctx)
	}
	srv, err := sim.Start(demoOptions(stateFile), "127.0.0.1:0", "")
	if err != nil {
		return nil, fmt.Errorf("cannot start the demo enterprise: %w", err)
	}
	cfg := client.Config{
		ServerURL:         srv.ServerURL(),
		ServerToken:       sim.ServerAdminToken,
		ServerTokenSource: "the demo",
		Enterprise:        demoEnterprise,
		CloudURL:          srv.CloudURL(),
		CloudToken:        sim.CloudAdminToken,
		CloudTokenSource:  "the demo",
		CloudEnterprise:   a.conn.cloudEnterprise,
		RequestTimeout:    timeout,
	}
	return a.openConfig(cfg, func() { _ = srv.Close() })
}
