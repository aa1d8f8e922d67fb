package client

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client/replay"
)

// pagedServer serves users login-0..login-(n-1), per users a page, later pages faster
// than earlier ones so they arrive out of order, and counts concurrent requests.
type pagedServer struct {
	n, per            int
	inFlight, maxSeen atomic.Int32
	mu                sync.Mutex
	hits              map[int]int
}

func (p *pagedServer) handler(w http.ResponseWriter, r *http.Request) {
	cur := p.inFlight.Add(1)
	defer p.inFlight.Add(-1)
	for {
		m := p.maxSeen.Load()
		if cur <= m || p.maxSeen.CompareAndSwap(m, cur) {
			break
		}
	}
	if r.URL.Query().Get("per_page") != "100" {
		status(400, `{"message":"per_page"}`)(w, r)
		return
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	p.mu.Lock()
	p.hits[page]++
	p.mu.Unlock()
	last := (p.n + p.per - 1) / p.per
	time.Sleep(time.Duration(last-page) * 2 * time.Millisecond)
	var users []string
	for i := (page - 1) * p.per; i < min(page*p.per, p.n); i++ {
		users = append(users, fmt.Sprintf(`{"github_com_login":"login-%d","github_com_user":true,"github_com_two_factor_auth":""}`, i))
	}
	if page < last {
		u := "http://" + r.Host + r.URL.Path
		w.Header().Set("Link", fmt.Sprintf(`<%s?per_page=100&page=%d>; rel="next", <%s?per_page=100&page=%d>; rel="last"`, u, page+1, u, last))
	}
	status(200, fmt.Sprintf(`{"total_seats_consumed":%d,"total_seats_purchased":4500,"users":[%s]}`, p.n, strings.Join(users, ",")))(w, r)
}

func TestConsumedLicensesConcurrentPagesInOrder(t *testing.T) {
	p := &pagedServer{n: 1000, per: 50, hits: map[int]int{}}
	c, _ := newHandlerClient(t, p.handler)
	var pages []int
	got, err := c.ConsumedLicenses(context.Background(), func(pp PageProgress) {
		pages = append(pages, pp.Page)
		if pp.LastPage != 20 || pp.Consumed != 1000 || pp.Purchased != 4500 || len(pp.Users) != 50 || pp.UsersSoFar != pp.Page*50 {
			t.Errorf("progress = %+v", pp)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Users) != 1000 {
		t.Fatalf("%d users, want 1000", len(got.Users))
	}
	for i, u := range got.Users {
		if u.GithubComLogin != fmt.Sprintf("login-%d", i) {
			t.Fatalf("user %d is %s: not in page order", i, u.GithubComLogin)
		}
	}
	for i, pg := range pages {
		if pg != i+1 {
			t.Fatalf("onPage order = %v", pages)
		}
	}
	for pg := 1; pg <= 20; pg++ {
		if p.hits[pg] != 1 {
			t.Errorf("page %d fetched %d times", pg, p.hits[pg])
		}
	}
	if m := p.maxSeen.Load(); m > int32(DefaultConcurrency) || m < 2 {
		t.Errorf("max concurrent requests = %d, want 2..%d", m, DefaultConcurrency)
	}
}

func TestConsumedLicensesPageErrorStopsAll(t *testing.T) {
	c, _ := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("page") == "3" {
			status(404, `{"message":"Not Found"}`)(w, r)
			return
		}
		u := "http://" + r.Host + r.URL.Path
		w.Header().Set("Link", fmt.Sprintf(`<%s?page=2>; rel="next", <%s?page=9>; rel="last"`, u, u))
		status(200, `{"total_seats_consumed":900,"total_seats_purchased":900,"users":[]}`)(w, r)
	})
	if _, err := c.ConsumedLicenses(context.Background(), nil); KindOf(err) != KindNotFound {
		t.Errorf("err = %v", err)
	}
}

func TestConsumedLicensesDuplicateAcrossPagesOnce(t *testing.T) {
	srv := replay.StartWith(t, replay.Options{PageSize: 3, UserCopies: 4})
	c := newReplayClient(t, srv, func(cfg *Config) { cfg.Concurrency = 2 })
	got, err := c.ConsumedLicenses(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, u := range got.Users {
		k := userKey(u)
		if seen[k] {
			t.Errorf("user %q twice", k)
		}
		seen[k] = true
	}
	if len(got.Users) != 8 || srv.Hits("/cloud/enterprises/acme-cloud/consumed-licenses") != 3 {
		t.Errorf("%d users in %d requests", len(got.Users), srv.Hits("/cloud/enterprises/acme-cloud/consumed-licenses"))
	}
	acc := newConsumedAccumulator(&ConsumedLicenses{}, 2, nil, nil)
	acc.add(1, got.Users[:3])
	acc.add(2, got.Users[2:5]) // a page that shifted: user 2 again
	if len(acc.result.Users) != 5 {
		t.Errorf("accumulated %d users, want 5", len(acc.result.Users))
	}
}

// userKey is the identity userSet hashes: it identifies a person in consumed-licenses: the cloud login with the server
// accounts and emails. A user with none of those has no key and is never merged.
func userKey(u ConsumedUser) string {
	if u.GithubComLogin == "" && len(u.EnterpriseServerUserIDs) == 0 && len(u.EnterpriseServerEmails) == 0 {
		return ""
	}
	return u.GithubComLogin + "\x00" + strings.Join(u.EnterpriseServerUserIDs, ",") + "\x00" + strings.Join(u.EnterpriseServerEmails, ",")
}
