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
	// An export time with an escape or a control character is kept: a change of it is
	// another fingerprint (a control character makes the file no JSON at all).
	if UsageFingerprint([]byte(`{"exported_at":"a\u0031","users":[]}`)) == UsageFingerprint([]byte(`{"exported_at":"a\u0032","users":[]}`)) {
		t.Error("escaped export times were dropped")
	}
	if UsageFingerprint([]byte("{\"exported_at\":\"a\x01\",\"users\":[]}")) == UsageFingerprint([]byte(`{"exported_at":"a","users":[]}`)) {
		t.Error("an export time with a control character was dropped")
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

// Whatever bytes stand in an export time, two files of one fingerprint are both JSON
// or neither, and give the same accounts.
func TestUsageFingerprintHoldsForAnyExportTime(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 24))
	alphabet := []byte("0123456789:-TZ \"\\\x00\x01\x1f\x7f\xff")
	users := `[{"id":1,"login":"ann","primary_email":"ann@acme.test","emails":["ann@acme.test"]}]`
	doc := func(at []byte) []byte {
		return []byte(`{"hostname":"ghes.test","exported_at":"` + string(at) + `","users":` + users + `}`)
	}
	for round := range 5000 {
		a, b := make([]byte, r.IntN(6)), make([]byte, r.IntN(6))
		for i := range a {
			a[i] = alphabet[r.IntN(len(alphabet))]
		}
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		da, db := doc(a), doc(b)
		if UsageFingerprint(da) != UsageFingerprint(db) {
			continue
		}
		accA, errA := AccountsFromUsage(da)
		accB, errB := AccountsFromUsage(db)
		if json.Valid(da) != json.Valid(db) || (errA == nil) != (errB == nil) || !reflect.DeepEqual(accA, accB) {
			t.Fatalf("round %d: one fingerprint for %q (valid %v) and %q (valid %v)", round, a, json.Valid(da), b, json.Valid(db))
		}
	}
}
