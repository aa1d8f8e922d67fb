package snapshot

import (
	"testing"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/sim"
)

// simConfig starts a simulated enterprise on 127.0.0.1 and is the configuration of a
// client of it that keeps its snapshots in dir ("": none).
func simConfig(t testing.TB, opts sim.Options, dir string, mod func(*client.Config)) (client.Config, *sim.Server) {
	t.Helper()
	srv, err := sim.Start(opts, "127.0.0.1:0", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	cfg := client.Config{
		ServerURL: srv.ServerURL(), ServerToken: sim.ServerAdminToken, Enterprise: "acme",
		CloudURL: srv.CloudURL(), CloudToken: sim.CloudAdminToken, CloudEnterprise: "acme-cloud",
	}
	if dir != "" {
		cfg.Snapshots = NewStore(dir)
	}
	if mod != nil {
		mod(&cfg)
	}
	return cfg, srv
}

// newSimClient is a client of a new simulated enterprise (simConfig).
func newSimClient(t testing.TB, opts sim.Options, dir string, mod func(*client.Config)) (*client.Client, *sim.Server) {
	t.Helper()
	cfg, srv := simConfig(t, opts, dir, mod)
	c, err := client.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, srv
}
