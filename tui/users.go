package tui

import (
	"sort"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/frontend"
)

// userRow is one consumed-license user, made safe and ready to draw once, when it arrives.
type userRow struct {
	login, name, emails string
	// id is the server user id of a row with no cloud login (joined when several):
	// copied and searched, but too alike from row to row to be shown as its name.
	id            string
	server, cloud bool
	license       string
	// haystack is what the filter searches (frontend.SearchText).
	haystack string
}

func newUserRow(u client.ConsumedUser) userRow {
	r := userRow{
		login:   clean(u.GithubComLogin),
		server:  u.EnterpriseServerUser.True(),
		cloud:   u.GithubComUser.True(),
		license: clean(u.LicenseType),
	}
	if u.GithubComName != nil {
		r.name = clean(*u.GithubComName)
	}
	emails := u.Emails()
	for i, e := range emails {
		emails[i] = clean(e)
	}
	r.emails = strings.Join(emails, ", ")
	if r.login == "" && len(u.EnterpriseServerUserIDs) > 0 {
		ids := make([]string, len(u.EnterpriseServerUserIDs))
		for i, id := range u.EnterpriseServerUserIDs {
			ids[i] = clean(id)
		}
		r.id = strings.Join(ids, ", ")
		r.login = frontend.UserName(u)
	}
	r.haystack = frontend.SearchText(u)
	return r
}

// copyName is what "copy" puts before the emails: the cloud login, or the server id.
func (r *userRow) copyName() string {
	if r.id != "" {
		return r.id
	}
	return r.login
}

// sortKey orders the users table.
type sortKey int

const (
	sortLogin sortKey = iota
	sortName
	sortEmail
	sortWhere
	sortKeys
)

func (k sortKey) String() string {
	return [...]string{"login", "name", "email", "seen on"}[k]
}

// userTable holds every row and the indices of the ones shown, in order; drawing
// touches only the visible window, so its cost does not grow with the row count.
type userTable struct {
	rows   []userRow
	shown  []int
	filter string
	sort   sortKey
	desc   bool // the sort key's order reversed (the ties keep theirs)
	cursor int
	offset int
	height int // visible rows
	// widest is the widest login, name and license of all rows, in cells: the columns
	// are no wider than their content.
	widest struct{ login, name, license int }
}

// measure widens the columns for rows.
func (t *userTable) measure(rows []userRow) {
	for i := range rows {
		r := &rows[i]
		t.widest.login = max(t.widest.login, cellWidth(r.login))
		t.widest.name = max(t.widest.name, cellWidth(r.name))
		t.widest.license = max(t.widest.license, cellWidth(r.license))
	}
}

// cellWidth is the cells s takes; plain ASCII is counted without decoding.
func cellWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// setRows replaces every row, keeping filter and sort.
func (t *userTable) setRows(rows []userRow) {
	t.rows = rows
	t.widest.login, t.widest.name, t.widest.license = 0, 0, 0
	t.measure(rows)
	t.refresh()
}

// appendRows adds rows as they stream in, unsorted until setRows.
func (t *userTable) appendRows(rows []userRow) {
	start := len(t.rows)
	t.rows = append(t.rows, rows...)
	t.measure(rows)
	for i := start; i < len(t.rows); i++ {
		if t.matches(i) {
			t.shown = append(t.shown, i)
		}
	}
}

// setFilter shows the rows that match f; a new filter selects its first match.
func (t *userTable) setFilter(f string) {
	f = frontend.Query(f)
	if f != t.filter {
		t.cursor, t.offset = 0, 0
	}
	t.filter = f
	t.refresh()
}

// cycleSort sorts by the next key; the selected user stays selected.
func (t *userTable) cycleSort() {
	t.sort = (t.sort + 1) % sortKeys
	t.reorder()
}

// reverse turns the order of the sort key around; the selected user stays selected.
func (t *userTable) reverse() {
	t.desc = !t.desc
	t.reorder()
}

// reorder sorts again and moves the cursor to where the selected row went.
func (t *userTable) reorder() {
	sel := -1
	if t.cursor < len(t.shown) {
		sel = t.shown[t.cursor]
	}
	t.refresh()
	for i, r := range t.shown {
		if r == sel {
			t.cursor = i
			t.scroll()
			return
		}
	}
}

// direction is the sort's arrow: ↑ from A to Z (or the one-side rows first), ↓ back.
func (t *userTable) direction() string { return pick(t.desc, "↓", "↑") }

func (t *userTable) matches(i int) bool {
	return frontend.Matches(t.rows[i].haystack, t.filter)
}

