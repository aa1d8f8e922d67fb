package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/tui/common"
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
		login:   common.Clean(u.GithubComLogin),
		server:  u.EnterpriseServerUser.True(),
		cloud:   u.GithubComUser.True(),
		license: common.Clean(u.LicenseType),
	}
	if u.GithubComName != nil {
		r.name = common.Clean(*u.GithubComName)
	}
	r.emails = rowEmails(u)
	if r.login == "" {
		r.id = rowServerIDs(u)
	}
	if r.login == "" {
		r.login = frontend.UserName(u)
	}
	r.haystack = frontend.SearchText(u)
	return r
}

// rowEmails is a row's EMAILS: every email of u, made safe, joined.
func rowEmails(u client.ConsumedUser) string {
	emails := u.Emails()
	for i, e := range emails {
		emails[i] = common.Clean(e)
	}
	return strings.Join(emails, ", ")
}

// rowServerIDs is u's server user ids, made safe, joined ("" when it has none).
func rowServerIDs(u client.ConsumedUser) string {
	ids := make([]string, len(u.EnterpriseServerUserIDs))
	for i, id := range u.EnterpriseServerUserIDs {
		ids[i] = common.Clean(id)
	}
	return strings.Join(ids, ", ")
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
// touches only the visible window, so its cost does not grow with the row count. With
// an index (a complete load) the rows are shown in the index's order for the sort key
// and direction; while a load streams in, in the order they arrive.
type userTable struct {
	rows   []userRow
	index  *userIndex // nil while rows stream in
	shown  []int
	filter string // as filterNeedle made it
	sort   sortKey
	desc   bool // the sort key's order reversed (the ties keep theirs)
	cursor int
	offset int
	height int // visible rows
	// widest is the widest login, name and license of all rows, in cells: the columns
	// are no wider than their content.
	widest columnWidths
}

// columnWidths is the widest login, name and license, in cells.
type columnWidths struct{ login, name, license int }

// measure widens the columns for rows.
func (w *columnWidths) measure(rows []userRow) {
	for i := range rows {
		r := &rows[i]
		w.login = max(w.login, cellWidth(r.login))
		w.name = max(w.name, cellWidth(r.name))
		w.license = max(w.license, cellWidth(r.license))
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

// setRows replaces every row, keeping filter and sort. It sorts on the calling
// goroutine: the loaders use setIndex with an index prepared off the UI goroutine.
func (t *userTable) setRows(rows []userRow) {
	t.setIndex(newUserIndex(rows))
}

// setIndex replaces every row with an index's, keeping filter and sort.
func (t *userTable) setIndex(x *userIndex) {
	t.rows, t.index, t.widest = x.rows, x, x.widest
	t.refresh()
}

// appendRows adds rows as they stream in, unsorted until setIndex.
func (t *userTable) appendRows(rows []userRow) {
	start := len(t.rows)
	t.rows = append(t.rows, rows...)
	t.index = nil
	t.widest.measure(rows)
	for i := start; i < len(t.rows); i++ {
		if rowMatches(&t.rows[i], t.filter) {
			t.shown = append(t.shown, i)
		}
	}
}

// setFilter shows the rows that match f; a new filter selects its first match. Typing
// on (a filter that narrows the last one) searches only the rows already shown.
func (t *userTable) setFilter(f string) {
	f = filterNeedle(f)
	if f == t.filter {
		t.refresh()
		return
	}
	t.cursor, t.offset = 0, 0
	prev := t.filter
	t.filter = f
	if !narrows(prev, f) {
		t.refresh()
		return
	}
	kept := t.shown[:0]
	for _, i := range t.shown {
		if rowMatches(&t.rows[i], f) {
			kept = append(kept, i)
		}
	}
	t.shown = kept
	t.scroll()
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

// selectLike moves the cursor to the row shown that is r's user (the same login,
// emails and server ids), where one is shown: the selection kept across two indexes.
func (t *userTable) selectLike(r userRow) {
	for i, j := range t.shown {
		if x := &t.rows[j]; x.login == r.login && x.emails == r.emails && x.id == r.id {
			t.cursor = i
			t.scroll()
			return
		}
	}
}

// direction is the sort's arrow: ↑ from A to Z (or the one-side rows first), ↓ back.
func (t *userTable) direction() string { return common.Pick(t.desc, "↓", "↑") }

// refresh recomputes the shown rows: one pass over the order of the sort key and
// direction, keeping the ones that match the filter.
func (t *userTable) refresh() {
	t.shown = t.shown[:0]
	if t.index == nil && len(t.rows) > 0 {
		t.index = newUserIndex(t.rows)
	}
	if t.index != nil {
		for _, i := range t.index.order(t.sort, t.desc) {
			if rowMatches(&t.rows[i], t.filter) {
				t.shown = append(t.shown, int(i))
			}
		}
	}
	t.cursor = min(t.cursor, max(len(t.shown)-1, 0))
	t.scroll()
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
