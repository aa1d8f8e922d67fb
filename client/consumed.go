package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/licensesync/licensesync/client/transport"
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
	// WaitingUntil, when not zero, says the read waits until then, after Page, for the
	// cloud's rate limit to reset (Config.WaitForBudget); Users is empty then.
	WaitingUntil time.Time
}

// FetchStats says how a consumed-licenses result was read.
type FetchStats struct {
	Pages        int           // pages in the result
	NotModified  int           // pages the server answered 304 (taken from the snapshot)
	Trusted      int           // pages taken from a fresh snapshot without asking (page 1 was unchanged)
	LimitHits    int           // rate-limit refusals seen on the cloud while fetching
	PaceWait     time.Duration // time requests waited for the client-side pace, summed
	FromSnapshot bool          // CachedConsumedLicenses: read from disk, no request
	Snapshot     string        // the Fingerprint of the snapshot that holds this result, "" when none does
	// ConfirmedAt is when the oldest page of the result was last confirmed current:
	// zero when every page was fetched or revalidated now.
	ConfirmedAt time.Time
}

// ConsumedLicenses reads every page of GHEC's GET /enterprises/{e}/consumed-licenses.
// Page 1 comes first (it carries the totals); the pages its Link header announces are
// then fetched Config.Concurrency at a time, within the cloud's pace (Config.CloudPace).
// onPage, when not nil, is called on the calling goroutine for each page in page order;
// the result lists every user once, in page order.
//
// With Config.Snapshots, every page is asked for with the ETag of the last result
// kept there (If-None-Match): a page answered 304 is taken from the snapshot. When page
// 1 is unchanged and the snapshot was confirmed current less than the snapshot's max age
// ago (Config.SnapshotMaxAge), the other pages are taken from it without asking
// (docs/PERFORMANCE.md, "Warm within the pace"). A complete result replaces the
// snapshot; a fetch that stops part way keeps the pages it has, and the next one resumes
// after them. A damaged snapshot is ignored (Notes).
func (c *Client) ConsumedLicenses(ctx context.Context, onPage func(PageProgress)) (*ConsumedLicenses, error) {
	path, err := c.cloudPath(ctx, "read the cloud's consumed licenses", "consumed-licenses")
	if err != nil {
		return nil, err
	}
	ent, _ := c.CloudEnterprise(ctx) // known: cloudPath needed it
	snap, note := c.loadSnapshot(ent, false)
	hits0, wait0 := c.cloudPacer.LimitHits.Load(), c.cloudPacer.Waited.Load()

	first, meta, err := c.consumedPage(ctx, path, 1, snap)
	if err != nil {
		return nil, err
	}
	if bad := consumedTotalsProblem(first); bad != "" {
		return nil, c.impossible(request{side: SideCloud, op: "read the cloud's consumed licenses (page 1)"}, bad)
	}
	last, next := meta.lastPage, meta.nextPage
	trusted := 0 // the snapshot's pages taken without asking
	if meta.notModified {
		// Unchanged page 1: unchanged totals, and the pages the snapshot had.
		last, next = snap.lastPage(), 0
		if snap.fresh(time.Now(), c.snapshotMaxAge(meta)) {
			trusted = len(snap.Pages)
		}
	}
	if trusted > 0 && !snap.Head.Partial {
		// The whole snapshot, trusted: its users as they are, not a second copy.
		res := snap.result(onPage)
		res.Fetch = FetchStats{Pages: len(snap.Pages), NotModified: 1, Trusted: len(snap.Pages) - 1, ConfirmedAt: snap.Confirmed,
			Snapshot: snap.Fingerprint(), LimitHits: int(c.cloudPacer.LimitHits.Load() - hits0), PaceWait: time.Duration(c.cloudPacer.Waited.Load() - wait0)}
		return res, nil
	}
	guard := newPagingGuard(first.TotalSeatsConsumed, len(first.Users), last > 1 || next > 0)
	if err := guard.read(1, meta.bytes, len(first.Users), false); err != nil {
		return nil, err
	}
	if err := guard.checkLast(last, first.TotalSeatsConsumed); err != nil {
		return nil, err
	}
	from := max(trusted, 1) + 1
	plan, err := c.consumedBudget(ctx, snap, from, last, meta)
	if err != nil {
		return nil, err
	}
	acc := newConsumedAccumulator(first, last, snap.allUsers(), onPage)
	if c.snapshots != nil {
		acc.checkpoints(c.checkpointEvery, func() { c.keepPartialSnapshot(ent, snap, acc) })
	}
	acc.record(1, first.Users, meta)
	for p := 2; p <= trusted; p++ {
		users, _ := snap.users(p)
		acc.record(p, users, pageMeta{etag: snap.etag(p), trusted: true})
	}
	switch {
	case last >= from:
		err = c.fetchWithinBudget(ctx, path, from, last, snap, acc, guard, plan)
	case next > 0:
		err = c.followNextPages(ctx, path, next, snap, acc, guard)
	}
	if err != nil {
		c.keepPartialSnapshot(ent, snap, acc)
		return nil, err
	}
	res := acc.result
	if res.Users == nil {
		res.Users = []ConsumedUser{} // "users": [], as the API says it
	}
	if n := countNote(len(res.Users), res.TotalSeatsConsumed); n != "" {
		res.Notes = append(res.Notes, n)
	}
	if note != "" {
		res.Notes = append(res.Notes, note)
	}
	res.Fetch.Pages = len(acc.pages)
	res.Fetch.LimitHits = int(c.cloudPacer.LimitHits.Load() - hits0)
	res.Fetch.PaceWait = time.Duration(c.cloudPacer.Waited.Load() - wait0)
	if res.Fetch.Trusted > 0 {
		res.Fetch.ConfirmedAt = snap.Confirmed
	}
	if c.snapshots != nil {
		if res.Fetch.Snapshot, err = c.keepSnapshot(ent, snap, acc); err != nil {
			res.Notes = append(res.Notes, fmt.Sprintf("The snapshot could not be saved in %s (%v); the next run fetches every page again.", filepath.Dir(c.snapshotFile()), err))
		}
	}
	return res, nil
}

