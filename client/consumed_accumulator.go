package client

import (
	"reflect"
	"time"
)

// consumedAccumulator joins pages in order, drops users already seen, and reports progress.
//
// The result's users are one array, and a page none of whose users was seen before is
// kept as its place in that array, not a second copy. While every page so far is the
// snapshot's own (304s, in order), that array is the snapshot's (base): revalidating
// 100,000 unchanged users costs no second 100,000 (docs/PERFORMANCE.md, "Memory"). The
// first page that is not moves the users to an array of the accumulator's own; base is
// never written.
type consumedAccumulator struct {
	result   *ConsumedLicenses
	pages    []fetchedPage // as the server sent them, for the snapshot
	lastPage int
	capacity int            // room reserved up front, bounded (maxPresizedUsers)
	expected int            // users the pages announced (page 1's times the last page)
	base     []ConsumedUser // the snapshot's users (snapshot.all), nil when none
	onBase   bool           // result.Users is a prefix of base
	seen     *userSet
	interned *Interner
	onPage   func(PageProgress)

	// checkpoint, when not nil, keeps the pages so far on disk (a partial snapshot), at
	// most once every checkpointEvery, so that a crash loses no more than that.
	checkpoint      func()
	checkpointEvery time.Duration
	checkpointed    time.Time
}

// lastPage must be within the fetch's pagingGuard; the room reserved up front is
// bounded by the users page 1 had, never by the cloud's totals alone.
func newConsumedAccumulator(first *ConsumedLicenses, lastPage int, base []ConsumedUser, onPage func(PageProgress)) *consumedAccumulator {
	expected := min(len(first.Users)*max(lastPage, 1), maxPresizedUsers)
	return &consumedAccumulator{
		result: &ConsumedLicenses{
			TotalSeatsConsumed:  first.TotalSeatsConsumed,
			TotalSeatsPurchased: first.TotalSeatsPurchased,
		},
		lastPage: lastPage,
		capacity: expected,
		expected: len(first.Users) * max(lastPage, 1),
		base:     base,
		seen:     newUserSet(expected),
		interned: NewInterner(),
		onPage:   onPage,
	}
}

// fetchedPage is one page as the server sent it: its own users, or (users nil) the
// result's users from..to when it repeated nobody.
type fetchedPage struct {
	etag     string
	users    []ConsumedUser
	from, to int
}

// pageUsers is page i's users as the server sent them.
func (a *consumedAccumulator) pageUsers(i int) []ConsumedUser {
	p := a.pages[i]
	if p.users != nil {
		return p.users
	}
	return a.result.Users[p.from:p.to:p.to]
}

// record adds a fetched page, keeping it for the snapshot.
func (a *consumedAccumulator) record(page int, users []ConsumedUser, m pageMeta) {
	a.result.Notes = append(a.result.Notes, m.notes...)
	switch {
	case m.trusted:
		a.result.Fetch.Trusted++
	case m.notModified:
		a.result.Fetch.NotModified++
	default:
		a.interned.compact(users) // decoded from JSON: every value its own copy
	}
	start := len(a.result.Users)
	kept := fetchedPage{etag: m.etag, users: users}
	if fresh := a.add(page, users); len(fresh) == len(users) {
		kept = fetchedPage{etag: m.etag, from: start, to: len(a.result.Users)}
	}
	a.pages = append(a.pages, kept)
	if a.checkpoint != nil && page > 1 && time.Since(a.checkpointed) >= a.checkpointEvery {
		a.checkpoint()
		a.checkpointed = time.Now()
	}
}

// checkpoints has record keep the pages so far with save, at most once every every
// (the first after every has passed).
func (a *consumedAccumulator) checkpoints(every time.Duration, save func()) {
	a.checkpoint, a.checkpointEvery, a.checkpointed = save, every, time.Now()
}

// add appends the page's users not seen before to the result and reports the page.
func (a *consumedAccumulator) add(page int, users []ConsumedUser) []ConsumedUser {
	fresh := dropRepeated(a.seen, users)
	a.extend(fresh)
	if a.onPage != nil {
		a.onPage(PageProgress{
			Page: page, LastPage: a.lastPage,
			Consumed: a.result.TotalSeatsConsumed, Purchased: a.result.TotalSeatsPurchased,
			UsersSoFar: len(a.result.Users), Users: fresh,
		})
	}
	return fresh
}

// waiting reports that the read waits until until, after the pages so far, for the
// rate limit's reset.
func (a *consumedAccumulator) waiting(until time.Time) {
	if a.onPage == nil || len(a.pages) == 0 {
		return
	}
	a.onPage(PageProgress{
		Page: len(a.pages), LastPage: a.lastPage,
		Consumed: a.result.TotalSeatsConsumed, Purchased: a.result.TotalSeatsPurchased,
		UsersSoFar: len(a.result.Users), WaitingUntil: until,
	})
}

// extend appends fresh to the result's users: by lengthening the view of base when
// fresh is base's next users, else in the accumulator's own array.
func (a *consumedAccumulator) extend(fresh []ConsumedUser) {
	if len(fresh) == 0 {
		return
	}
	n := len(a.result.Users)
	if (n == 0 || a.onBase) && n+len(fresh) <= len(a.base) && &a.base[n] == &fresh[0] {
		a.result.Users, a.onBase = a.base[:n+len(fresh):n+len(fresh)], true
		return
	}
	if need := n + len(fresh); a.onBase || a.result.Users == nil || need > cap(a.result.Users) {
		// The room reserved first is bounded (maxPresizedUsers); once that many users
		// have arrived, the pages' announced total has proved itself enough to size the
		// array once (the fetch's pagingGuard bounds it), instead of doubling through
		// arrays that each stay in the process's memory until the collector returns them.
		room := max(a.capacity, need)
		switch {
		case a.result.Users == nil:
		case n >= maxPresizedUsers:
			room = max(need, a.expected)
		default:
			room = max(need, min(2*n, a.expected))
		}
		own := make([]ConsumedUser, n, room)
		copy(own, a.result.Users)
		a.result.Users, a.onBase = own, false
	}
	a.result.Users = append(a.result.Users, fresh...)
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
