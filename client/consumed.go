package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/google/go-github/v60/github"
)

// consumedPerPage is the largest page GitHub serves for consumed-licenses.
const consumedPerPage = 100

// PageProgress is reported after each consumed-licenses page arrives, in page order.
type PageProgress struct {
	Page, LastPage      int // LastPage 0 while unknown
	Consumed, Purchased int // the totals from page 1
	UsersSoFar          int
	Users               []ConsumedUser // this page's users
}

// ConsumedLicenses reads every page of GHEC's GET /enterprises/{e}/consumed-licenses.
// Page 1 comes first (it carries the totals); the pages its Link header announces are
// then fetched Config.Concurrency at a time. onPage, when not nil, is called on the
// calling goroutine for each page in page order; the result lists every user once, in
// page order.
func (c *Client) ConsumedLicenses(ctx context.Context, onPage func(PageProgress)) (*ConsumedLicenses, error) {
	path, err := c.cloudPath(ctx, "read the cloud's consumed licenses", "consumed-licenses")
	if err != nil {
		return nil, err
	}
	first, resp, err := c.consumedPage(ctx, path, 1)
	if err != nil {
		return nil, err
	}
	acc := newConsumedAccumulator(first, resp.LastPage, onPage)
	acc.add(1, first.Users)
	switch {
	case resp.LastPage > 1:
		err = c.fetchPagesConcurrently(ctx, path, resp.LastPage, acc)
	case resp.NextPage > 1:
		err = c.followNextPages(ctx, path, resp.NextPage, acc)
	}
	if err != nil {
		return nil, err
	}
	return acc.result, nil
}

// consumedPage fetches one page of consumed licenses.
func (c *Client) consumedPage(ctx context.Context, path string, page int) (*ConsumedLicenses, *github.Response, error) {
	r := request{
		side: sideCloud, method: http.MethodGet, path: path, area: areaCloudEnt,
		op:    "read the cloud's consumed licenses (page " + strconv.Itoa(page) + ")",
		query: url.Values{"per_page": {strconv.Itoa(consumedPerPage)}, "page": {strconv.Itoa(page)}},
	}
	rep, err := c.send(ctx, r)
	if err != nil {
		return nil, nil, err
	}
	var p ConsumedLicenses
	if err := c.decodeBody(r, rep, &p); err != nil {
		return nil, nil, err
	}
	return &p, rep.resp, nil
}

// fetchPagesConcurrently fetches pages 2..last with bounded concurrency and hands them
// to acc in page order. The first error cancels the rest.
func (c *Client) fetchPagesConcurrently(ctx context.Context, path string, last int, acc *consumedAccumulator) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		page  int
		users []ConsumedUser
		err   error
	}
	pages := make(chan int)
	results := make(chan result)
	var wg sync.WaitGroup
	for range min(c.cfg.Concurrency, last-1) {
		wg.Go(func() {
			for p := range pages {
				pl, _, err := c.consumedPage(ctx, path, p)
				res := result{page: p, err: err}
				if err == nil {
					res.users = pl.Users
				}
				results <- res
			}
		})
	}
	go func() {
		defer close(pages)
		for p := 2; p <= last; p++ {
			select {
			case pages <- p:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(results)
	}()

	pending := make(map[int][]ConsumedUser)
	next := 2
	var firstErr error
	for res := range results {
		if firstErr != nil {
			continue // drain
		}
		if res.err != nil {
			firstErr = res.err
			cancel()
			continue
		}
		pending[res.page] = res.users
		for users, ok := pending[next]; ok; users, ok = pending[next] {
			delete(pending, next)
			acc.add(next, users)
			next++
		}
	}
	return firstErr
}

// followNextPages walks the Link rel="next" chain one page at a time, for servers that
// announce no last page.
func (c *Client) followNextPages(ctx context.Context, path string, page int, acc *consumedAccumulator) error {
	for seen := map[int]bool{1: true}; page > 0 && !seen[page]; {
		seen[page] = true
		pl, resp, err := c.consumedPage(ctx, path, page)
		if err != nil {
			return err
		}
		acc.add(page, pl.Users)
		page = resp.NextPage
	}
	return nil
}

// consumedAccumulator joins pages in order, drops users already seen, and reports progress.
type consumedAccumulator struct {
	result   *ConsumedLicenses
	lastPage int
	seen     map[string]bool
	onPage   func(PageProgress)
}

func newConsumedAccumulator(first *ConsumedLicenses, lastPage int, onPage func(PageProgress)) *consumedAccumulator {
	return &consumedAccumulator{
		result: &ConsumedLicenses{
			TotalSeatsConsumed:  first.TotalSeatsConsumed,
			TotalSeatsPurchased: first.TotalSeatsPurchased,
			Users:               make([]ConsumedUser, 0, len(first.Users)*max(lastPage, 1)),
		},
		lastPage: lastPage,
		seen:     make(map[string]bool),
		onPage:   onPage,
	}
}

func (a *consumedAccumulator) add(page int, users []ConsumedUser) {
	fresh := users[:0:0]
	for _, u := range users {
		if k := userKey(u); k != "" {
			if a.seen[k] {
				continue
			}
			a.seen[k] = true
		}
		fresh = append(fresh, u)
	}
	a.result.Users = append(a.result.Users, fresh...)
	if a.onPage != nil {
		a.onPage(PageProgress{
			Page: page, LastPage: a.lastPage,
			Consumed: a.result.TotalSeatsConsumed, Purchased: a.result.TotalSeatsPurchased,
			UsersSoFar: len(a.result.Users), Users: fresh,
		})
	}
}

// userKey identifies a person in consumed-licenses: the cloud login with the server
// accounts and emails. A user with none of those has no key and is never merged.
func userKey(u ConsumedUser) string {
	if u.GithubComLogin == "" && len(u.EnterpriseServerUserIDs) == 0 && len(u.EnterpriseServerEmails) == 0 {
		return ""
	}
	return u.GithubComLogin + "\x00" + strings.Join(u.EnterpriseServerUserIDs, ",") + "\x00" + strings.Join(u.EnterpriseServerEmails, ",")
}
