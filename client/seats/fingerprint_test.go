package seats

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
)

// usageDoc is a usage file as the console API exports it, at the export time at.
func usageDoc(t *testing.T, at string, users []map[string]any) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{"server_id": "s", "hostname": "ghes.test", "exported_at": at, "users": users})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Two exports of the same users are one fingerprint whatever their times; a change
// that AccountsFromUsage reads is another, on many random user lists.
func TestUsageFingerprintFollowsTheAccounts(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 24))
	logins := []string{"ann", "Ann", "bo", `"exported_at":"`, `x\"exported_at`, "ex\u00e9"}
	user := func() map[string]any {
		u := map[string]any{"id": r.IntN(5), "login": logins[r.IntN(len(logins))], "primary_email": fmt.Sprintf("%s@acme.test", logins[r.IntN(len(logins))]),
			"emails": []string{"a@acme.test"}, "suspended": r.IntN(2) == 0}
		if r.IntN(3) == 0 { // a member of that name in a user, too
			u["exported_at"] = fmt.Sprint(r.IntN(1000))
		}
		return u
	}
	for round := range 500 {
		a := make([]map[string]any, 1+r.IntN(4))
		for i := range a {
			a[i] = user()
		}
		b := make([]map[string]any, len(a))
		copy(b, a)
		if round%2 == 0 {
			b[r.IntN(len(b))] = user()
		}
		da, db := usageDoc(t, fmt.Sprintf("2026-12-0%dT00:00:00Z", 1+r.IntN(9)), a), usageDoc(t, "2026-12-07T12:25:15Z", b)
		accA, errA := AccountsFromUsage(da)
		accB, errB := AccountsFromUsage(db)
		same := reflect.DeepEqual(accA, accB) && (errA == nil) == (errB == nil)
		if !same && UsageFingerprint(da) == UsageFingerprint(db) {
			t.Fatalf("round %d: other accounts, one fingerprint:\n%s\n%s", round, da, db)
		}
		if string(da) != string(db) && reflect.DeepEqual(a, b) && UsageFingerprint(da) != UsageFingerprint(db) {
			t.Fatalf("round %d: the same users exported at another time, another fingerprint:\n%s\n%s", round, da, db)
		}
	}
	// An export time with an escape is kept: a change of it is another fingerprint.
	if UsageFingerprint([]byte(`{"exported_at":"a\u0031","users":[]}`)) == UsageFingerprint([]byte(`{"exported_at":"a\u0032","users":[]}`)) {
		t.Error("escaped export times were dropped")
	}
}

// The accounts' fingerprint tells every field apart, and where one ends.
func TestAccountsFingerprintTellsAccountsApart(t *testing.T) {
	base := []ServerAccount{{Host: "h", ID: 1, Login: "ann", PrimaryEmail: "a@x", Emails: []string{"a@x", "b"}}}
	seen := map[string]string{AccountsFingerprint(base): "base"}
	for name, change := range map[string]func(a *ServerAccount){
		"host":      func(a *ServerAccount) { a.Host = "g" },
		"id":        func(a *ServerAccount) { a.ID = 2 },
		"login":     func(a *ServerAccount) { a.Login = "Ann" },
		"primary":   func(a *ServerAccount) { a.PrimaryEmail = "b@x" },
		"suspended": func(a *ServerAccount) { a.Suspended = true },
		"emails":    func(a *ServerAccount) { a.Emails = []string{"a@xb"} },
		"split":     func(a *ServerAccount) { a.Emails = []string{"a@", "xb"} },
	} {
		acc := base[0]
		acc.Emails = append([]string(nil), acc.Emails...)
		change(&acc)
		fp := AccountsFingerprint([]ServerAccount{acc})
		if other, dup := seen[fp]; dup {
			t.Errorf("%s: the same fingerprint as %s", name, other)
		}
		seen[fp] = name
	}
	if AccountsFingerprint(nil) == AccountsFingerprint(append(base, base...)) {
		t.Error("none and two accounts: one fingerprint")
	}
}
