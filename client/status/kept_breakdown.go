package status

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/atomicfile"
	"github.com/licensesync/licensesync/client/seats"
)

// ReconcileKept is the breakdown of the users kept from the last complete read (the
// snapshot) while the cloud's totals in st are still the snapshot's; ok is false
// otherwise (no usable snapshot, other totals: the pages must be read).
//
// The breakdown's counts are kept next to the snapshot (its file with ".breakdown",
// 0600, written atomically) under the names of exactly what they were counted from:
// the snapshot's content (client.Snapshot.Fingerprint), the server's accounts (the
// usage file's fingerprint, ghe-user-csv's accounts) and the build that counted. While
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
	if kept := readKeptBreakdown(keptBreakdownFile(c.SnapshotFile())); kept != nil && kept.Snapshot == head.Fingerprint() && kept.Build == buildIdentity() &&
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
	_ = writeKeptBreakdown(keptBreakdownFile(c.SnapshotFile()), keptBreakdown{Version: keptBreakdownVersion, Build: buildIdentity(),
		Snapshot: cl.Fetch.Snapshot, Accounts: acc.key, Summary: r.Summary()})
	return r
}

// keptBreakdown is the file of a kept breakdown: its counts and the names of what
// they were counted from.
type keptBreakdown struct {
	Version  int           `json:"version"`
	Build    string        `json:"build"`    // buildIdentity of the build that counted
	Snapshot string        `json:"snapshot"` // the snapshot's Fingerprint
	Accounts string        `json:"accounts"` // accountsRead.key
	Summary  seats.Summary `json:"summary"`
}

const keptBreakdownVersion = 1

// maxKeptBreakdownBytes bounds the file read: it holds a few dozen numbers.
const maxKeptBreakdownBytes = 64 << 10

// keptBreakdownFile is where the breakdown of snapshot is kept, "" without snapshots.
func keptBreakdownFile(snapshot string) string {
	if snapshot == "" {
		return ""
	}
	return strings.TrimSuffix(snapshot, ".snap") + ".breakdown"
}

// readKeptBreakdown is the breakdown kept in file, nil when there is none or it is
// not one this build reads (it is then counted again and replaced).
func readKeptBreakdown(file string) *keptBreakdown {
	if file == "" {
		return nil
	}
	data, err := atomicfile.ReadRegular(file, maxKeptBreakdownBytes)
	if err != nil {
		return nil
	}
	var k keptBreakdown
	if json.Unmarshal(data, &k) != nil || k.Version != keptBreakdownVersion {
		return nil
	}
	return &k
}

func writeKeptBreakdown(file string, k keptBreakdown) error {
	if file == "" || k.Snapshot == "" {
		return nil
	}
	data, err := json.Marshal(k)
	if err != nil {
		return err
	}
	return atomicfile.Write(file, data, 0o600)
}

// buildIdentity names the code that counted: the module's version and VCS revision
// as the build stamped them and, for a build of modified or unstamped sources, the
// executable's size and time, so that a rebuilt finder never takes the counts of the
// one before.
var buildIdentity = sync.OnceValue(func() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return executableIdentity()
	}
	revision, modified := "", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	id := info.Main.Version + " " + revision
	if released := info.Main.Version != "" && info.Main.Version != "(devel)"; !released && (revision == "" || modified) {
		id += " " + executableIdentity()
	}
	return id
})

// executableIdentity is the running executable's size and modification time; when
// they cannot be known, a name no other process has (nothing kept is then taken).
func executableIdentity() string {
	if exe, err := os.Executable(); err == nil {
		if fi, err := os.Stat(exe); err == nil {
			return fmt.Sprintf("%d bytes, modified %d", fi.Size(), fi.ModTime().UnixNano())
		}
	}
	return fmt.Sprintf("process %d at %d", os.Getpid(), time.Now().UnixNano())
}
