package tui

import (
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/seats"
)

// A server-only user has no cloud login; its row is named after its server email, so
// that rows tell people apart, and its id is still found by the filter and copied.
func TestServerOnlyRowsAreNamedByTheirEmail(t *testing.T) {
	t.Parallel()
	r := newUserRow(client.ConsumedUser{EnterpriseServerUserIDs: []string{"ghes.acme.test:1042"}, EnterpriseServerUser: yes(),
		EnterpriseServerEmails: []string{"jdoe@acme.test", "john@acme.test"}})
	if r.login != "jdoe (server)" || r.copyName() != "ghes.acme.test:1042" || !strings.Contains(r.haystack, "ghes.acme.test:1042") {
		t.Fatalf("row = %+v", r)
	}
	r = newUserRow(client.ConsumedUser{EnterpriseServerUserIDs: []string{"ghes.acme.test:7"}, EnterpriseServerUser: yes()})
	if r.login != "ghes.acme.test:7" {
		t.Fatalf("without an email the id is all there is: %q", r.login)
	}
	r = newUserRow(client.ConsumedUser{GithubComLogin: "abel", EnterpriseServerUserIDs: []string{"ghes.acme.test:1"}, GithubComUser: yes()})
	if r.login != "abel" || r.copyName() != "abel" || strings.Contains(r.haystack, "ghes") {
		t.Fatalf("a cloud login stays the name, and ids of named rows are not searched: %+v", r)
	}

	h := newHarness(t, testOptions(newFake()), 80, 24)
	h.toDashboard()
	h.keys(runes("/"), runes("ghes.acme.test:1042"), enter)
	if v := h.m.View(); !strings.Contains(v, "Users 1 of 1 ") || !strings.Contains(v, "› jdoe (server)") {
		t.Fatalf("the server id is not searchable, or the row not readable:\n%s", v)
	}
}

// Wide terminals give LOGIN and NAME room too, not only EMAILS; columns are never
// wider than their content, whose room goes to the emails.
func TestUserColumnsWidenOnWideTerminals(t *testing.T) {
	t.Parallel()
	var long, short userTable
	long.widest.login, long.widest.name, long.widest.license = 40, 40, 40
	short.widest.login, short.widest.name, short.widest.license = 6, 9, 10
	for _, w := range []int{60, 80, 120, 200} {
		lw, nw, tw, ew := userColumns(w, &long)
		if got := 2 + lw + 1 + nw + 1 + seenOnWidth + 1 + tw + 1 + ew; got != w {
			t.Errorf("%d: the columns take %d cells", w, got)
		}
		if w >= 120 && (lw < 24 || nw < 24) {
			t.Errorf("%d: login %d, name %d: spare width all went to emails (%d)", w, lw, nw, ew)
		}
		slw, snw, _, sew := userColumns(w, &short)
		if slw != 6 || snw != 9 || sew <= ew {
			t.Errorf("%d: short content got login %d, name %d, emails %d (long: %d)", w, slw, snw, sew, ew)
		}
	}
	f := newFake()
	f.users[0].GithubComLogin = "aaliyah-becker-github" // 21 cells
	h := newHarness(t, testOptions(f), 120, 40)
	h.toDashboard()
	if v := h.m.View(); !strings.Contains(v, "aaliyah-becker-github ") {
		t.Fatalf("the login is cut at 120 columns:\n%s", v)
	}
}

// Sorting by a column puts the users without a value last, and numbers server ids.
func TestSortPutsEmptyValuesLastAndIdsInNumberOrder(t *testing.T) {
	t.Parallel()
	var tb userTable
	tb.setHeight(10)
	tb.setRows([]userRow{
		{login: "ghes.acme.test:10", emails: ""},
		{login: "", name: "", emails: "zed@acme.test"},
		{login: "Bea", name: "Bea Example", emails: "Bea@acme.test"},
		{login: "ghes.acme.test:9", name: "", emails: "abel@acme.test"},
		{login: "abel", name: "abel example", emails: ""},
	})
	order := func() string {
		var out []string
		for _, i := range tb.shown {
			r := tb.rows[i]
			out = append(out, r.login+"|"+r.name+"|"+r.emails)
		}
		return strings.Join(out, " ; ")
	}
	want := map[sortKey]string{
		sortLogin: "abel|abel example| ; Bea|Bea Example|Bea@acme.test ; ghes.acme.test:9||abel@acme.test ; ghes.acme.test:10|| ; ||zed@acme.test",
		// Rows equal on the key follow by login (empty last), not by arrival.
		sortName:  "abel|abel example| ; Bea|Bea Example|Bea@acme.test ; ghes.acme.test:9||abel@acme.test ; ghes.acme.test:10|| ; ||zed@acme.test",
		sortEmail: "ghes.acme.test:9||abel@acme.test ; Bea|Bea Example|Bea@acme.test ; ||zed@acme.test ; abel|abel example| ; ghes.acme.test:10||",
	}
	for tb.sort = sortLogin; tb.sort <= sortEmail; tb.sort++ {
		tb.refresh()
		if got := order(); got != want[tb.sort] {
			t.Errorf("sort %s:\n got %s\nwant %s", tb.sort, got, want[tb.sort])
		}
	}
	// Reversed, the key's values go the other way; the empty ones stay last and the
	// ties keep their ascending order.
	tb.sort = sortName
	tb.reverse()
	if got, want := order(), "Bea|Bea Example|Bea@acme.test ; abel|abel example| ; ghes.acme.test:9||abel@acme.test ; ghes.acme.test:10|| ; ||zed@acme.test"; got != want {
		t.Errorf("sort name reversed:\n got %s\nwant %s", got, want)
	}
}

