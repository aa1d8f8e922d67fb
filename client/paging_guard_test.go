package client

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client/replay"
)

// TestFollowNextPagesReadsANextOnlyChain: without rel="last" the pages are read one by
// one along rel="next", in order, each user once.
func TestFollowNextPagesReadsANextOnlyChain(t *testing.T) {
	srv := replay.StartWith(t, replay.Options{Hostile: replay.NextWithoutLast, PageSize: 2, UserCopies: 3})
	c := newReplayClient(t, srv, nil)
	var pages []int
	got, err := c.ConsumedLicenses(context.Background(), func(p PageProgress) {
		if p.LastPage != 0 {
			t.Errorf("page %d claims a last page %d the server never sent", p.Page, p.LastPage)
		}
		pages = append(pages, p.Page)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Users) != 6 || got.Fetch.Pages != 3 || len(pages) != 3 || pages[0] != 1 || pages[1] != 2 || pages[2] != 3 {
		t.Errorf("%d users over pages %v (fetch %+v)", len(got.Users), pages, got.Fetch)
	}
	if hits := srv.Hits("/cloud/enterprises/acme-cloud/consumed-licenses"); hits != 3 {
		t.Errorf("%d requests for 3 pages", hits)
	}
}

// TestPagingBoundsStopHostileChains: each hostile chain ends in the one paging error,
// after no more requests than the bound allows (10 seats at 1 a page: 12 pages).
func TestPagingBoundsStopHostileChains(t *testing.T) {
	for name, tc := range map[string]struct {
		h       replay.Hostility
		maxHits int
		detail  string
	}{
		"huge last":     {replay.HugeLast, 1, "announces 2000000000 pages for 10 consumed seats"},
		"overflow last": {replay.OverflowLast, 1, `names page "99999999999999999999999"`},
		"endless":       {replay.EndlessNext, 12, "past the 12 pages its totals allow"},
		"looping":       {replay.LoopingNext, 3, "page 3 links back to page 2"},
		"empty":         {replay.EmptyNext, 4, "empty page in a row"},
		"large pages":   {replay.LargePages, 5, "MiB in all"},
	} {
		srv := replay.StartWith(t, replay.Options{Hostile: tc.h})
		c := newReplayClient(t, srv, nil)
		_, err := c.ConsumedLicenses(context.Background(), nil)
		if !errors.Is(err, errPagingInconsistent) || KindOf(err) != KindBadResponse || !strings.Contains(err.Error(), tc.detail) {
			t.Errorf("%s: err = %v", name, err)
		}
		if hits := srv.Hits("/cloud/enterprises/acme-cloud/consumed-licenses"); hits > tc.maxHits {
			t.Errorf("%s: %d requests, the bound allows %d", name, hits, tc.maxHits)
		}
	}
}

// TestHugeLastSizesNothing: a rel="last" of two billion allocates nothing for it
// (runtime.MemStats, bytes allocated during the fetch).
func TestHugeLastSizesNothing(t *testing.T) {
	srv := replay.StartWith(t, replay.Options{Hostile: replay.HugeLast})
	c := newReplayClient(t, srv, nil)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	if _, err := c.ConsumedLicenses(context.Background(), nil); err == nil {
		t.Fatal("a huge rel=last was accepted")
	}
	runtime.ReadMemStats(&after)
	if n := after.TotalAlloc - before.TotalAlloc; n > 4<<20 {
		t.Errorf("the fetch allocated %d MiB", n>>20)
	}
}

func TestPagingGuardBounds(t *testing.T) {
	for _, tc := range []struct {
		consumed, first int
		more            bool
		pages           int
		bytes           int64
	}{
		{0, 0, false, 2, fetchBytesBase},
		{1000, 100, true, 12, fetchBytesBase + 1000*fetchBytesPerSeat},
		{1000, 50, true, 22, fetchBytesBase + 1000*fetchBytesPerSeat},
		{-5, 1, true, 2, fetchBytesBase},
		{1 << 40, 1, true, maxConsumedPages, MaxFetchBytes},
		{int(^uint(0) >> 1), 100, true, maxConsumedPages, MaxFetchBytes},
	} {
		g := newPagingGuard(tc.consumed, tc.first, tc.more)
		if g.maxPages != tc.pages || g.maxBytes != tc.bytes {
			t.Errorf("%+v: pages %d bytes %d", tc, g.maxPages, g.maxBytes)
		}
	}
}

// TestNullAmongUsersIsLeftOutAndSaid: a null or {} where a user belongs is no user,
// also when the rest of the page decodes in one go.
func TestNullAmongUsersIsLeftOutAndSaid(t *testing.T) {
	c, _ := newHandlerClient(t, status(200, `{"total_seats_consumed":1,"total_seats_purchased":1,"users":[{"github_com_login":"mona"},null,{}]}`))
	got, err := c.ConsumedLicenses(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Users) != 1 || len(got.Notes) != 1 || !strings.Contains(got.Notes[0], "2 entries that are not user objects") {
		t.Errorf("users %+v, notes %q", got.Users, got.Notes)
	}
}

// TestUsersSentAsAStringIsSaid: a users list that comes as a string leaves the list
// empty, and says so instead of showing an empty list as if nobody held a seat.
func TestUsersSentAsAStringIsSaid(t *testing.T) {
	c, _ := newHandlerClient(t, status(200, `{"total_seats_consumed":3,"total_seats_purchased":5,"users":"mallory"}`))
	got, err := c.ConsumedLicenses(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(got.Notes, "\n")
	if len(got.Users) != 0 || !strings.Contains(joined, `sent "users" as something other than a list`) || !strings.Contains(joined, "lists 0 people but counts 3") {
		t.Errorf("notes %q", got.Notes)
	}
}
