package main

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/tui"
	"github.com/licensesync/licensesync/tui/common"
)

// withFleet gives the console the fleet (to mark the cloud's servers configured here
// and switch between them) and the name of the server it shows.
func (a *app) withFleet(opts *common.Options) {
	file, err := a.config()
	if err != nil || a.conn.demo || len(file.Servers) == 0 {
		return
	}
	for _, s := range file.Servers {
		host := s.Hostname
		if host == "" {
			host = hostOf(client.WithHTTPS(s.URL))
		}
		opts.Fleet = append(opts.Fleet, common.FleetServer{Name: s.Name, Host: host})
	}
	if cur, ok := file.fleetEntry(opts.ServerURL); ok {
		opts.Current = cur.Name
	}
	if a.conn.server != "" {
		if cur, ok := file.fleetEntry(a.conn.server); ok {
			opts.Current = cur.Name
		}
	}
}

// fleetConsole is the console for opts, which with a fleet of two or more servers
// switches to another in place (tui.FleetConsole): the server's own connection, the
// same history, keys and colours.
func (a *app) fleetConsole(opts common.Options) tea.Model {
	first := tui.New(opts)
	if len(opts.Fleet) < 2 {
		return first
	}
	return tui.NewFleetConsole(first, func(name string) (*tui.Model, error) {
		cfg, err := a.resolveConfigFor(name)
		if err != nil {
			return nil, err
		}
		s, err := a.openConfig(cfg, func() {})
		if err != nil {
			return nil, err
		}
		next := opts
		next.Backend, next.OnToken, next.Reclaim = s.client, nil, consoleReclaimer{a: a, s: s}
		if rb, ok := opts.Backend.(*recordingBackend); ok {
			next.Backend = newRecordingBackend(s.client, rb.store, rb.demo)
		}
		next.ServerURL, next.Enterprise, next.TokenSource, next.Current = cfg.ServerURL, cfg.Enterprise, cfg.ServerTokenSource, name
		return tui.New(next), nil
	})
}