// Growing the window shows the table from its first row when the rows down to the
// cursor fit; a new filter selects its first match.
func TestScrollFollowsResizeAndFilter(t *testing.T) {
	t.Parallel()
	f := newFake()
	for i := 0; i < 4; i++ { // 104 users: more than a 120×40 screen holds
		f.users = append(f.users, demoUsers()...)
	}
	h := newHarness(t, testOptions(f), 60, 16)
	d := h.toDashboard()
	h.keys(down, down, down, down, down, down, down, down)
	if d.users.table.offset == 0 {
		t.Fatalf("the small screen did not scroll (height %d): the test proves nothing", d.users.table.height)
	}
	h.send(windowSize(120, 40))
	if d.users.table.offset != 0 || d.users.table.cursor != 8 {
		t.Fatalf("after growing: offset %d, cursor %d (height %d)", d.users.table.offset, d.users.table.cursor, d.users.table.height)
	}
	if v := h.m.View(); !strings.Contains(v, "  abel ") {
		t.Fatalf("the first user is hidden despite room:\n%s", v)
	}

	h.keys(runes("/"), runes("o"))
	if d.users.table.cursor != 0 || d.users.table.offset != 0 {
		t.Fatalf("the filter left the cursor at %d (offset %d)", d.users.table.cursor, d.users.table.offset)
	}
	if r := d.users.table.selected(); r == nil || !strings.Contains(r.haystack, "o") {
		t.Fatalf("selected %+v", r)
	}

	// The counted-twice view follows a resize too.
	h.keys(esc)
	h.send(windowSize(60, 16))
	h.keys(runes("d"))
	d.twice.list.rows = make([]findingRow, 30)
	for i := range d.twice.list.rows {
		d.twice.list.rows[i] = newFindingRow(seats.Finding{Kind: seats.KindLookalike, CloudLogin: "p", ServerEmails: []string{"p@acme.test"}})
	}
	h.keys(down, down, down, down, down)
	h.send(windowSize(120, 40))
	if d.twice.list.offset != 0 || d.twice.list.cursor != 5 {
		t.Fatalf("counted twice after growing: offset %d, cursor %d", d.twice.list.offset, d.twice.list.cursor)
	}
}

// A seat held by a Visual Studio subscription alone has no login, name or email on
// either side: its row and its detail's breadcrumb name it by the subscription's
// email, never blank.
func TestVisualStudioOnlySeatIsNamed(t *testing.T) {
	t.Parallel()
	u := client.ConsumedUser{VisualStudioSubscriptionUser: yes(), VisualStudioSubscriptionEmail: ptr("erin.k@outlook.test"),
		VisualStudioLicenseStatus: ptr("unmatched"), LicenseType: "enterprise"}
	if r := newUserRow(u); r.login != "erin.k (Visual Studio)" {
		t.Fatalf("the row is named %q", r.login)
	}
	if d := newUserDetail(nil, u); d.name() != "erin.k (Visual Studio)" {
		t.Fatalf("the detail is named %q", d.name())
	}
}

// Once the filter is typed (enter), the title says its words and goes on: not the
// input padded out to its full width, which pushed "· sort" far to the right.
func TestAppliedFilterTitleIsNotPadded(t *testing.T) {
	t.Parallel()
	h := newHarness(t, testOptions(newFake()), 100, 24)
	h.toDashboard()
	h.keys(runes("/"), runes("doe"), enter)
	if v := h.m.View(); !strings.Contains(v, "· filter doe · sort login") {
		t.Fatalf("the applied filter's title is padded:\n%s", v)
	}
}
