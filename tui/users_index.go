package tui

import (
	"cmp"
	"context"
	"encoding/binary"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/licensesync/licensesync/client/frontend"
)

// userIndex is every row of the users table with one sorted order per sort key and
// direction, so that a keystroke in the filter costs one linear pass over an order that
// is already there (docs/PERFORMANCE.md, "One frame per keystroke"). An order is
// computed once, on first use; prepare computes them off the UI goroutine. The index
// never changes after it is built: a new load builds a new one.
type userIndex struct {
	rows   []userRow
	widest columnWidths
	once   [sortKeys][2]sync.Once
	orders [sortKeys][2][]int32
	// logins is the login column every order breaks its ties by, made once for all of
	// them (at 300,000 rows each order made its own: 15 MB and 50 ms each, twelve times).
	logins func() *keyColumn
	// prepared is closed when prepare has made every order; nil before prepare, which
	// is called before the index is handed to the table.
	prepared chan struct{}
}

func newUserIndex(rows []userRow) *userIndex {
	x := &userIndex{rows: rows}
	x.widest.measure(rows)
	x.logins = sync.OnceValue(func() *keyColumn { return loginColumn(rows) })
	return x
}

// order is the rows' indices sorted by k (desc: reversed), computed the first time it
// is asked for.
func (x *userIndex) order(k sortKey, desc bool) []int32 {
	d := 0
	if desc {
		d = 1
	}
	x.once[k][d].Do(func() { x.orders[k][d] = sortedOrderBy(x.rows, k, desc, x.logins) })
	return x.orders[k][d]
}

// prepare computes the ascending order of first now, and the others on another
// goroutine, so that changing the sort later finds its order ready. It is called off
// the UI goroutine (the loader, the snapshot reader).
func (x *userIndex) prepare(first sortKey) {
	x.order(first, false)
	x.prepared = make(chan struct{})
	go func() {
		defer close(x.prepared)
		for k := range sortKeys {
			x.order(k, false)
			x.order(k, true)
		}
	}()
}

// waitPrepared waits until prepare has made every order (at once for an index that
// was not prepared), or ctx ends: work as heavy as the sorting waits for it instead of
// holding its memory at the same time (at 300,000 users: the people counted twice).
func (x *userIndex) waitPrepared(ctx context.Context) {
	if x == nil || x.prepared == nil {
		return
	}
	select {
	case <-x.prepared:
	case <-ctx.Done():
	}
}

// filterNeedle is the filter text as rows are searched for it (frontend.Query).
func filterNeedle(f string) string { return frontend.Query(f) }

// rowMatches is the filter's meaning, the one `users --filter` has too
// (frontend.Matches over the row's frontend.SearchText).
func rowMatches(r *userRow, needle string) bool { return frontend.Matches(r.haystack, needle) }

// narrows reports whether every row that matches next also matches prev, so that
// filtering next can start from prev's matches instead of from every row: true of a
// substring match when next contains prev.
func narrows(prev, next string) bool {
	return strings.Contains(next, prev)
}

// sortedOrder sorts the rows by k in its direction; rows equal on it follow by login,
// then emails, then server ids, always ascending, then in row order, so the order never
// depends on the order the rows arrived in. The keys are lowered once here, not on
// every comparison, and sorted as one contiguous slice; the columns for ties are made
// only when a tie needs them.
func sortedOrder(rows []userRow, k sortKey, desc bool) []int32 {
	return sortedOrderBy(rows, k, desc, sync.OnceValue(func() *keyColumn { return loginColumn(rows) }))
}

// loginColumn is the rows' login column.
func loginColumn(rows []userRow) *keyColumn {
	c := newKeyColumn(rows, func(r *userRow) string { return r.login })
	return &c
}

