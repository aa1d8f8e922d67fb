package appliance

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/client/textsafe"
)

// UserCSVUtility is the admin shell's user list (docs/APPLIANCE.md): every user with
// login, primary email, role and whether suspended. GitHub's docs give only
// `ghe-user-csv -o` and say the list has the email and the user type; the header flag
// (-d) and the column names are UNCONFIRMED, so the header is read tolerantly and a
// list without the columns needed is refused, never guessed at.
const UserCSVUtility = seats.AccountsFromUserCSV

// UserAccounts reads the server's accounts with ghe-user-csv -o -d (the header row
// names the columns), or ghe-user-csv -o where the flag is refused. host names the
// accounts (the hostname GitHub knows). The list has no user ids: each account is
// named host:login instead (ServerAccount.Key).
func (a *Appliance) UserAccounts(ctx context.Context, host string) ([]seats.ServerAccount, error) {
	out, err := a.run(ctx, UserCSVUtility, "-o", "-d")
	if err != nil && a.lookUtility(UserCSVUtility) != "" && client.KindOf(err) == client.KindOther {
		out, err = a.run(ctx, UserCSVUtility, "-o") // a release without -d: maybe a header anyway
	}
	if err != nil {
		return nil, err
	}
	return parseUserCSV(out, host)
}

// userCSVColumns are the names each needed column may have, compared without case,
// underscores, dashes or spaces (the utility's header is UNCONFIRMED).
var userCSVColumns = map[string][]string{
	"login":     {"login", "username", "user", "userlogin"},
	"email":     {"email", "primaryemail", "emailaddress", "mail"},
	"suspended": {"suspensionstatus", "suspended", "status", "suspension"},
}

// parseUserCSV reads ghe-user-csv output: a header row, then one user per row. A
// missing column, an unknown suspension value or rows that are not CSV are an error
// that says which; every value is made safe.
func parseUserCSV(out []byte, host string) ([]seats.ServerAccount, error) {
	fail := func(format string, args ...any) error {
		return &client.Error{Kind: client.KindBadResponse, Op: "read " + UserCSVUtility + " -o -d", Err: fmt.Errorf(format, args...),
			Hint: "Run " + UserCSVUtility + " -o -d | head -3 by hand to see its columns."}
	}
	r := csv.NewReader(bytes.NewReader(out))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	header, err := r.Read()
	if err != nil {
		return nil, fail("it printed no header row")
	}
	col := map[string]int{}
	for i, name := range header {
		norm := strings.NewReplacer("_", "", "-", "", " ", "").Replace(strings.ToLower(strings.TrimSpace(strings.TrimPrefix(name, "\ufeff"))))
		for want, names := range userCSVColumns {
			if _, done := col[want]; !done && slices.Contains(names, norm) {
				col[want] = i
			}
		}
	}
	var missing []string
	for _, want := range []string{"login", "email", "suspended"} {
		if _, ok := col[want]; !ok {
			missing = append(missing, want)
		}
	}
	if len(missing) > 0 {
		return nil, fail("its header names no %s column", strings.Join(missing, ", no "))
	}
	field := func(rec []string, want string) string {
		if i := col[want]; i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var accounts []seats.ServerAccount
	for line := 2; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fail("row %d is not CSV", line)
		}
		login := textsafe.Sanitize(field(rec, "login"))
		if login == "" {
			continue // a blank line at the end, or nothing printable
		}
		suspended, ok := suspendedValue(field(rec, "suspended"))
		if !ok {
			return nil, fail("row %d says %q where active or suspended was expected", line, textsafe.Sanitize(client.Truncate(field(rec, "suspended"), 40)))
		}
		a := seats.ServerAccount{Host: host, Login: login, Suspended: suspended}
		if email := field(rec, "email"); strings.Contains(email, "@") { // "N/A": no primary email
			a.PrimaryEmail = textsafe.Sanitize(email)
			a.Emails = []string{a.PrimaryEmail}
		}
		accounts = append(accounts, a)
	}
	return accounts, nil
}

// suspendedValue reads a suspension column: "active"/"suspended" as the utility
// prints it, or a boolean.
func suspendedValue(v string) (suspended, ok bool) {
	switch strings.ToLower(v) {
	case "suspended", "true", "yes", "1":
		return true, true
	case "active", "false", "no", "0", "":
		return false, true
	}
	return false, false
}
