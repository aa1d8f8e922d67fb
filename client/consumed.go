package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
)

// consumedPerPage is the largest page GitHub serves for consumed-licenses.
const consumedPerPage = 100

// maxPresizedUsers caps the room reserved for users before they arrive.
const maxPresizedUsers = 10_000

// PageProgress is reported after each consumed-licenses page arrives, in page order.
type PageProgress struct {
	Page, LastPage      int // LastPage 0 while unknown
	Consumed, Purchased int // the totals from page 1
	UsersSoFar          int
	Users               []ConsumedUser // this page's users
}

// FetchStats says how a consumed-licenses result was read.
type FetchStats struct {
	Pages        int           // pages in the result
	NotModified  int           // pages the server answered 304 (taken from the snapshot)
	LimitHits    int           // rate-limit refusals seen on the cloud while fetching
	PaceWait     time.Duration // time requests waited for the client-side pace, summed
	FromSnapshot bool          // CachedConsumedLicenses: read from disk, no request
}

// ConsumedLicenses reads every page of GHEC's GET /enterprises/{e}/consumed-licenses.
// Page 1 comes first (it carries the totals); the pages its Link header announces are
// then fetched Config.Concurrency at a time, within the cloud's pace (Config.CloudPace).
// onPage, when not nil, is called on the calling goroutine for each page in page order;
// the result lists every user once, in page order.
//
// With Config.SnapshotDir, every page is asked for with the ETag of the last complete
// result kept there (If-None-Match): a page answered 304 is taken from the snapshot.
// A complete result replaces the snapshot; a damaged snapshot is ignored (Notes).
func (c *Client) ConsumedLicenses(ctx context.Context, onPage func(PageProgress)) (*ConsumedLicenses, error) {
	path, err := c.cloudPath(ctx, "read the cloud's consumed licenses", "consumed-licenses")
	if err != nil {
		return nil, err
	}
	ent, _ := c.CloudEnterprise(ctx) // known: cloudPath needed it
	snap, note := c.loadSnapshot(ent, false)
	hits0, wait0 := c.cloudPacer.limitHits.Load(), c.cloudPacer.waited.Load()

	first, meta, err := c.consumedPage(ctx, path, 1, snap)
	if err != nil {
		return nil, err
	}
	last, next := meta.lastPage, meta.nextPage
	if meta.notModified {
		// Unchanged page 1: unchanged totals, and the pages the snapshot had.
		last, next = len(snap.pages), 0
	}
	guard := newPagingGuard(first.TotalSeatsConsumed, len(first.Users), last > 1 || next > 0)
	if err := guard.read(1, meta.bytes, len(first.Users), false); err != nil {
		return nil, err
	}
	if err := guard.checkLast(last, first.TotalSeatsConsumed); err != nil {
		return nil, err
	}
	acc := newConsumedAccumulator(first, last, onPage)
	acc.record(1, first.Users, meta)
	switch {
	case last > 1:
		err = c.fetchPagesConcurrently(ctx, path, last, snap, acc, guard)
	case next > 0:
		err = c.followNextPages(ctx, path, next, snap, acc, guard)
	}
	if err != nil {
		return nil, err
	}
	res := acc.result
	if n := countNote(len(res.Users), res.TotalSeatsConsumed); n != "" {
		res.Notes = append(res.Notes, n)
	}
	if note != "" {
		res.Notes = append(res.Notes, note)
	}
	res.Fetch.Pages = len(acc.pages)
	res.Fetch.LimitHits = int(c.cloudPacer.limitHits.Load() - hits0)
	res.Fetch.PaceWait = time.Duration(c.cloudPacer.waited.Load() - wait0)
	if c.snapshots != nil {
		if err := c.keepSnapshot(ent, snap, acc); err != nil {
			res.Notes = append(res.Notes, fmt.Sprintf("The snapshot could not be saved in %s (%v); the next run fetches every page again.", c.cfg.SnapshotDir, err))
		}
	}
	return res, nil
}