// ConsumedLicensesTotals reads page 1 of consumed-licenses for enterprise ent: the
// totals, never every page. With a snapshot, page 1 is revalidated: a 304 gives the
// totals at no cost. notes says what the decode left out, or that the snapshot could
// not be read.
func (c *Client) ConsumedLicensesTotals(ctx context.Context, ent string) (page *ConsumedLicenses, notes []string, err error) {
	path, err := c.cloudPath(ctx, "read the cloud's consumed licenses", "consumed-licenses")
	if err != nil {
		return nil, nil, err
	}
	kept, note := c.loadSnapshot(ent, true)
	if note != "" {
		notes = append(notes, note)
	}
	page, meta, err := c.consumedPage(ctx, path, 1, kept)
	return page, append(notes, meta.notes...), err
}

// pageMeta is what a page's response says beyond its body.
type pageMeta struct {
	lastPage, nextPage int
	etag               string
	maxAge             time.Duration // cacheMaxAge of the response
	notModified        bool          // 304: the body is the snapshot's
	trusted            bool          // not asked for: taken from a fresh snapshot
	bytes              int           // of the body as sent
	notes              []string      // what the decode left out
	rate               *RateBudget   // what the response's x-ratelimit headers say remains; nil when they say nothing
}

// consumedPage fetches one page of consumed licenses. With a snapshot that has the
// page, it asks with the page's ETag; a 304 answer gives the snapshot's page.
func (c *Client) consumedPage(ctx context.Context, path string, page int, snap *Snapshot) (*ConsumedLicenses, pageMeta, error) {
	r := request{
		side: SideCloud, method: http.MethodGet, path: path, area: areaCloudEnt,
		op:    "read the cloud's consumed licenses (page " + strconv.Itoa(page) + ")",
		query: url.Values{"per_page": {strconv.Itoa(consumedPerPage)}, "page": {strconv.Itoa(page)}},
		items: []itemBound{{path: "users", max: consumedPerPage, what: "users", asked: "the per_page=" + strconv.Itoa(consumedPerPage) + " asked for"}},
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
		m := pageMeta{etag: etag, notModified: true}
		if err == nil {
			m.maxAge = transport.CacheMaxAge(rep.header.Get("Cache-Control"))
			m.rate = rateOfHeaders(rep.header)
		}
		return &ConsumedLicenses{TotalSeatsConsumed: snap.Head.Consumed, TotalSeatsPurchased: snap.Head.Purchased, Users: users}, m, nil
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
	m := pageMeta{etag: rep.header.Get("ETag"), maxAge: transport.CacheMaxAge(rep.header.Get("Cache-Control")), bytes: len(rep.body), notes: decodeNotes(page, report),
		rate: rateOfHeaders(rep.header)}
	if m.nextPage, m.lastPage, err = pageLinks(rep.header); err != nil {
		return nil, pageMeta{}, err
	}
	return &p, m, nil
}

// fetchPagesConcurrently fetches pages from..last with bounded concurrency and hands
// them to acc in page order. The first error cancels the rest; the pages before the
// first that failed are still handed on as they arrive, so that a partial snapshot
// keeps every page that was read (none is fetched again on resuming).
func (c *Client) fetchPagesConcurrently(ctx context.Context, path string, from, last int, snap *Snapshot, acc *consumedAccumulator, guard *pagingGuard) error {
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
	for range min(c.cfg.Concurrency, last-from+1) {
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
		for p := from; p <= last; p++ {
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
	next := from
	var firstErr error
	failed := last + 1 // the first page that failed: the pages before it that arrive are still kept
	for res := range results {
		if res.err == nil && res.page < failed {
			res.err = guard.read(res.page, res.meta.bytes, len(res.users), false)
		}
		if res.err != nil {
			if firstErr == nil {
				firstErr = res.err
				cancel()
			}
			failed = min(failed, res.page)
			continue
		}
		pending[res.page] = done{res.users, res.meta}
		for d, ok := pending[next]; ok && next < failed; d, ok = pending[next] {
			delete(pending, next)
			acc.record(next, d.users, d.meta)
			next++
		}
	}
	if firstErr == nil && next <= last {
		// Stopped before any request failed (the pages stopped being handed out): the
		// result is not whole, and must not pass for it.
		firstErr = context.Cause(ctx)
	}
	return firstErr
}

// followNextPages walks the Link rel="next" chain one page at a time, for servers that
// announce no last page. A chain that repeats a page, runs past the guard's bound or
// keeps serving empty pages is refused (errPagingInconsistent).
func (c *Client) followNextPages(ctx context.Context, path string, page int, snap *Snapshot, acc *consumedAccumulator, guard *pagingGuard) error {
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
			if page < len(snap.Pages) {
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
