package seats

import (
	"fmt"
	"math"
	"testing"

	"github.com/licensesync/licensesync/client"
)

func TestSumAndDiffSaturate(t *testing.T) {
	for _, c := range []struct{ a, b, sum, diff int }{
		{2, 3, 5, -1},
		{math.MaxInt, 1, math.MaxInt, math.MaxInt - 1},
		{math.MaxInt - 18, 19, math.MaxInt, math.MaxInt - 37},
		{math.MaxInt, math.MaxInt, math.MaxInt, 0},
		{math.MinInt, -1, math.MinInt, math.MinInt + 1},
		{0, math.MinInt, math.MinInt, math.MaxInt},
		{-1, math.MaxInt, math.MaxInt - 1, math.MinInt},
		{math.MaxInt, -1, math.MaxInt - 1, math.MaxInt},
		{math.MinInt, math.MaxInt, -1, math.MinInt},
	} {
		if got := Sum(c.a, c.b); got != c.sum {
			t.Errorf("Sum(%d, %d) = %d, want %d", c.a, c.b, got, c.sum)
		}
		if got := Diff(c.a, c.b); got != c.diff {
			t.Errorf("Diff(%d, %d) = %d, want %d", c.a, c.b, got, c.diff)
		}
	}
}

// The projection of the first sync and the words around it hold at 2^63−1: 19 accounts
// added to 2^63−19 consumed seats wrapped to math.MinInt before.
func TestProjectionSaturates(t *testing.T) {
	var accounts []ServerAccount
	for i := range 19 {
		accounts = append(accounts, ServerAccount{Host: "ghes", ID: int64(i + 1), Login: fmt.Sprint("u", i), PrimaryEmail: fmt.Sprintf("u%d@acme.test", i)})
	}
	r := NewReconcile(ReconcileInput{Licenses: &client.ConsumedLicenses{TotalSeatsConsumed: math.MaxInt - 18}, Accounts: accounts})
	if r.ProjectedAfterSync == nil || *r.ProjectedAfterSync != math.MaxInt || r.Over != math.MaxInt-18 || r.Free != 0 {
		t.Fatalf("reconcile = %+v", r)
	}
	want := "After the first sync: about 9,223,372,036,854,775,807 consumed of 0 purchased: 9,223,372,036,854,775,807 over (from 19 server accounts)."
	if got := r.ProjectionText(); got != want {
		t.Errorf("ProjectionText() =\n%q, want\n%q", got, want)
	}
}
