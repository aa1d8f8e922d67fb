package metrics

import (
	"context"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/status"
)

// Source is one server the exporter reads: one appliance, or each of a fleet's.
type Source struct {
	// Server names the server in its series' server label until a read says its
	// hostname (a fleet entry's hostname, or its URL's host).
	Server string
	// Read reads the server's picture once.
	Read func(ctx context.Context) (*Picture, error)
}

// Picture is what one read of one server gives.
type Picture struct {
	// Status is what `status --json` prints, reconcile included.
	Status *status.Status
	// RunOut is when the cloud's consumed seats reach its purchased seats at the
	// trend of the usage history (the trend pane's outlook); nil when the history
	// cannot say (too few readings, not rising, beyond its horizon).
	RunOut *time.Time
	// Rates are the rate-limit budgets the server's connection last saw.
	Rates []client.RateRemaining
	// Reclaimable are the seats the reclaim plan (docs/RECLAIM.md) would free, one
	// entry per lever that could be planned; a lever that could not is left out.
	Reclaimable []Reclaimable
}

// Reclaimable is what one lever of the reclaim plan would free on each side.
type Reclaimable struct {
	Lever       string
	ServerSeats int
	CloudSeats  int
}
