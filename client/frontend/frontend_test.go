package frontend

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client"
)

var testNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

func TestAgoAndSpan(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration // how long before now
		want string
	}{
		{0, "0s ago"},
		{5 * time.Second, "5s ago"},
		{59 * time.Second, "59s ago"},
		{3*time.Minute + 59*time.Second, "3m ago"},
		{2 * time.Hour, "2h ago"},
		{47 * time.Hour, "47h ago"},
		{48 * time.Hour, "2d ago"},
		{4 * 24 * time.Hour, "4d ago"},
		{-6 * 24 * time.Hour, "in 6d"},
		{-90 * time.Second, "in 1m"},
	} {
		if got := Ago(testNow, testNow.Add(-c.d)); got != c.want {
			t.Errorf("Ago(now, now-%v) = %q, want %q", c.d, got, c.want)
		}
	}
	if got := Span(36 * time.Hour); got != "36h" {
		t.Errorf("Span(36h) = %q", got)
	}
}

func TestDatesAreUTC(t *testing.T) {
	// 23:30 at -07:00 is the next day in UTC: both front ends say the UTC day.
	at := time.Date(2026, 12, 31, 23, 30, 0, 0, time.FixedZone("", -7*3600))
	if got := Date(at); got != "2027-01-01" {
		t.Errorf("Date = %q", got)
	}
	if got := DateTime(at); got != "2027-01-01 06:30 UTC" {
		t.Errorf("DateTime = %q", got)
	}
}

func TestLicenseExpiry(t *testing.T) {
	at := func(days int) *time.Time { e := testNow.Add(time.Duration(days)*24*time.Hour + time.Hour); return &e }
	for name, c := range map[string]struct {
		l    client.License
		want Expiry
	}{
		"nothing said":      {client.License{}, Expiry{}},
		"far":               {client.License{ExpiresAt: at(220)}, Expiry{Known: true, Date: "2027-07-02", Days: 220}},
		"31 days":           {client.License{ExpiresAt: at(31)}, Expiry{Known: true, Date: "2026-12-25", Days: 31}},
		"30 days":           {client.License{ExpiresAt: at(30)}, Expiry{Known: true, Date: "2026-12-24", Days: 30, RenewSoon: true}},
		"today":             {client.License{ExpiresAt: at(0)}, Expiry{Known: true, Date: "2026-11-24", Days: 0, RenewSoon: true}},
		"over":              {client.License{ExpiresAt: at(-4)}, Expiry{Known: true, Date: "2026-11-20", Days: -3, Expired: true}},
		"ended hours ago":   {client.License{ExpiresAt: at(-1)}, Expiry{Known: true, Date: "2026-11-23", Days: 0, Expired: true}},
		"days only":         {client.License{DaysUntilExpiration: 12}, Expiry{Known: true, Days: 12, RenewSoon: true}},
		"days only, over":   {client.License{DaysUntilExpiration: -2}, Expiry{Known: true, Days: -2, Expired: true}},
		"date wins on days": {client.License{ExpiresAt: at(100), DaysUntilExpiration: 5}, Expiry{Known: true, Date: "2027-03-04", Days: 100}},
	} {
		if got := LicenseExpiry(&c.l, testNow); got != c.want {
			t.Errorf("%s: LicenseExpiry = %+v, want %+v", name, got, c.want)
		}
	}
}

func TestValueLabel(t *testing.T) {
	for v, want := range map[string]string{client.FeatureEnabled: "Enabled", client.FeatureDisabled: "Disabled", "": "unknown", "maybe": "unknown"} {
		if got := ValueLabel(v); got != want {
			t.Errorf("ValueLabel(%q) = %q, want %q", v, got, want)
		}
	}
}

func TestEnterpriseURL(t *testing.T) {
	for _, c := range []struct {
		server, slug string
		page         []string
		want         string
	}{
		{"https://ghes.example.com", "acme", []string{"settings"}, "https://ghes.example.com/enterprises/acme/settings"},
		{"https://ghes.example.com/api/v3/", "acme", []string{"settings", "license"}, "https://ghes.example.com/enterprises/acme/settings/license"},
		{"ghes.example.com", "acme", nil, "https://ghes.example.com/enterprises/acme"},
		{"ghes.example.com:8443", "acme", nil, "https://ghes.example.com:8443/enterprises/acme"},
		{"http://127.0.0.1:9000", "acme", []string{"settings"}, "http://127.0.0.1:9000/enterprises/acme/settings"},
		{"https://ghes.example.com", "", []string{"settings"}, "https://ghes.example.com/enterprises/ENTERPRISE/settings"},
		{"ftp://ghes.example.com", "acme", nil, "https://ghes.example.com/enterprises/acme"},
	} {
		if got := EnterpriseURL(c.server, c.slug, c.page...); got != c.want {
			t.Errorf("EnterpriseURL(%q, %q, %q) = %q, want %q", c.server, c.slug, c.page, got, c.want)
		}
	}
}

