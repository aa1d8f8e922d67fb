package replay

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Hostility makes the replay's cloud (and, for numbers, its server) misbehave in one
// way, for the tests of docs/RELIABILITY.md's bounds. HostileNone serves the examples.
type Hostility int

const (
	HostileNone       Hostility = iota
	HugeLast                    // page 1 of 10 seats announces rel="last" page 2,000,000,000
	OverflowLast                // rel="last" names a page that overflows any int
	EndlessNext                 // every page links page+1 with a fresh user, no rel="last"
	LoopingNext                 // page 2 links page 3, which links page 2 again
	EmptyNext                   // pages after 1 are empty and still link a next one
	LargePages                  // every page carries LargePageBytes of padding and links the next one
	NextWithoutLast             // the example's pages, linked by rel="next" only
	NullBody                    // consumed-licenses answers null
	WrongTypeBody               // consumed-licenses answers a list, the license a string
	NonObjectUsers              // users holds numbers, strings and lists among the example's users
	ImpossibleNumbers           // negative seats in the license and in the consumed totals
	StallConsumed               // consumed-licenses never answers; the client must give up
	EchoToken                   // consumed-licenses fails with a long message echoing the token
	RedirectToken               // consumed-licenses redirects once to a URL whose query holds the token
	FormulaNames                // users whose login, name and emails begin like spreadsheet formulas
)

// LargePageBytes is the padding of each LargePages page.
const LargePageBytes = 4 << 20

// hostileSeats is the total_seats_consumed of the hostile paging answers: small, so
// that the client's bound on pages is small too.
const hostileSeats = 10

// FormulaLogins are the logins FormulaNames serves, each beginning a formula.
var FormulaLogins = []string{"=HYPERLINK(\"http://x\")", "+cmd", "-2+3", "@SUM(A1)", "\t=1+1", "\x1b[0m=2+2", "\u200b=3"}

// serveHostileConsumed answers consumed-licenses as s.opts.Hostile says; false when
// the normal answer should be served.
func (s *Server) serveHostileConsumed(w http.ResponseWriter, r *http.Request) bool {
	page := max(atoiOr(r.URL.Query().Get("page"), 1), 1)
	user := func(n int) string {
		return fmt.Sprintf(`{"github_com_login":"hostile-%d","enterprise_server_user_ids":["h:%d"],"github_com_user":true}`, n, n)
	}
	body := func(users ...string) {
		fmt.Fprintf(w, `{"total_seats_consumed":%d,"total_seats_purchased":%d,"users":[%s]}`, hostileSeats, hostileSeats, strings.Join(users, ","))
	}
	link := func(rel string, p string) string {
		u := url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path, RawQuery: "per_page=100&page=" + p}
		return fmt.Sprintf("<%s>; rel=%q", u.String(), rel)
	}
	switch s.opts.Hostile {
	case HugeLast:
		w.Header().Set("Link", link("next", "2")+", "+link("last", "2000000000"))
		body(user(page))
	case OverflowLast:
		w.Header().Set("Link", link("next", "2")+", "+link("last", "99999999999999999999999"))
		body(user(page))
	case EndlessNext:
		w.Header().Set("Link", link("next", strconv.Itoa(page+1)))
		body(user(page))
	case LoopingNext:
		next := page + 1
		if page == 3 {
			next = 2
		}
		w.Header().Set("Link", link("next", strconv.Itoa(next)))
		body(user(page))
	case EmptyNext:
		w.Header().Set("Link", link("next", strconv.Itoa(page+1)))
		if page == 1 {
			body(user(1))
		} else {
			body()
		}
	case LargePages:
		w.Header().Set("Link", link("next", strconv.Itoa(page+1)))
		fmt.Fprintf(w, `{"total_seats_consumed":%d,"total_seats_purchased":%d,"padding":"%s","users":[%s]}`,
			hostileSeats*100, hostileSeats*100, strings.Repeat("x", LargePageBytes), user(page))
	case NullBody:
		fmt.Fprint(w, "null")
	case WrongTypeBody:
		fmt.Fprint(w, `[{"total_seats_consumed":1}]`)
	case NonObjectUsers:
		fmt.Fprintf(w, `{"total_seats_consumed":5,"total_seats_purchased":5,"users":[%s,42,"mallory",[1,2],%s,null]}`, user(1), user(2))
	case ImpossibleNumbers:
		fmt.Fprint(w, `{"total_seats_consumed":-9223372036854775808,"total_seats_purchased":-5,"users":[]}`)
	case StallConsumed:
		<-r.Context().Done()
	case EchoToken:
		tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		msg := strings.Repeat("Validation failed for this request. ", 5) + "The credentials " + tok + " were given for " + strings.Repeat("a page, ", 40)
		w.WriteHeader(http.StatusUnprocessableEntity)
		json.NewEncoder(w).Encode(map[string]string{"message": msg})
	case RedirectToken:
		if r.URL.Query().Get("access_token") != "" {
			return false
		}
		q := r.URL.Query()
		q.Set("access_token", strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
		http.Redirect(w, r, r.URL.Path+"?"+q.Encode(), http.StatusFound)
	case FormulaNames:
		var users []string
		for i, login := range FormulaLogins {
			u, _ := json.Marshal(map[string]any{"github_com_login": login, "github_com_name": login,
				"enterprise_server_emails": []string{login + "@example.com"}, "enterprise_server_user_ids": []string{"f:" + strconv.Itoa(i)}})
			users = append(users, string(u))
		}
		fmt.Fprintf(w, `{"total_seats_consumed":%d,"total_seats_purchased":10,"users":[%s]}`, len(users), strings.Join(users, ","))
	default:
		return false
	}
	return true
}

// hostileLicense is the license body for s.opts.Hostile, nil for the normal one.
func (s *Server) hostileLicense() []byte {
	switch s.opts.Hostile {
	case WrongTypeBody:
		return []byte(`"a license"`)
	case ImpossibleNumbers:
		return []byte(`{"seats":-1,"seats_used":-9223372036854775808,"seats_available":-9223372036854775808,"kind":"standard","days_until_expiration":3}`)
	case NullBody:
		return []byte(`null`)
	}
	return nil
}

// nextOnly rewrites a Link header to keep only rel="next" (NextWithoutLast).
func nextOnly(link string) string {
	for _, l := range strings.Split(link, ", ") {
		if strings.HasSuffix(l, `rel="next"`) {
			return l
		}
	}
	return ""
}
