package tui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client"
)

// Typing on searches only the rows already shown, deleting searches everything again:
// both must show exactly what a fresh pass over every row shows, in the sort's order.
func TestFilterByTypingAndDeletingMatchesAFreshPass(t *testing.T) {
	t.Parallel()
	var users []client.ConsumedUser
	for i := range 300 {
		name := fmt.Sprintf("Name %03d", 300-i)
		u := client.ConsumedUser{GithubComLogin: fmt.Sprintf("user%03d", i%97), GithubComName: &name, GithubComUser: yes(),
			EnterpriseServerEmails: []string{fmt.Sprintf("u%d@acme.test", i)}}
		if i%7 == 0 {
			u = client.ConsumedUser{EnterpriseServerUserIDs: []string{fmt.Sprintf("ghes.acme.test:%d", i)}, EnterpriseServerUser: yes()}
		}
		users = append(users, u)
	}
	var tb userTable
	tb.setHeight(10)
	tb.setRows(newUserRows(users))
	fresh := func() []int {
		var want []int
		for _, i := range sortedOrder(tb.rows, tb.sort, tb.desc) {
			if rowMatches(&tb.rows[i], tb.filter) {
				want = append(want, int(i))
			}
		}
		return want
	}
	for k := range sortKeys {
		tb.sort = k
		tb.refresh()
		for _, f := range []string{"u", "us", "use", "user0", "user01", "user0", "", "GHES", "ghes.acme.test:1", "ghes", "7"} {
			tb.setFilter(f)
			if want := fresh(); !slices.Equal(tb.shown, want) || len(want) == 0 {
				t.Fatalf("sort %s, filter %q: shown %v, want %v", k, f, tb.shown, want)
			}
		}
	}
}

// The "seen on" order: on-one-side-only rows first (reversed: last), and within a rank
// by login, ascending either way, whatever order the rows came in.
func TestSortBySeenOnBreaksTiesByLogin(t *testing.T) {
	t.Parallel()
	rows := []userRow{{login: "e", server: true}, {login: "a", server: true, cloud: true}, {login: "d", cloud: true},
		{login: "c", server: true}, {login: "b", cloud: true}}
	for desc, want := range map[bool][]string{false: {"c", "e", "b", "d", "a"}, true: {"a", "b", "d", "c", "e"}} {
		var got []string
		for _, i := range sortedOrder(rows, sortWhere, desc) {
			got = append(got, rows[i].login)
		}
		if !slices.Equal(got, want) {
			t.Errorf("desc %v: order %v, want %v", desc, got, want)
		}
	}
}

// The quick sort keys order exactly as the plain rule says: empty last, the ids of one
// host by number (however long), everything else as text.
func TestSortingKeysOrderAsTheRuleSays(t *testing.T) {
	t.Parallel()
	rule := func(a, b string) int { // the rule, spelled out slowly
		if (a == "") != (b == "") {
			if a == "" {
				return 1
			}
			return -1
		}
		if ha, na, ok := hostNumber(a); ok {
			if hb, nb, ok := hostNumber(b); ok && ha == hb && na != nb {
				if len(na) != len(nb) {
					return cmp.Compare(len(na), len(nb))
				}
				return strings.Compare(na, nb)
			}
		}
		return strings.Compare(a, b)
	}
	texts := []string{"", "a", "ab", "ab\x00", "abcdefgh", "abcdefghi", "abcdefgh:1", "ghes:9", "ghes:10", "ghes:010", "ghes:0",
		"ghes:", "ghes:99999999999999999999999", "ghes:100000000000000000000000", "ghes:x", "other:2", "other:10", "ghes.acme:3", "zed", "é"}
	hosts := map[string]int32{}
	keys := make([]sortingKey, len(texts))
	for i, s := range texts {
		keys[i] = newSortingKey(s, int32(i), hosts)
	}
	sign := func(n int) int { return cmp.Compare(n, 0) }
	for i := range texts {
		for j := range texts {
			if got, want := sign(keys[i].compare(&keys[j], texts)), sign(rule(texts[i], texts[j])); got != want {
				t.Errorf("%q vs %q: %d, want %d", texts[i], texts[j], got, want)
			}
		}
	}
}

// The index orders rows exactly as sorting them with the table's rule would (the rule
// spelled out slowly here: the key in its direction, empty values last, then login,
// emails and ids ascending, then row order), for every key and direction.
func TestIndexOrdersAsTheTableRuleSays(t *testing.T) {
	t.Parallel()
	text := func(a, b string, desc bool) int { // empty last; desc reverses the rest
		if (a == "") != (b == "") {
			if a == "" {
				return 1
			}
			return -1
		}
		a, b = strings.ToLower(a), strings.ToLower(b)
		c := strings.Compare(a, b)
		if ha, na, ok := hostNumber(a); ok {
			if hb, nb, ok := hostNumber(b); ok && ha == hb && na != nb {
				c = cmp.Or(cmp.Compare(len(na), len(nb)), strings.Compare(na, nb))
			}
		}
		if desc {
			return -c
		}
		return c
	}
	var rows []userRow
	for i := range 200 {
		r := userRow{login: fmt.Sprintf("U%d", i%13), name: []string{"", "Ana", "ana", "Bo"}[i%4], emails: fmt.Sprintf("e%d@x", i%7),
			server: i%3 != 0, cloud: i%5 != 0}
		if i%11 == 0 {
			r.login, r.id = fmt.Sprintf("ghes:%d", i), fmt.Sprintf("ghes:%d", i)
		}
		rows = append(rows, r)
	}
	for k := range sortKeys {
		for _, desc := range []bool{false, true} {
			want := make([]int32, len(rows))
			for i := range want {
				want[i] = int32(i)
			}
			slices.SortStableFunc(want, func(i, j int32) int {
				a, b := &rows[i], &rows[j]
				var c int
				if k == sortWhere {
					c = cmp.Compare(where(a), where(b))
					if desc {
						c = -c
					}
				} else {
					c = text(sortText(a, k), sortText(b, k), desc)
				}
				return cmp.Or(c, text(a.login, b.login, false), text(a.emails, b.emails, false), text(a.id, b.id, false))
			})
			if got := sortedOrder(rows, k, desc); !slices.Equal(got, want) {
				t.Errorf("sort %s desc %v:\n got %v\nwant %v", k, desc, got, want)
			}
		}
	}
}
