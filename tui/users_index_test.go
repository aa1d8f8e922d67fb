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
		for _, i := range sortedOrder(tb.rows, tb.sort) {
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

// The "where" order is a stable one: on-one-side-only rows first, in row order.
func TestSortByWhereKeepsRowOrderWithinARank(t *testing.T) {
	rows := []userRow{{login: "a", server: true, cloud: true}, {login: "b", cloud: true}, {login: "c", server: true},
		{login: "d", cloud: true}, {login: "e", server: true}}
	var got []string
	for _, i := range sortedOrder(rows, sortWhere) {
		got = append(got, rows[i].login)
	}
	if want := []string{"c", "e", "b", "d", "a"}; !slices.Equal(got, want) {
		t.Fatalf("order %v, want %v", got, want)
	}
}

// The quick sort keys order exactly as the plain rule says: empty last, the ids of one
// host by number (however long), everything else as text.
func TestSortingKeysOrderAsTheRuleSays(t *testing.T) {
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