// A hostile slug stays one path segment of the enterprise's pages: it cannot climb out,
// add a query or fragment, or put control characters on the terminal.
func TestEnterpriseURLEscapesAHostileSlug(t *testing.T) {
	slug := "../../admin?x=1#top/\x1b[31m evil"
	got := EnterpriseURL("https://ghes.example.com", slug, "settings")
	if strings.ContainsAny(got, "\x1b?# ") {
		t.Fatalf("EnterpriseURL kept a control character, query, fragment or space: %q", got)
	}
	u, err := url.Parse(got)
	if err != nil {
		t.Fatalf("EnterpriseURL made %q, which does not parse: %v", got, err)
	}
	segs := strings.Split(strings.TrimPrefix(u.EscapedPath(), "/"), "/")
	if len(segs) != 3 || segs[0] != "enterprises" || segs[2] != "settings" || u.Host != "ghes.example.com" {
		t.Fatalf("EnterpriseURL = %q: the slug is not exactly one segment of /enterprises/SLUG/settings", got)
	}
	if slug, _ := url.PathUnescape(segs[1]); !strings.HasPrefix(slug, "../../admin?x=1#top/") {
		t.Fatalf("the slug segment reads back as %q", slug)
	}
}

func TestHostAndWebRoot(t *testing.T) {
	for raw, want := range map[string][2]string{
		"https://ghes.example.com/":       {"ghes.example.com", "https://ghes.example.com"},
		"https://ghes.example.com:8443/x": {"ghes.example.com", "https://ghes.example.com:8443"},
		"ghes.example.com":                {"ghes.example.com", "https://ghes.example.com"},
		" http://localhost:8080 ":         {" http://localhost:8080 ", "http://localhost:8080"},
	} {
		if got := Host(raw); got != want[0] {
			t.Errorf("Host(%q) = %q, want %q", raw, got, want[0])
		}
		if got := WebRoot(raw); got != want[1] {
			t.Errorf("WebRoot(%q) = %q, want %q", raw, got, want[1])
		}
	}
}

func TestNoServerUsersYet(t *testing.T) {
	t1, f1 := true, false
	yes, no := client.FlexBool{V: &t1}, client.FlexBool{V: &f1}
	cloudOnly := client.ConsumedUser{GithubComLogin: "a", GithubComUser: yes, EnterpriseServerUser: no}
	both := client.ConsumedUser{GithubComLogin: "b", GithubComUser: yes, EnterpriseServerUser: yes}
	if !NoServerUsersYet(nil) || !NoServerUsersYet([]client.ConsumedUser{cloudOnly}) {
		t.Error("no server user, yet NoServerUsersYet is false")
	}
	if NoServerUsersYet([]client.ConsumedUser{cloudOnly, both}) {
		t.Error("a server user is there, yet NoServerUsersYet is true")
	}
}

// TestUserNameNamesServerOnlyUsersByEmail: the console and the commands name a person the
// cloud only knows from the server by their email's local part, marked.
func TestUserNameNamesServerOnlyUsersByEmail(t *testing.T) {
	vs := "ztran2@outlook.test"
	cases := []struct {
		u    client.ConsumedUser
		want string
	}{
		{client.ConsumedUser{GithubComLogin: "octo"}, "octo"},
		{client.ConsumedUser{EnterpriseServerEmails: []string{"jdoe@acme.test"}, EnterpriseServerUserIDs: []string{"ghes:7"}}, "jdoe (server)"},
		{client.ConsumedUser{EnterpriseServerUserIDs: []string{"ghes:7", "ghes:9"}}, "ghes:7, ghes:9"},
		{client.ConsumedUser{EnterpriseServerEmails: []string{"\x1b[31mred@acme.test"}}, "red (server)"},
		{client.ConsumedUser{VisualStudioSubscriptionEmail: &vs}, "ztran2 (Visual Studio)"},
	}
	for _, c := range cases {
		if got := UserName(c.u); got != c.want {
			t.Errorf("UserName(%+v) = %q, want %q", c.u, got, c.want)
		}
	}
	// The filter finds a Visual Studio seat by the email its name is made from.
	if !MatchesUser(client.ConsumedUser{VisualStudioSubscriptionEmail: &vs}, "ztran2@outlook") {
		t.Error("a Visual Studio seat is not found by its subscription email")
	}
}