// refresh recomputes the shown rows: filter, then a stable sort.
func (t *userTable) refresh() {
	t.shown = t.shown[:0]
	for i := range t.rows {
		if t.matches(i) {
			t.shown = append(t.shown, i)
		}
	}
	less := t.less()
	sort.SliceStable(t.shown, func(a, b int) bool { return less(&t.rows[t.shown[a]], &t.rows[t.shown[b]]) })
	t.cursor = min(t.cursor, max(len(t.shown)-1, 0))
	t.scroll()
}

// less orders by the sort key, in its direction; rows equal on it follow by login,
// then emails, then server ids, always ascending, so the order never depends on the
// order the rows arrived in.
func (t *userTable) less() func(a, b *userRow) bool {
	var key func(a, b *userRow) int
	switch t.sort {
	case sortName:
		key = func(a, b *userRow) int { return textCompare(a.name, b.name, t.desc) }
	case sortEmail:
		key = func(a, b *userRow) int { return textCompare(a.emails, b.emails, t.desc) }
	case sortWhere:
		key = func(a, b *userRow) int {
			if t.desc {
				return where(b) - where(a)
			}
			return where(a) - where(b)
		}
	default:
		key = func(a, b *userRow) int { return textCompare(a.login, b.login, t.desc) }
	}
	return func(a, b *userRow) bool {
		if c := key(a, b); c != 0 {
			return c < 0
		}
		for _, c := range [...]int{textCompare(a.login, b.login, false), textCompare(a.emails, b.emails, false), textCompare(a.id, b.id, false)} {
			if c != 0 {
				return c < 0
			}
		}
		return false
	}
}

// textCompare orders values without regard to case, empty ones last (a sort by name
// must not open on a page of users without one), and server ids "host:number" of one
// host by their number: ghes:9 before ghes:10. desc reverses the values' order but
// keeps the empty ones last.
func textCompare(a, b string, desc bool) int {
	if (a == "") != (b == "") {
		return pickInt(a == "", 1, -1)
	}
	c := textOrder(strings.ToLower(a), strings.ToLower(b))
	if desc {
		return -c
	}
	return c
}

// textOrder compares two lower-case values, server ids by their number.
func textOrder(a, b string) int {
	if ha, na, ok := hostNumber(a); ok {
		if hb, nb, ok := hostNumber(b); ok && ha == hb && na != nb {
			if len(na) != len(nb) {
				return len(na) - len(nb)
			}
			return strings.Compare(na, nb)
		}
	}
	return strings.Compare(a, b)
}

func pickInt(cond bool, a, b int) int {
	if cond {
		return a
	}
	return b
}

// hostNumber splits "host:1042" into the host and the number without leading zeros.
func hostNumber(s string) (host, number string, ok bool) {
	i := strings.LastIndexByte(s, ':')
	if i <= 0 || i == len(s)-1 {
		return "", "", false
	}
	for _, c := range s[i+1:] {
		if c < '0' || c > '9' {
			return "", "", false
		}
	}
	number = strings.TrimLeft(s[i+1:], "0")
	return s[:i], number, true
}

// where ranks the rows that are on one side only first: the ones to look at.
func where(r *userRow) int {
	switch {
	case r.server && !r.cloud:
		return 0
	case r.cloud && !r.server:
		return 1
	default:
		return 2
	}
}

func (t *userTable) move(by int) {
	t.cursor = max(min(t.cursor+by, len(t.shown)-1), 0)
	t.scroll()
}

// setHeight follows a new window size: when the rows down to the cursor fit, the table
// is drawn from its first row, so that growing the window never leaves rows hidden above.
func (t *userTable) setHeight(h int) {
	h = max(h, 1)
	if h != t.height && t.cursor < h {
		t.offset = 0
	}
	t.height = h
	t.scroll()
}

// scroll keeps the cursor inside the visible window.
func (t *userTable) scroll() {
	if t.cursor < t.offset {
		t.offset = t.cursor
	}
	if t.cursor >= t.offset+t.height {
		t.offset = t.cursor - t.height + 1
	}
	t.offset = max(min(t.offset, len(t.shown)-t.height), 0)
}

// selected is the row under the cursor, nil when none is shown.
func (t *userTable) selected() *userRow {
	if t.cursor >= len(t.shown) {
		return nil
	}
	return &t.rows[t.shown[t.cursor]]
}

// visible returns the rows in the window.
func (t *userTable) visible() []*userRow {
	end := min(t.offset+t.height, len(t.shown))
	out := make([]*userRow, 0, end-t.offset)
	for _, i := range t.shown[t.offset:end] {
		out = append(out, &t.rows[i])
	}
	return out
}
