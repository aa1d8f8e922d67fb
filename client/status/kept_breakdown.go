package status

import (
	"context"
	"strings"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/seats"
)

// ReconcileKept is the breakdown of the users kept from the last complete read (the
// snapshot) while the cloud's totals in st are still the snapshot's; ok is false
// otherwise (no usable snapshot, other totals: the pages must be read).
//
// The breakdown's counts are kept next to the snapshot (client.Keep: its file with
// ".breakdown") under the names of exactly what they were counted from: the snapshot's
// content and the build that counted (as client.Keep names them), and the server's
// accounts (the usage file's fingerprint, ghe-user-csv's accounts). While
// all three are unchanged, a warm status reads the snapshot's head only and neither
// decodes the users or the accounts nor looks for the people counted twice: the kept
// counts, with what the server says now (suspended, dormant users). Any change counts
// again and keeps the new counts. A kept breakdown holds no findings
// (seats.Reconcile.Kept): users --duplicates and the console find theirs.
func (c *Reader) ReconcileKept(ctx context.Context, st *Status) (r *seats.Reconcile, at time.Time, ok bool) {
	head, ok := c.KeptSnapshotHead(ctx)
	if !ok || !st.CloudTotalsAre(head.Head.Consumed, head.Head.Purchased) {
		return nil, time.Time{}, false
	}
	side := c.readServerSide(ctx, st)
	var kept keptBreakdown
	if c.ReadKept(keptBreakdownName, keptBreakdownVersion, head.Fingerprint(), maxKeptBreakdownBytes, &kept) &&
		strings.HasPrefix(kept.Accounts, side.usageKey()) && kept.Summary.Consistent() &&
		kept.Summary.Consumed == head.Head.Consumed && kept.Summary.Purchased == head.Head.Purchased {
		// The same usage file decodes as it did: no need to decode it to know.
		decodes := kept.Summary.AccountsSource == seats.AccountsFromUsageFile
		if acc := c.serverAccounts(ctx, side, kept.Summary.NoServerUserListed, &decodes); acc.key == kept.Accounts {
			return seats.FromSummary(kept.Summary, side.input(nil, acc)), head.Confirmed, true
		}
	}
	cl, at, ok := c.CachedConsumedLicenses(ctx)
	if !ok || !st.CloudTotalsAre(cl.TotalSeatsConsumed, cl.TotalSeatsPurchased) {
		return nil, time.Time{}, false
	}
	return c.reconcileAndKeep(ctx, side, cl), at, true
}

// ReconcileFetched is ReconcileKnowing of cl as ConsumedLicenses returned it, whose
// counts are then kept next to the snapshot that holds it (cl.Fetch.Snapshot), so that
// the warm status after a read takes them (ReconcileKept).
func (c *Reader) ReconcileFetched(ctx context.Context, cl *client.ConsumedLicenses, st *Status) *seats.Reconcile {
	return c.reconcileAndKeep(ctx, c.readServerSide(ctx, st), cl)
}

// reconcileAndKeep counts cl with side and keeps the counts under the fingerprint of
// the file cl's users were read from; a failure to write is no failure of the status:
// the next one counts again.
func (c *Reader) reconcileAndKeep(ctx context.Context, side *serverSide, cl *client.ConsumedLicenses) *seats.Reconcile {
	acc := c.serverAccounts(ctx, side, seats.NoServerUserListed(cl.Users), nil)
	r := seats.NewReconcile(side.input(cl, acc))
	_ = c.Keep(keptBreakdownName, keptBreakdownVersion, cl.Fetch.Snapshot, keptBreakdown{Accounts: acc.key, Summary: r.Summary()})
	return r
}

// keptBreakdown is a kept breakdown (client.Keep): its counts, and the name of the
// server's accounts they were counted with.
type keptBreakdown struct {
	Accounts string        `json:"accounts"` // accountsRead.key
	Summary  seats.Summary `json:"summary"`
}

// keptBreakdownName is the breakdown's kept file (client.KeptFile), and the version
// of its format.
const (
	keptBreakdownName    = "breakdown"
	keptBreakdownVersion = 2
)

// maxKeptBreakdownBytes bounds the file read: it holds a few dozen numbers.
const maxKeptBreakdownBytes = 64 << 10
