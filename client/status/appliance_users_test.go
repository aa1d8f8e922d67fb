package status

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/client/sim"
	"github.com/licensesync/licensesync/client/textsafe"
)

// TestParseUserCSVReadsTheHeaderTolerantly: the columns are found by name whatever
// their case, underscores or order; "N/A" is no primary email; values are made safe.
func TestParseUserCSVReadsTheHeaderTolerantly(t *testing.T) {
	out := "\ufeffRole,Suspension Status,E-Mail,LOGIN\n" +
		"admin,active,Ann@Acme.test,ann\n" +
		"user,suspended,bob@acme.test,bob\n" +
		"user,active,N/A,carol\n" +
		"user,active,\"d\x1b[31m@acme.test\",dan\n\n"
	got, err := parseUserCSV([]byte(out), "ghes.acme.test")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 {
		t.Fatalf("%d accounts, want 4: %+v", len(got), got)
	}
	if a := got[0]; a.Login != "ann" || a.PrimaryEmail != "Ann@Acme.test" || a.Suspended || a.Key() != "ghes.acme.test:ann" {
		t.Errorf("ann = %+v (key %s)", a, a.Key())
	}
	if !got[1].Suspended || got[2].PrimaryEmail != "" || strings.Contains(got[3].PrimaryEmail, "\x1b") {
		t.Errorf("bob suspended %v, carol's email %q, dan's email %q", got[1].Suspended, got[2].PrimaryEmail, got[3].PrimaryEmail)
	}
}

// TestParseUserCSVRefusesWhatItCannotRead: a list without a needed column, or with a
// suspension value it does not know, is refused with the reason, never guessed at.
func TestParseUserCSVRefusesWhatItCannotRead(t *testing.T) {
	for name, tc := range map[string]struct{ out, want string }{
		"no header":           {"", "no header row"},
		"no suspension":       {"login,email,role\nann,ann@acme.test,user\n", "no suspended column"},
		"no login, no email":  {"name,mail_box,status\n", "no login, no email column"},
		"unknown suspension":  {"login,email,suspension_status\nann,ann@acme.test,frozen\n", `row 2 says "frozen"`},
		"header without rows": {"login,email,suspended\n", ""},
	} {
		got, err := parseUserCSV([]byte(tc.out), "h")
		switch {
		case tc.want == "" && (err != nil || len(got) != 0):
			t.Errorf("%s: %v, %v", name, got, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || client.KindOf(err) != client.KindBadResponse):
			t.Errorf("%s: err = %v, want it to say %q", name, err, tc.want)
		}
	}
}

// TestUserAccountsWithoutTheHeaderFlag: a release that refuses -d is asked again with
// -o alone, the documented form.
func TestUserAccountsWithoutTheHeaderFlag(t *testing.T) {
	dir := t.TempDir()
	writeStub(t, dir, "ghe-user-csv", `[ "$2" = "-d" ] && { echo "unknown option -d" >&2; exit 2; }
printf 'login,email,suspension_status\nann,ann@acme.test,active\n'`)
	got, err := (&Appliance{Dir: dir}).UserAccounts(context.Background(), "h")
	if err != nil || len(got) != 1 || got[0].Login != "ann" {
		t.Fatalf("%+v, %v", got, err)
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
	c, srv := newSimClient(t, opts, func(cfg *client.Config, app **Appliance) {
		*app = &Appliance{Dir: stubs}
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

// FuzzParseUserCSV: whatever ghe-user-csv prints, the parse does not panic, and every
// account it gives is safe for a terminal and has a login.
func FuzzParseUserCSV(f *testing.F) {
	for _, s := range []string{"login,email,suspension_status\nann,a@b,active\n", "LOGIN;EMAIL\n", "\"login\nx", "login,email,suspended\n\x1b[31m,\u202e@x,1\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseUserCSV([]byte(s), "h")
		if err != nil {
			return
		}
		for _, a := range got {
			if a.Login == "" {
				t.Errorf("an account without a login: %+v", a)
			}
			for _, v := range []string{a.Login, a.PrimaryEmail} {
				if textsafe.Sanitize(v) != v {
					t.Errorf("an account's field is not sanitized: %q", v)
				}
			}
		}
	})
}
