package common

import (
	"context"

	"github.com/licensesync/licensesync/reclaim"
)

// Reclaimer is what the console's reclaim pane acts through: the plan `licensesync
// reclaim` would print, and the engine that applies and undoes it on this server,
// journaled (docs/RECLAIM.md). The command gives one (Options.Reclaim); without it
// the breakdown offers no reclaim.
type Reclaimer interface {
	// Plan reads what a plan is made from and plans every lever that applies.
	Plan(ctx context.Context) (*reclaim.Plan, error)
	// Engine is the journaled engine for this server.
	Engine(ctx context.Context) (*reclaim.Engine, error)
}