// keepSnapshot writes the new snapshot, or only marks the old one current when every
// page came back unchanged.
func (c *Client) keepSnapshot(ent string, old *snapshot, acc *consumedAccumulator) error {
	file := c.snapshotFile()
	now := time.Now()
	if old != nil && acc.result.Fetch.NotModified == len(acc.pages) && len(acc.pages) == len(old.pages) {
		return c.snapshots.confirm(file, now)
	}
	head := snapshotHead{
		Version: snapshotVersion, CloudURL: c.cloudURL.String(), Enterprise: ent, SavedAt: now.UTC(),
		Consumed: acc.result.TotalSeatsConsumed, Purchased: acc.result.TotalSeatsPurchased,
		Pages: make([]snapshotPage, len(acc.pages)),
	}
	for i, p := range acc.pages {
		head.Pages[i] = snapshotPage{ETag: p.etag, Users: len(p.users)}
	}
	pages := make([][]ConsumedUser, len(acc.pages))
	for i, p := range acc.pages {
		pages[i] = p.users
	}
	return c.snapshots.save(file, head, pages)
}

// pageMeta is what a page's response says beyond its body.
type pageMeta struct {
	lastPage, nextPage int
	etag               string
	notModified        bool     // 304: the body is the snapshot's
	bytes              int      // of the body as sent
	notes              []string // what the decode left out
}

// consumedPage fetches one page of consumed licenses. With a snapshot that has the
// page, it asks with the page's ETag; a 304 answer gives the snapshot's page.
func (c *Client) consumedPage(ctx context.Context, path string, page int, snap *snapshot) (*ConsumedLicenses, pageMeta, error) {
	r := request{
		side: sideCloud, method: http.MethodGet, path: path, area: areaCloudEnt,
		op:    "read the cloud's consumed licenses (page " + strconv.Itoa(page) + ")",
		query: url.Values{"per_page": {strconv.Itoa(consumedPerPage)}, "page": {strconv.Itoa(page)}},
	}
	etag := snap.etag(page)
	if etag != "" {
		r.header = http.Header{"If-None-Match": {etag}}
	}
	rep, err := c.send(ctx, r)
	var e *Error
	if (err == nil && rep.status == http.StatusNotModified) || (err != nil && errors.As(err, &e) && e.Status == http.StatusNotModified) {
		users, _ := snap.users(page) // nil when only the snapshot's head was read
		if etag == "" {
			return nil, pageMeta{}, &Error{Kind: KindBadResponse, Op: r.op, Status: http.StatusNotModified,
				Err: errors.New("HTTP 304 Not Modified to a request without a matching ETag")}
		}
		return &ConsumedLicenses{TotalSeatsConsumed: snap.head.Consumed, TotalSeatsPurchased: snap.head.Purchased, Users: users},
			pageMeta{etag: etag, notModified: true}, nil
	}
	if err != nil {
		return nil, pageMeta{}, err
	}
	var p ConsumedLicenses
	report, err := c.decodeBodyReport(r, rep, &p)
	if err != nil {
		return nil, pageMeta{}, err
	}
	report.droppedItems += dropEmptyUsers(&p)
	if bad := consumedTotalsProblem(&p); bad != "" {
		return nil, pageMeta{}, c.impossible(r, bad)
	}
	m := pageMeta{etag: rep.header.Get("ETag"), bytes: len(rep.body), notes: decodeNotes(page, report)}
	if m.nextPage, m.lastPage, err = pageLinks(rep.header); err != nil {
		return nil, pageMeta{}, err
	}
	return &p, m, nil
}