// sortedOrderBy is sortedOrder with the rows' login column from logins, made once.
func sortedOrderBy(rows []userRow, k sortKey, desc bool, logins func() *keyColumn) []int32 {
	column := func(text func(*userRow) string) func() *keyColumn {
		var c *keyColumn
		return func() *keyColumn {
			if c == nil {
				made := newKeyColumn(rows, text)
				c = &made
			}
			return c
		}
	}
	login := logins
	emails := column(func(r *userRow) string { return r.emails })
	ids := column(func(r *userRow) string { return r.id })
	var keys []sortingKey
	var col *keyColumn // the sort's column; nil for "seen on", whose key is the rank
	if k == sortWhere {
		keys = make([]sortingKey, len(rows))
		for i := range rows {
			keys[i] = sortingKey{prefix: uint64(where(&rows[i])), row: int32(i)}
		}
	} else {
		col = login()
		if k != sortLogin {
			made := newKeyColumn(rows, func(r *userRow) string { return sortText(r, k) })
			col = &made
		}
		keys = slices.Clone(col.keys)
	}
	slices.SortFunc(keys, func(a, b sortingKey) int {
		// One comparison after another, each only when the ones before tie.
		var c int
		switch {
		case col != nil:
			c = col.compareKeys(&a, &b, desc)
		case desc:
			c = cmp.Compare(b.prefix, a.prefix)
		default:
			c = cmp.Compare(a.prefix, b.prefix)
		}
		if c != 0 {
			return c
		}
		if c := login().compare(a.row, b.row, false); c != 0 {
			return c
		}
		if c := emails().compare(a.row, b.row, false); c != 0 {
			return c
		}
		if c := ids().compare(a.row, b.row, false); c != 0 {
			return c
		}
		return cmp.Compare(a.row, b.row)
	})
	order := make([]int32, len(keys))
	for i := range keys {
		order[i] = keys[i].row
	}
	return order
}

// keyColumn is one text column of every row, lowered once and made quick to compare.
type keyColumn struct {
	keys  []sortingKey
	texts []string
}

func newKeyColumn(rows []userRow, text func(*userRow) string) keyColumn {
	c := keyColumn{keys: make([]sortingKey, len(rows)), texts: make([]string, len(rows))}
	hosts := map[string]int32{}
	for i := range rows {
		c.texts[i] = strings.ToLower(text(&rows[i]))
		c.keys[i] = newSortingKey(c.texts[i], int32(i), hosts)
	}
	return c
}

// compare orders rows a and b by the column; desc reverses the values' order but keeps
// the empty ones last.
func (c *keyColumn) compare(a, b int32, desc bool) int {
	return c.compareKeys(&c.keys[a], &c.keys[b], desc)
}

// compareKeys is compare for two of the column's keys (sortingKey.compare).
func (c *keyColumn) compareKeys(ka, kb *sortingKey, desc bool) int {
	if ka.empty != kb.empty || !desc {
		return ka.compare(kb, c.texts)
	}
	return kb.compare(ka, c.texts)
}

// sortingKey is a row's lower-case sort text made quick to compare, with no pointer
// in it (the sort moves it without write barriers): most comparisons end at its first
// eight bytes read as one number; "host:number" ids are split once.
type sortingKey struct {
	prefix uint64 // the first eight bytes, big-endian, zero-padded
	number uint64 // of "host:number"
	row    int32
	host   int32 // of "host:number", numbered from 1; 0: not one
	empty  bool
	long   bool // a number too long for uint64: compared as text
}

func newSortingKey(text string, row int32, hosts map[string]int32) sortingKey {
	k := sortingKey{row: row, empty: text == ""}
	var b [8]byte
	copy(b[:], text)
	k.prefix = binary.BigEndian.Uint64(b[:])
	if host, number, ok := hostNumber(text); ok {
		if k.host = hosts[host]; k.host == 0 {
			k.host = int32(len(hosts) + 1)
			hosts[host] = k.host
		}
		n, err := strconv.ParseUint(cmp.Or(number, "0"), 10, 64)
		k.number, k.long = n, err != nil
	}
	return k
}

// compare orders lower-case values (texts[row]): empty ones last (a sort by name must
// not open on a page of users without one), and server ids "host:number" of one host by
// their number: ghes:9 before ghes:10.
func (a *sortingKey) compare(b *sortingKey, texts []string) int {
	if a.empty != b.empty {
		if a.empty {
			return 1
		}
		return -1
	}
	if a.host != 0 && a.host == b.host {
		if a.long || b.long {
			_, na, _ := hostNumber(texts[a.row])
			_, nb, _ := hostNumber(texts[b.row])
			if na != nb {
				return cmp.Or(cmp.Compare(len(na), len(nb)), strings.Compare(na, nb))
			}
		} else if a.number != b.number {
			return cmp.Compare(a.number, b.number)
		}
	}
	if a.prefix != b.prefix {
		return cmp.Compare(a.prefix, b.prefix)
	}
	return strings.Compare(texts[a.row], texts[b.row])
}

// sortText is the column a text sort key orders by.
func sortText(r *userRow, k sortKey) string {
	switch k {
	case sortName:
		return r.name
	case sortEmail:
		return r.emails
	default:
		return r.login
	}
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
