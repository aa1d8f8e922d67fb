package status

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/appliance"
	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/client/sim"
)

// TestStatusInApplianceModeWithoutServerToken: the license and hostname come from the
// stubs, the cloud side still works, and the missing token is said once.
func TestStatusInApplianceModeWithoutServerToken(t *testing.T) {
	stubs := t.TempDir()
	c, srv := newSimClient(t, sim.Options{Stock: true, ServerSeats: 2800}, func(cfg *client.Config, app **appliance.Appliance) {
		cfg.ServerToken = ""
		*app = &appliance.Appliance{Dir: stubs}
	})
	if err := srv.WriteApplianceStubs(stubs); err != nil {
		t.Fatal(err)
	}
	st, err := c.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if l := st.Server.License; l == nil || l.Source != "ghe-license" || l.Seats.N != 2800 || l.ExpiresAt == nil || l.DaysUntilExpiration < 150 {
		t.Errorf("license = %+v", st.Server.License)
	}
	if st.Server.Hostname != "127.0.0.1" {
		t.Errorf("hostname = %q, want the one ghe-config gives", st.Server.Hostname)
	}
	if st.Cloud.SeatsConsumed == nil {
		t.Error("the cloud side was not read")
	}
	n := 0
	for _, g := range st.Gaps {
		if strings.Contains(g, "no server token") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the missing server token is said %d times, want once: %q", n, st.Gaps)
	}
}

// TestApplianceProjectionFromUserCSV is issue 12 item 3 on a stock appliance: before
// the first sync, the projection comes from ghe-user-csv, and equals what the seeded
// roster gives by GitHub's rule (deriveTruth); a list it cannot read leaves no
// projection and says why.
func TestApplianceProjectionFromUserCSV(t *testing.T) {
	opts := sim.Options{Seed: 42, Users: 600, CloudUsers: 450, Stock: true}
	roster, err := sim.SeededRoster(opts)
	if err != nil {
		t.Fatal(err)
	}
	truth := deriveTruth(roster, "ghes.acme.test")
	active, suspended := 0, 0
	for _, u := range roster.ServerUsers {
		if !u.Suspended {
			active++
		} else {
			suspended++
		}
	}
	stubs := t.TempDir()
	c, srv := newSimClient(t, opts, func(cfg *client.Config, app **appliance.Appliance) {
		*app = &appliance.Appliance{Dir: stubs}
		cfg.ServerToken = ""
	})
	if err := srv.WriteApplianceStubs(stubs); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	cl, err := c.ConsumedLicenses(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := c.ReconcileFrom(ctx, cl)
	want := len(roster.CloudMembers) + truth.unmatchedPrimaries
	if r.ProjectedAfterSync == nil || *r.ProjectedAfterSync != want || r.AccountsSource != seats.AccountsFromUserCSV || r.ServerAccounts != active {
		t.Fatalf("projection %v from %d accounts of %q, want %d from %d of ghe-user-csv", r.ProjectedAfterSync, r.ServerAccounts, r.AccountsSource, want, active)
	}
	if !strings.Contains(r.ProjectionText(), "read with ghe-user-csv") || r.ProjectionUnknown != "" {
		t.Errorf("text %q, unknown %q", r.ProjectionText(), r.ProjectionUnknown)
	}
	// Without a server token the statistics are unknown: the list says who is suspended.
	if r.Suspended == nil || *r.Suspended != suspended {
		t.Errorf("suspended %v, want the roster's %d", r.Suspended, suspended)
	}

	// After the first sync the list is not read: its accounts would match nothing.
	calls := filepath.Join(stubs, "ghe-user-csv.calls")
	if err := os.WriteFile(calls, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	synced := *cl
	synced.Users = append(slices.Clone(cl.Users), client.ConsumedUser{EnterpriseServerUser: yes(), EnterpriseServerUserIDs: []string{"ghes.acme.test:1"}})
	if r := c.ReconcileFrom(ctx, &synced); r.ProjectedAfterSync != nil || r.ProjectionUnknown != "" {
		t.Errorf("after the first sync: projection %v, unknown %q", r.ProjectedAfterSync, r.ProjectionUnknown)
	}
	if got, _ := os.ReadFile(calls); len(got) != 0 {
		t.Errorf("ghe-user-csv ran after the first sync: %q", got)
	}

	// Columns it cannot find: no projection, and why.
	csvFile := filepath.Join(stubs, "users.csv")
	data, _ := os.ReadFile(csvFile)
	if err := os.WriteFile(csvFile, []byte(strings.Replace(string(data), "suspension_status", "state", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	r = c.ReconcileFrom(ctx, cl)
	if r.ProjectedAfterSync != nil || !strings.Contains(r.ProjectionUnknown, "no suspended column") {
		t.Errorf("projection %v, unknown %q", r.ProjectedAfterSync, r.ProjectionUnknown)
	}
}
