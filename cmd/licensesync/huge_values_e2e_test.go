package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client/sim"
)

// Huge values never crash (docs/RELIABILITY.md, "Bounds"): the cloud's and the
// server's seat counts at and near 2^63−1 are shown whole, every sum of them (the
// projection of the first sync, over and free) is held at 2^63−1 instead of wrapping
// to a negative number, and a negative count is impossible: said, never shown.

// hugeEnv is a sim (license sync not yet on, so the breakdown projects the first sync
// from the server's 19 active accounts) whose consumed-licenses totals and license
// seats are the given JSON numbers.
func hugeEnv(t *testing.T, consumed, purchased, seats string) []string {
	t.Helper()
	p := startInProcSim(t, baseEnv(t), sim.Options{Users: 20, CloudUsers: 10}, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch {
			case strings.HasSuffix(r.URL.Path, "/enterprises/acme-cloud/consumed-licenses"):
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprintf(w, `{"total_seats_consumed": %s, "total_seats_purchased": %s, "users": []}`, consumed, purchased)
			case strings.HasSuffix(r.URL.Path, "/enterprise/settings/license"):
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprintf(w, `{"seats": %s, "seats_used": %s, "seats_available": 0, "kind": "standard", "days_until_expiration": 365}`, seats, seats)
			default:
				h.ServeHTTP(w, r)
			}
		})
	})
	return p.env
}

// hugeStatus is the part of status --json these tests read, with exact integers.
type hugeStatus struct {
	Server struct {
		License *struct {
			Seats     int `json:"seats"`
			SeatsUsed int `json:"seats_used"`
		} `json:"license"`
	} `json:"server"`
	Cloud struct {
		SeatsConsumed  *int `json:"seats_consumed"`
		SeatsPurchased *int `json:"seats_purchased"`
	} `json:"cloud"`
	Reconcile *struct {
		Consumed  int  `json:"consumed"`
		Over      int  `json:"over"`
		Free      int  `json:"free"`
		Projected *int `json:"projected_after_sync"`
	} `json:"reconcile"`
	Errors []struct{ Part, Kind, Message string } `json:"errors"`
}

func TestHugeSeatCountsAreShownWholeAndSumsSaturate(t *testing.T) {
	t.Parallel()
	const maxInt = "9223372036854775807"
	for _, c := range []struct {
		name                       string
		consumed, purchased, seats string
		text                       []string // lines of status that must be there
		projected, over            int
	}{
		{
			name: "2^63-1 everywhere", consumed: maxInt, purchased: maxInt, seats: maxInt,
			text: []string{
				"9,223,372,036,854,775,807 used of 9,223,372,036,854,775,807 (0 available)",
				"9,223,372,036,854,775,807 consumed of 9,223,372,036,854,775,807 purchased",
				"After the first sync: about 9,223,372,036,854,775,807 consumed of",
			},
			projected: math.MaxInt, over: 0,
		},
		{
			// 19 accounts added to 2^63−19 is 2^63: wrapped, it was math.MinInt, whose
			// thousands separators recursed until the stack overflowed.
			name: "a projection one past 2^63-1", consumed: "9223372036854775789", purchased: "0", seats: "100",
			text: []string{
				"9,223,372,036,854,775,789 consumed of 0 purchased",
				"After the first sync: about 9,223,372,036,854,775,807 consumed of 0 purchased:",
				"9,223,372,036,854,775,807 over (from 19 server accounts)",
			},
			projected: math.MaxInt, over: 9223372036854775789,
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			env := hugeEnv(t, c.consumed, c.purchased, c.seats)
			r := runBin(t, env, "status")
			if r.code != 0 || strings.Contains(r.stdout, "-9") || strings.Contains(r.stderr, "goroutine") {
				t.Fatalf("want exit 0 and no negative number:\n%s", r)
			}
			// The projection's sentence is wrapped at 80 columns: join it up.
			flat := strings.Join(strings.Fields(r.stdout), " ")
			for _, want := range c.text {
				if !strings.Contains(flat, strings.Join(strings.Fields(want), " ")) {
					t.Errorf("status lacks %q:\n%s", want, r)
				}
			}
			j := runBin(t, env, "status", "--json")
			var st hugeStatus
			if j.code != 0 || json.Unmarshal([]byte(j.stdout), &st) != nil || st.Reconcile == nil || st.Reconcile.Projected == nil {
				t.Fatalf("status --json:\n%s", j)
			}
			if *st.Reconcile.Projected != c.projected || st.Reconcile.Over != c.over || st.Reconcile.Free < 0 {
				t.Errorf("reconcile = %+v, projected %d; want projected %d, over %d", *st.Reconcile, *st.Reconcile.Projected, c.projected, c.over)
			}
			if got := fmt.Sprint(*st.Cloud.SeatsConsumed); got != c.consumed {
				t.Errorf("seats_consumed = %s, want %s", got, c.consumed)
			}
		})
	}
}

func TestNegativeSeatCountIsImpossibleNotSummed(t *testing.T) {
	t.Parallel()
	env := hugeEnv(t, "-1", "9223372036854775807", "9223372036854775807")
	r := runBin(t, env, "status")
	if r.code != 1 || !strings.Contains(r.stdout, "seats consumed         impossible (-1 from the cloud's consumed licenses)") || strings.Contains(r.stdout, "After the first sync") {
		t.Fatalf("want exit 1, the -1 said as impossible and no projection:\n%s", r)
	}
	j := runBin(t, env, "status", "--json")
	var st hugeStatus
	if j.code != 1 || json.Unmarshal([]byte(j.stdout), &st) != nil || st.Cloud.SeatsConsumed != nil || st.Reconcile != nil {
		t.Fatalf("status --json:\n%s", j)
	}
	if st.Cloud.SeatsPurchased == nil || *st.Cloud.SeatsPurchased != math.MaxInt || len(st.Errors) != 0 {
		t.Errorf("the purchased seats, which can be true, are not shown, or errors = %+v: %s", st.Errors, j.stdout)
	}
	if !strings.Contains(compactJSON(t, j.stdout), `"impossible":[{"source":"cloud's consumed licenses","field":"seats_consumed","value":-1,"reason":"a count cannot be negative"}]`) {
		t.Errorf("impossible lacks the entry: %s", j.stdout)
	}
	// The whole read of consumed licenses is built on the totals: it refuses them.
	u := runBin(t, env, "users")
	if u.code != 1 || !strings.Contains(u.stderr, "numbers that cannot be true: total_seats_consumed -1") {
		t.Errorf("users:\n%s", u)
	}
}

// compactJSON is out without the indentation, for matching a part of it whole.
func compactJSON(t *testing.T, out string) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(out)); err != nil {
		t.Fatalf("not JSON (%v): %s", err, out)
	}
	return b.String()
}
