package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/client/status"
	"github.com/licensesync/licensesync/client/textsafe"
	"github.com/licensesync/licensesync/cmd/licensesync/usage"
)

// orFleet runs fn with one session, or with --all, status for every server of the
// fleet (fleet.go).
func (a *app) orFleet(all *bool, asJSON *jsonOutput, fn func(*cobra.Command, *session) error) func(*cobra.Command, []string) error {
	one := a.withSession(fn)
	return func(cmd *cobra.Command, args []string) error {
		if !*all {
			return one(cmd, args)
		}
		return a.statusAll(cmd.Context(), asJSON)
	}
}

// fleetResult is one server's status, or why it could not be read.
type fleetResult struct {
	name   string
	status *status.Status
	cfg    client.Config
	err    error
}

// statusAll reads every fleet server at once and prints them in the file's order:
// with JSON, an array of the usual status objects (a server that could not be read
// has only its url and hostname, and the error is on stderr). Exit 1 when any failed.
func (a *app) statusAll(ctx context.Context, asJSON *jsonOutput) error {
	file, err := a.config()
	if err != nil {
		return err
	}
	switch {
	case a.conn.demo:
		return usage.Errorf("status --all reads the fleet of the config file; the demo is one server (for a fleet: licensesync sim --servers 3 --print-env)")
	case a.conn.server != "":
		return usage.Errorf("--all reads every server of the fleet; leave out --server %s", a.conn.server)
	case len(file.Servers) == 0:
		return usage.Errorf("status --all: the config file (%s) lists no servers; add a fleet to it, e.g. servers: [{name: prod, url: https://ghes.example.com, enterprise: acme}] (docs/CONFIG.md)", file.path)
	}
	results := make([]fleetResult, len(file.Servers))
	var wg sync.WaitGroup
	for i, srv := range file.Servers {
		results[i].name = srv.Name
		wg.Go(func() { results[i] = a.fleetStatus(ctx, srv) })
	}
	wg.Wait()
	failed := 0
	statuses := make([]*status.Status, len(results))
	for i, r := range results {
		if r.err != nil {
			failed++
			fmt.Fprintf(a.io.err, "licensesync: %s: %s\n", r.name, textsafe.Sanitize(r.err.Error()))
			statuses[i] = unusableServerStatus(r.cfg, r.err)
			continue
		}
		statuses[i] = r.status
		a.recordSample(ctx, r.status)
		for _, g := range append(r.status.Sources, r.status.Gaps...) {
			fmt.Fprintf(a.io.err, "licensesync: note: %s: %s\n", r.name, textsafe.Sanitize(g))
		}
	}
	if asJSON.wanted() {
		if err := asJSON.write(a.io.out, statuses); err != nil {
			return err
		}
	} else {
		for i, r := range results {
			if i > 0 {
				fmt.Fprintln(a.io.out)
			}
			fmt.Fprintf(a.io.out, "── %s %s\n", textsafe.Sanitize(r.name), strings.Repeat("─", max(3, 60-len(r.name))))
			if r.err != nil {
				fmt.Fprintf(a.io.out, "  could not be read: %s\n", textsafe.Sanitize(r.err.Error()))
				continue
			}
			printStatus(a.io.out, r.status, r.cfg, time.Now())
		}
	}
	if failed > 0 {
		return &client.Error{Kind: client.KindUnreachable, Op: fmt.Sprintf("%d of %d servers could not be read (see above)", failed, len(results))}
	}
	// As for one server (statusOutcome): a part that failed anywhere fails the run.
	for i, st := range statuses {
		if err := statusOutcome(st); err != nil {
			return &client.Error{Kind: client.KindOf(err), Op: results[i].name + ": " + err.Error()}
		}
	}
	return nil
}

// fleetStatus reads one fleet server's status.
func (a *app) fleetStatus(ctx context.Context, srv fleetServer) fleetResult {
	r := fleetResult{name: srv.Name}
	r.cfg, r.err = a.resolveConfigFor(srv.Name)
	if r.err != nil {
		return r
	}
	s, err := a.openConfig(r.cfg, func() {})
	if err != nil {
		r.err = err
		return r
	}
	defer s.close()
	r.status, r.err = s.client.Status(ctx)
	return r
}

// unusableServerStatus is the status object of a server that could not be used at all
// (unreachable, a refused token, not GitHub's API): only its url and hostname, and the
// one error under the part "server", so that a script reading --json still finds errors.
func unusableServerStatus(cfg client.Config, err error) *status.Status {
	return &status.Status{Server: status.ServerStatus{URL: cfg.ServerURL, Hostname: hostOf(cfg.ServerURL), Enterprise: cfg.Enterprise},
		Connect: status.ConnectStatus{LicenseSync: client.FeatureUnknown}, Sync: status.SyncStatus{State: client.FeatureUnknown},
		Errors: []status.PartError{status.NewPartError(status.PartServer, err)}, Impossible: []seats.Impossible{}}
}
