package seats

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/licensesync/licensesync/client/textsafe"
)

// ServerAccount is one user account on a server, as the appliance itself knows it:
// every email, not only the primary one the cloud is sent. Sources are the license
// usage file where it is readable (the demo's console API) and, on a real appliance,
// `ghe-user-csv -o` in the admin shell (docs/CLIENT_API.md).
type ServerAccount struct {
	Host         string
	ID           int64 // 0: unknown (ghe-user-csv lists no ids)
	Login        string
	PrimaryEmail string
	Emails       []string // every email, the primary among them
	Suspended    bool
}

// Key is the account's id as consumed-licenses writes it: "host:id", lower case; for
// an account whose id is unknown (read with ghe-user-csv), "host:login".
func (a ServerAccount) Key() string {
	if a.ID == 0 && a.Login != "" {
		return strings.ToLower(a.Host) + ":" + strings.ToLower(a.Login)
	}
	return strings.ToLower(a.Host) + ":" + strconv.FormatInt(a.ID, 10)
}

// ProfileURL is the account's page on its server, empty when the login is unknown.
func (a ServerAccount) ProfileURL() string {
	if a.Login == "" || a.Host == "" {
		return ""
	}
	return "https://" + a.Host + "/" + a.Login
}

// ErrUsageUnreadable says the usage file holds no readable user list: a real
// appliance encrypts it (docs say never to parse it), so the accounts are unknown.
var ErrUsageUnreadable = errors.New("the usage file holds no readable user list (a real appliance encrypts it)")

// UsageFingerprint names what AccountsFromUsage reads of the usage file data: two
// exports of the same users have the same fingerprint, whatever their export time,
// and anything AccountsFromUsage could read differently gives another. It is a hash of
// data with the value of every member named exported_at emptied where that value is
// plain (no escape, no control character, so that any other plain value leaves the
// file as valid or invalid as it was): in valid JSON the bytes "exported_at":" only
// start such a value (the quote after exported_at ends a key), and no member
// AccountsFromUsage reads has that name. Any other value is kept as it is. data need
// not be checked first: two files of one fingerprint are both JSON or neither.
func UsageFingerprint(data []byte) string {
	const key = `"exported_at":"`
	h := sha256.New()
	for {
		i := bytes.Index(data, []byte(key))
		if i < 0 {
			break
		}
		start := i + len(key)
		end := bytes.IndexByte(data[start:], '"')
		h.Write(data[:start])
		if end < 0 || !plainJSONText(data[start:start+end]) {
			data = data[start:] // kept: the fingerprint changes with it
			continue
		}
		data = data[start+end:] // from the closing quote
	}
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}

// plainJSONText reports whether b may stand between two quotes in JSON as it is: no
// escape, no control character (and, found between two quotes, no quote).
func plainJSONText(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c == '\\' {
			return false
		}
	}
	return true
}

// AccountsFingerprint names the accounts themselves (read with ghe-user-csv, where
// there is no file to name): the same for the same accounts in the same order.
func AccountsFingerprint(accounts []ServerAccount) string {
	h := sha256.New()
	field := func(s string) {
		h.Write(strconv.AppendInt(nil, int64(len(s)), 10))
		h.Write([]byte{':'})
		h.Write([]byte(s))
	}
	for _, a := range accounts {
		field(a.Host)
		field(strconv.FormatInt(a.ID, 10))
		field(a.Login)
		field(a.PrimaryEmail)
		field(strconv.FormatBool(a.Suspended))
		field(strconv.Itoa(len(a.Emails)))
		for _, e := range a.Emails {
			field(e)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// AccountsFromUsage reads the server accounts out of a usage file whose user list is
// plain JSON (the demo appliance's), every value made safe. An encrypted or
// unfamiliar file gives ErrUsageUnreadable.
func AccountsFromUsage(data []byte) ([]ServerAccount, error) {
	var file struct {
		Hostname string `json:"hostname"`
		Users    []struct {
			ID           int64    `json:"id"`
			Login        string   `json:"login"`
			PrimaryEmail string   `json:"primary_email"`
			Emails       []string `json:"emails"`
			Suspended    bool     `json:"suspended"`
		} `json:"users"`
	}
	if err := json.Unmarshal(data, &file); err != nil || file.Hostname == "" || file.Users == nil {
		return nil, ErrUsageUnreadable
	}
	host := textsafe.Sanitize(file.Hostname)
	out := make([]ServerAccount, 0, len(file.Users))
	for _, u := range file.Users {
		if u.PrimaryEmail == "" {
			return nil, ErrUsageUnreadable
		}
		a := ServerAccount{Host: host, ID: u.ID, Login: textsafe.Sanitize(u.Login), PrimaryEmail: textsafe.Sanitize(u.PrimaryEmail), Suspended: u.Suspended}
		for i, e := range u.Emails { // in place: the decoded slice is this account's alone
			u.Emails[i] = textsafe.Sanitize(e)
		}
		a.Emails = u.Emails
		out = append(out, a)
	}
	return out, nil
}
