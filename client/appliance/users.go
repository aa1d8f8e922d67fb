package appliance

import (
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
// The list is read as the utility prints it, never held whole: within userCSVBounds,
// at most maxUserRows users and rows of at most maxUserRecord bytes.
func (a *Appliance) UserAccounts(ctx context.Context, host string) ([]seats.ServerAccount, error) {
	var accounts []seats.ServerAccount
	read := func(r io.Reader) (err error) {
		accounts, err = parseUserCSV(r, host)
		return err
	}
	err := a.stream(ctx, userCSVBounds, read, UserCSVUtility, "-o", "-d")
	if err != nil && a.lookUtility(UserCSVUtility) != "" && client.KindOf(err) == client.KindOther {
		err = a.stream(ctx, userCSVBounds, read, UserCSVUtility, "-o") // a release without -d: maybe a header anyway
	}
	if err != nil {
		return nil, err
	}
	return accounts, nil
}

// Bounds on the user list beyond its bytes: a user is one short row (login, email,
// role, a few counts), and an appliance has at most some hundred thousand users (the product is built for 300,000).
const (
	maxUserRows   = 400_000
	maxUserRecord = 64 << 10
)

// errRecordTooWide stops a CSV row longer than maxUserRecord.
var errRecordTooWide = errors.New("row too wide")

// csvReadAhead is how far encoding/csv's reader reads ahead of the row it returns
// (its bufio.Reader's default size).
const csvReadAhead = 4096

// recordBudget is the reader under the CSV reader: reset before each row, it fails
// with errRecordTooWide once a row has taken more than maxUserRecord bytes (plus the
// read-ahead), so a row that never ends is never held whole.
type recordBudget struct {
	r    io.Reader
	left int
}

func (b *recordBudget) reset() { b.left = maxUserRecord + csvReadAhead }

func (b *recordBudget) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, errRecordTooWide
	}
	if len(p) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= n
	return n, err
}

// userCSVColumns are the names each needed column may have, compared without case,
// underscores, dashes or spaces (the utility's header is UNCONFIRMED).
var userCSVColumns = map[string][]string{
	"login":     {"login", "username", "user", "userlogin"},
	"email":     {"email", "primaryemail", "emailaddress", "mail"},
	"suspended": {"suspensionstatus", "suspended", "status", "suspension"},
}

// parseUserCSV reads ghe-user-csv output: a header row, then one user per row. A
// missing column, an unknown suspension value, rows that are not CSV, a row wider
// than maxUserRecord or more than maxUserRows users are an error that says which;
// every value is made safe.
func parseUserCSV(out io.Reader, host string) ([]seats.ServerAccount, error) {
	fail := func(format string, args ...any) error {
		return &client.Error{Kind: client.KindBadResponse, Op: "read " + UserCSVUtility + " -o -d", Err: fmt.Errorf(format, args...),
			Hint: "Run " + UserCSVUtility + " -o -d | head -3 by hand to see its columns."}
	}
	budget := &recordBudget{r: out}
	r := csv.NewReader(budget)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = true
	budget.reset()
	header, err := r.Read()
	switch {
	case errors.Is(err, errRecordTooWide):
		return nil, fail("its header row is wider than %d KiB", maxUserRecord>>10)
	case err != nil:
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
		budget.reset()
		rec, err := r.Read()
		switch {
		case errors.Is(err, io.EOF):
			return accounts, nil
		case errors.Is(err, errRecordTooWide):
			return nil, fail("row %d is wider than %d KiB, more than a user's row can be", line, maxUserRecord>>10)
		case err != nil:
			return nil, fail("row %d is not CSV", line)
		}
		login := strings.Clone(textsafe.Sanitize(field(rec, "login"))) // not the whole row's memory
		if login == "" {
			continue // a blank line at the end, or nothing printable
		}
		suspended, ok := suspendedValue(field(rec, "suspended"))
		if !ok {
			return nil, fail("row %d says %q where active or suspended was expected", line, textsafe.Sanitize(client.Truncate(field(rec, "suspended"), 40)))
		}
		if len(accounts) == maxUserRows {
			return nil, &client.Error{Kind: client.KindBadResponse, Op: "read " + UserCSVUtility + " -o -d",
				Err:  fmt.Errorf("it lists more than %s users, more than licensesync reads", seats.Thousands(maxUserRows)),
				Hint: "Without the list there is no projection of the first sync; after one sync (licensesync sync, or export and upload) the cloud's list gives the accounts."}
		}
		a := seats.ServerAccount{Host: host, Login: login, Suspended: suspended}
		if email := field(rec, "email"); strings.Contains(email, "@") { // "N/A": no primary email
			a.PrimaryEmail = strings.Clone(textsafe.Sanitize(email))
			a.Emails = []string{a.PrimaryEmail}
		}
		accounts = append(accounts, a)
	}
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