// fetchPagesConcurrently fetches pages 2..last with bounded concurrency and hands them
// to acc in page order. The first error cancels the rest.
func (c *Client) fetchPagesConcurrently(ctx context.Context, path string, last int, snap *snapshot, acc *consumedAccumulator, guard *pagingGuard) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		page  int
		users []ConsumedUser
		meta  pageMeta
		err   error
	}
	pages := make(chan int)
	results := make(chan result)
	var wg sync.WaitGroup
	for range min(c.cfg.Concurrency, last-1) {
		wg.Go(func() {
			for p := range pages {
				pl, meta, err := c.consumedPage(ctx, path, p, snap)
				res := result{page: p, meta: meta, err: err}
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

	type done struct {
		users []ConsumedUser
		meta  pageMeta
	}
	pending := make(map[int]done)
	next := 2
	var firstErr error
	for res := range results {
		if firstErr != nil {
			continue // drain
		}
		if res.err == nil {
			res.err = guard.read(res.page, res.meta.bytes, len(res.users), false)
		}
		if res.err != nil {
			firstErr = res.err
			cancel()
			continue
		}
		pending[res.page] = done{res.users, res.meta}
		for d, ok := pending[next]; ok; d, ok = pending[next] {
			delete(pending, next)
			acc.record(next, d.users, d.meta)
			next++
		}
	}
	return firstErr
}

// followNextPages walks the Link rel="next" chain one page at a time, for servers that
// announce no last page. A chain that repeats a page, runs past the guard's bound or
// keeps serving empty pages is refused (errPagingInconsistent).
func (c *Client) followNextPages(ctx context.Context, path string, page int, snap *snapshot, acc *consumedAccumulator, guard *pagingGuard) error {
	seen := map[int]bool{1: true}
	if err := guard.checkNext(1, page, seen); err != nil {
		return err
	}
	for page > 0 {
		seen[page] = true
		pl, meta, err := c.consumedPage(ctx, path, page, snap)
		if err != nil {
			return err
		}
		if err := guard.read(page, meta.bytes, len(pl.Users), true); err != nil {
			return err
		}
		acc.record(page, pl.Users, meta)
		next := meta.nextPage
		if meta.notModified {
			next = 0
			if page < len(snap.pages) {
				next = page + 1
			}
		}
		if next > 0 {
			if err := guard.checkNext(page, next, seen); err != nil {
				return err
			}
		}
		page = next
	}
	return nil
}

// consumedAccumulator joins pages in order, drops users already seen, and reports progress.
type consumedAccumulator struct {
	result   *ConsumedLicenses
	pages    []fetchedPage // as the server sent them, for the snapshot
	lastPage int
	seen     map[string]bool
	onPage   func(PageProgress)
}

// lastPage must be within the fetch's pagingGuard; the room reserved up front is
// bounded by the users page 1 had, never by the cloud's totals alone.
func newConsumedAccumulator(first *ConsumedLicenses, lastPage int, onPage func(PageProgress)) *consumedAccumulator {
	expected := min(len(first.Users)*max(lastPage, 1), maxPresizedUsers)
	return &consumedAccumulator{
		result: &ConsumedLicenses{
			TotalSeatsConsumed:  first.TotalSeatsConsumed,
			TotalSeatsPurchased: first.TotalSeatsPurchased,
			Users:               make([]ConsumedUser, 0, expected),
		},
		lastPage: lastPage,
		seen:     make(map[string]bool, expected),
		onPage:   onPage,
	}
}

// fetchedPage is one page as the server sent it.
type fetchedPage struct {
	etag  string
	users []ConsumedUser
}

// record adds a fetched page, keeping it for the snapshot.
func (a *consumedAccumulator) record(page int, users []ConsumedUser, m pageMeta) {
	a.pages = append(a.pages, fetchedPage{etag: m.etag, users: users})
	a.result.Notes = append(a.result.Notes, m.notes...)
	if m.notModified {
		a.result.Fetch.NotModified++
	}
	a.add(page, users)
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

// dropEmptyUsers removes users with no field at all (a null or {} in the list, which
// encoding/json takes as a zero user) and says how many there were.
func dropEmptyUsers(p *ConsumedLicenses) int {
	kept := p.Users[:0]
	for _, u := range p.Users {
		if !reflect.ValueOf(u).IsZero() {
			kept = append(kept, u)
		}
	}
	n := len(p.Users) - len(kept)
	p.Users = kept
	return n
}
