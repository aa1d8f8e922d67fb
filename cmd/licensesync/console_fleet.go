package main

import "github.com/licensesync/licensesync/tui"

// withFleet gives the console the fleet (to mark the cloud's servers configured here
// and switch between them) and the name of the server it shows.
func (a *app) withFleet(opts *tui.Options) {
	file, err := a.config()
	if err != nil || a.conn.demo || len(file.Servers) == 0 {
		return
	}
	for _, s := range file.Servers {
		host := s.Hostname
		if host == "" {
			host = hostOf(withScheme(s.URL))
		}
		opts.Fleet = append(opts.Fleet, tui.FleetServer{Name: s.Name, Host: host})
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
