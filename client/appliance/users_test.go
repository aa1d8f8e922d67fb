package appliance

import (
	"context"
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client"
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
	got, err := parseUserCSV(strings.NewReader(out), "ghes.acme.test")
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
		got, err := parseUserCSV(strings.NewReader(tc.out), "h")
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

// FuzzParseUserCSV: whatever ghe-user-csv prints, the parse does not panic, and every
// account it gives is safe for a terminal and has a login.
func FuzzParseUserCSV(f *testing.F) {
	for _, s := range []string{"login,email,suspension_status\nann,a@b,active\n", "LOGIN;EMAIL\n", "\"login\nx", "login,email,suspended\n\x1b[31m,\u202e@x,1\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseUserCSV(strings.NewReader(s), "h")
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
