package status

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/appliance"
	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/client/sim"
	"github.com/licensesync/licensesync/client/snapshot"
)

// A kept breakdown is taken while the snapshot, the server's accounts and the build
// are those it was counted from, and counted again when any of them changed: the
// server's users (a suspension changes its usage file), the snapshot (a new read), a
// damaged file. Taken or counted, it says the same as the breakdown of the users.
func TestKeptBreakdownCountsAgainOnlyWhenAnInputChanged(t *testing.T) {
	dir := t.TempDir()
	c, _ := newSimClient(t, sim.Options{Seed: 42, Users: 600, CloudUsers: 450}, func(cfg *client.Config, _ **appliance.Appliance) {
		cfg.Snapshots = snapshot.NewStore(dir)
	})
	ctx := context.Background()
	status := func() *Status {
		t.Helper()
		st, err := c.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	kept := func(st *Status, wantKept bool, step string) *seats.Reconcile {
		t.Helper()
		r, at, ok := c.ReconcileKept(ctx, st)
		if !ok || at.IsZero() {
			t.Fatalf("%s: no breakdown of the kept users", step)
		}
		if r.Kept != wantKept {
			t.Fatalf("%s: kept %v, want %v", step, r.Kept, wantKept)
		}
		cl, _, _ := c.CachedConsumedLicenses(ctx)
		if want := c.ReconcileKnowing(ctx, cl, st); !sameBreakdown(r, want) {
			t.Fatalf("%s: the breakdown\n %+v\ndiffers from that of the users\n %+v", step, r, want)
		}
		return r
	}

	st := status()
	if _, _, ok := c.ReconcileKept(ctx, st); ok {
		t.Fatal("a breakdown before any read")
	}
	if _, err := c.ConsumedLicenses(ctx, nil); err != nil {
		t.Fatal(err)
	}
	first := kept(st, false, "first")
	if first.ProjectedAfterSync == nil || first.ServerAccounts == 0 {
		t.Fatalf("the seeded world before its first sync has no projection: %+v", first)
	}
	file := c.KeptFile(keptBreakdownName)
	if info, err := os.Stat(file); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("the kept breakdown: %v %v", info, err)
	}
	kept(st, true, "unchanged")

	// The server's accounts change: one of them suspended leaves the usage file.
	acc, err := seats.AccountsFromUsage(must(c.ExportUsage(ctx)))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range acc {
		if err = c.SuspendUser(ctx, a.Login, "test"); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	st = status()
	if again := kept(st, false, "after a suspension"); again.ServerAccounts != first.ServerAccounts-1 {
		t.Fatalf("after a suspension %d server accounts, were %d", again.ServerAccounts, first.ServerAccounts)
	}
	kept(st, true, "unchanged after the suspension")

	// The snapshot is read again (the same users, another file).
	reread := func() *client.ConsumedLicenses {
		t.Helper()
		if err := os.Remove(c.SnapshotFile()); err != nil {
			t.Fatal(err)
		}
		return must(c.ConsumedLicenses(ctx, nil))
	}
	reread()
	kept(st, false, "a new snapshot")
	kept(st, true, "unchanged after the new snapshot")
	// A read's breakdown is kept with its snapshot: the next status takes it.
	if r := c.ReconcileFetched(ctx, reread(), st); r.Kept || len(r.Findings) != r.CountedTwice.People {
		t.Fatalf("the breakdown of a read: kept %v, %d findings of %d", r.Kept, len(r.Findings), r.CountedTwice.People)
	}
	kept(st, true, "after a read")

	// A damaged kept breakdown is counted again and replaced.
	if err := os.WriteFile(file, []byte(`{"version":1,"summary":`), 0o600); err != nil {
		t.Fatal(err)
	}
	kept(st, false, "damaged")
	kept(st, true, "replaced")

	// Counts no breakdown could have made (an altered file) are counted again.
	var altered struct {
		Version  int           `json:"version"`
		Build    string        `json:"build"`
		Snapshot string        `json:"snapshot"`
		Value    keptBreakdown `json:"value"`
	}
	if err := json.Unmarshal(must(os.ReadFile(file)), &altered); err != nil {
		t.Fatal(err)
	}
	altered.Value.Summary.Both += 1000
	if err := os.WriteFile(file, must(json.Marshal(altered)), 0o600); err != nil {
		t.Fatal(err)
	}
	kept(st, false, "altered")

	// Other cloud totals: the kept users are not the cloud's any more.
	other := *st
	n := *st.Cloud.SeatsConsumed + 1
	other.Cloud.SeatsConsumed = &n
	if _, _, ok := c.ReconcileKept(ctx, &other); ok {
		t.Fatal("a breakdown of users whose totals are not the cloud's")
	}
}

// In the admin shell before the first sync the accounts come from ghe-user-csv: a
// kept breakdown is taken while the list gives the same accounts, and counted again
// when it changes or cannot be read (and says why, as counted).
func TestKeptBreakdownFollowsTheUserList(t *testing.T) {
	stubs, dir := t.TempDir(), t.TempDir()
	c, srv := newSimClient(t, sim.Options{Seed: 42, Users: 600, CloudUsers: 450, Stock: true}, func(cfg *client.Config, app **appliance.Appliance) {
		*app = &appliance.Appliance{Dir: stubs}
		cfg.ServerToken, cfg.Snapshots = "", snapshot.NewStore(dir)
	})
	if err := srv.WriteApplianceStubs(stubs); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, err := c.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ConsumedLicenses(ctx, nil); err != nil {
		t.Fatal(err)
	}
	kept := func(wantKept bool, step string) *seats.Reconcile {
		t.Helper()
		r, _, ok := c.ReconcileKept(ctx, st)
		if !ok || r.Kept != wantKept {
			t.Fatalf("%s: ok %v, kept %v, want %v", step, ok, r != nil && r.Kept, wantKept)
		}
		cl, _, _ := c.CachedConsumedLicenses(ctx)
		if want := c.ReconcileKnowing(ctx, cl, st); !sameBreakdown(r, want) || !reflect.DeepEqual(r.Suspended, want.Suspended) {
			t.Fatalf("%s: the breakdown\n %+v\ndiffers from that of the users\n %+v", step, r, want)
		}
		return r
	}
	first := kept(false, "first")
	if first.AccountsSource != seats.AccountsFromUserCSV || first.ServerAccounts == 0 {
		t.Fatalf("accounts from %q: %d", first.AccountsSource, first.ServerAccounts)
	}
	kept(true, "unchanged")

	csvFile := filepath.Join(stubs, "users.csv")
	data, err := os.ReadFile(csvFile)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	if err := os.WriteFile(csvFile, []byte(strings.Join(append(lines[:1:1], lines[2:]...), "")), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := kept(false, "one account fewer"); r.ServerAccounts+*r.Suspended != first.ServerAccounts+*first.Suspended-1 {
		t.Fatalf("one account fewer: %d active, %v suspended; were %d, %v", r.ServerAccounts, *r.Suspended, first.ServerAccounts, *first.Suspended)
	}
	kept(true, "unchanged after the change")

	if err := os.WriteFile(csvFile, []byte(strings.Replace(string(data), "suspension_status", "state", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := kept(false, "unreadable"); r.ProjectionUnknown == "" {
		t.Fatal("an unreadable list: no projection and no word why")
	}
	kept(true, "unreadable again")
}

// sameBreakdown reports whether a and b say the same: their counts and words.
func sameBreakdown(a, b *seats.Reconcile) bool {
	return reflect.DeepEqual(a.Summary(), b.Summary()) && reflect.DeepEqual(a.Lines(), b.Lines()) &&
		a.CountedTwiceSummary() == b.CountedTwiceSummary() && a.AfterFixesText() == b.AfterFixesText() &&
		a.ProjectionText() == b.ProjectionText() && a.Note == b.Note && a.ProjectionUnknown == b.ProjectionUnknown
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
