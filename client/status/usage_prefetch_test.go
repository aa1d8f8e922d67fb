package status

import (
	"context"
	"testing"

	"github.com/licensesync/licensesync/client/sim"
)

// A prefetched usage file is the next breakdown's, once: no second export for it, and
// the breakdown after it exports again.
func TestPrefetchedUsageIsTakenOnce(t *testing.T) {
	c, srv := newSimClient(t, sim.Options{Seed: 42, Users: 60, CloudUsers: 45}, nil)
	ctx := context.Background()
	exports := func() int64 { return srv.Stats().ByRoute["GET server enterprises/{e}/settings/license/usage"] }
	cl, err := c.ConsumedLicenses(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	c.PrefetchUsage(ctx)
	if r := c.ReconcileFrom(ctx, cl); r.ServerAccounts == 0 || exports() != 1 {
		t.Fatalf("with the prefetch: %d accounts, %d exports (%v)", r.ServerAccounts, exports(), srv.Stats().ByRoute)
	}
	if r := c.ReconcileFrom(ctx, cl); r.ServerAccounts == 0 || exports() != 2 {
		t.Fatalf("after it: %d accounts, %d exports", r.ServerAccounts, exports())
	}
}
