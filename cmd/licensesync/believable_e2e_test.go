package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client/sim"
)

// One rule for a believable number (issue 21, item 1; client/seats/believable.go): a
// count no GitHub would send is said as impossible, with its value and source, in
// place of the number; the rest of the picture still shows; a server license used
// beyond its seats is over, not "-150 available".

// believableEnv is a stock appliance that shares Server Statistics, whose license is
// used 150 beyond its 1,000 seats, whose user counts say negative admins and
// suspended users, and whose Server Statistics record says dormant users below zero.
func believableEnv(t *testing.T) []string {
	t.Helper()
	dormant := regexp.MustCompile(`"total_dormant_users":\s*\d+`)
	p := startInProcSim(t, baseEnv(t), sim.Options{Users: 20, CloudUsers: 10, Hostname: "127.0.0.1", Stock: true, ServerStatistics: true, LicenseSyncEnabled: true}, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch {
			case strings.HasSuffix(r.URL.Path, "/enterprise/settings/license"):
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprint(w, `{"seats": 1000, "seats_used": 1150, "seats_available": -150, "kind": "standard", "days_until_expiration": 365}`)
			case strings.HasSuffix(r.URL.Path, "/enterprise/stats/users"):
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprint(w, `{"total_users": 1200, "admin_users": -25036264, "suspended_users": -99082039}`)
			case strings.HasSuffix(r.URL.Path, "/server-statistics"):
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, r)
				for k, v := range rec.Header() {
					w.Header()[k] = v
				}
				w.Header().Del("Content-Length")
				w.WriteHeader(rec.Code)
				w.Write(dormant.ReplaceAll(rec.Body.Bytes(), []byte(`"total_dormant_users": -7`)))
			default:
				h.ServeHTTP(w, r)
			}
		})
	})
	return p.env
}

// believableStatus is the part of status --json these tests read.
type believableStatus struct {
	Server struct {
		License *struct {
			Seats          *int `json:"seats"`
			SeatsUsed      *int `json:"seats_used"`
			SeatsAvailable *int `json:"seats_available"`
			SeatsOver      *int `json:"seats_over"`
		} `json:"license"`
		Users *struct {
			Total     *int `json:"total"`
			Admin     *int `json:"admin"`
			Suspended *int `json:"suspended"`
			Dormant   *int `json:"dormant"`
		} `json:"users"`
	} `json:"server"`
	Cloud struct {
		SeatsConsumed *int `json:"seats_consumed"`
	} `json:"cloud"`
	Errors     []struct{ Part, Kind string } `json:"errors"`
	Impossible []struct {
		Source, Field, Reason string
		Value                 int
	} `json:"impossible"`
}

func TestImpossibleCountsAreSaidAndOverageIsOver(t *testing.T) {
	t.Parallel()
	env := believableEnv(t)
	j := runBin(t, env, "status", "--json")
	var st believableStatus
	if j.code != 1 || json.Unmarshal([]byte(j.stdout), &st) != nil || st.Server.License == nil || st.Server.Users == nil {
		t.Fatalf("want exit 1 with the status:\n%s", j)
	}
	l, u := st.Server.License, st.Server.Users
	if l.Seats == nil || *l.Seats != 1000 || l.SeatsUsed == nil || *l.SeatsUsed != 1150 || l.SeatsOver == nil || *l.SeatsOver != 150 || l.SeatsAvailable == nil {
		t.Errorf("the license used beyond its seats is not over by 150: %s", j.stdout)
	}
	if u.Admin != nil || u.Suspended != nil || u.Dormant != nil || u.Total == nil || *u.Total != 1200 {
		t.Errorf("users: want admin, suspended and dormant null and the total kept: %s", j.stdout)
	}
	if st.Cloud.SeatsConsumed == nil {
		t.Errorf("the cloud's seats, which can be true, are not shown: %s", j.stdout)
	}
	got := map[string]string{}
	for _, i := range st.Impossible {
		got[i.Source+"/"+i.Field] = fmt.Sprint(i.Value, " ", i.Reason)
	}
	want := map[string]string{
		"server's user counts/admin":        "-25036264 a count cannot be negative",
		"server's user counts/suspended":    "-99082039 a count cannot be negative",
		"cloud's Server Statistics/dormant": "-7 a count cannot be negative",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) || len(st.Errors) != 0 {
		t.Errorf("impossible = %v, want %v; errors = %+v", got, want, st.Errors)
	}

	r := runBin(t, env, "status")
	for _, line := range []string{
		"seats                  1,150 used of 1,000 (150 over the license)",
		"users                  1,200 · dormant -",
		"admins                 impossible (-25,036,264 from the server's user counts)",
		"suspended              impossible (-99,082,039 from the server's user counts)",
		"dormant                impossible (-7 from the cloud's Server Statistics)",
		" consumed of ", // the cloud's side still shows
		"suspended on 127.0.0.1      ?  impossible (-99,082,039 from the server's user counts)", // and the breakdown says it too
		"dormant on 127.0.0.1        ?  impossible (-7 from the cloud's Server Statistics)",
	} {
		if !strings.Contains(r.stdout, line) {
			t.Errorf("status lacks %q:\n%s", line, r)
		}
	}
	if r.code != 1 || strings.Contains(r.stdout, "-150") || strings.Contains(r.stdout, "-25,036,264 admins") || strings.Contains(r.stdout, "-99,082,039 suspended") {
		t.Errorf("want exit 1 and no impossible number shown as a fact:\n%s", r)
	}
	if !strings.Contains(r.stderr, "3 number(s) cannot be true and are not shown: admin from the server's user counts, suspended from the server's user counts, dormant from the cloud's Server Statistics") {
		t.Errorf("the last line does not name the numbers:\n%s", r)
	}

	c := runBin(t, env, "check")
	if c.code != 1 || !strings.Contains(c.stdout, "admin: impossible (-25,036,264 from the server's user counts)") ||
		!strings.Contains(c.stdout, "the server license is over its seats: 1,150 used of 1,000 (150 over the license)") {
		t.Errorf("check: want WARNING with the impossible count and the overage:\n%s", c)
	}
}
