package main

import (
	"context"
	"io"

	"github.com/licensesync/licensesync/reclaim"
	"github.com/licensesync/licensesync/tui/common"
)

// consoleReclaimer is the console's reclaim (tui/reclaim): the plan `licensesync
// reclaim` makes with its defaults, and the engine with the same journal, so a run
// started in the console is continued, listed and undone by the command, and back.
type consoleReclaimer struct {
	a *app
	s *session
}

var _ common.Reclaimer = consoleReclaimer{}

// Plan plans every lever that applies. What the command says on stderr while it
// reads (a report being generated) would tear the screen: it is left out, and a plan
// none of whose levers could be made is the error the pane shows.
func (r consoleReclaimer) Plan(ctx context.Context) (*reclaim.Plan, error) {
	plan, facts := r.a.planReclaim(ctx, r.s, r.a.serverNames(ctx, r.s), reclaim.DefaultFilters(), true, io.Discard)
	return plan, unplannable(plan, facts, nil)
}

// Engine is the journaled engine on this server, under the name status shows it by.
func (r consoleReclaimer) Engine(ctx context.Context) (*reclaim.Engine, error) {
	return r.a.reclaimEngine(r.s, r.a.serverNames(ctx, r.s)[0])
}
