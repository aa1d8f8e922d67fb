package client

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// snapshot is a loaded snapshot file (snapshot_codec.go; kept by snapshot_store.go):
// the last consumed-licenses result, page by page, each page with its ETag.
type snapshot struct {
	head      snapshotHead
	pages     [][]ConsumedUser // nil when only the head was read
	all       []ConsumedUser   // every page's users in one array, when pages are slices of it
	confirmed time.Time        // the file's modification time
}

// etag is page's ETag in the snapshot, "" when it has none.
func (s *snapshot) etag(page int) string {
	if s == nil || page < 1 || page > len(s.head.Pages) {
		return ""
	}
	return s.head.Pages[page-1].ETag
}

// users is page's users in the snapshot.
func (s *snapshot) users(page int) ([]ConsumedUser, bool) {
	if s == nil || page < 1 || page > len(s.pages) {
		return nil, false
	}
	return s.pages[page-1], true
}

// allUsers is every page's users in one array (snapshot.all), nil without a snapshot.
func (s *snapshot) allUsers() []ConsumedUser {
	if s == nil {
		return nil
	}
	return s.all
}

// lastPage is the last page of the result the snapshot holds (or, when partial, began).
func (s *snapshot) lastPage() int {
	if s.head.Partial {
		return max(s.head.LastPage, len(s.head.Pages))
	}
	return len(s.head.Pages)
}

// fresh reports whether the snapshot was confirmed current less than maxAge ago.
func (s *snapshot) fresh(now time.Time, maxAge time.Duration) bool {
	return s != nil && s.pages != nil && maxAge > 0 && now.Sub(s.confirmed) < maxAge
}

// result is the snapshot as a consumed-licenses result (a complete snapshot's),
// reporting each page to onPage when it is not nil. The users are the snapshot's own
// array when no page repeats a user.
func (s *snapshot) result(onPage func(PageProgress)) *ConsumedLicenses {
	cl := &ConsumedLicenses{TotalSeatsConsumed: s.head.Consumed, TotalSeatsPurchased: s.head.Purchased}
	fresh := s.pages
	whole := s.all != nil
	if !s.head.Unique {
		seen := newUserSet(len(s.all))
		fresh = make([][]ConsumedUser, len(s.pages))
		for i, users := range s.pages {
			fresh[i] = dropRepeated(seen, users)
			whole = whole && len(fresh[i]) == len(users)
		}
	}
	total := 0
	for _, users := range fresh {
		total += len(users)
	}
	if whole {
		cl.Users = s.all
	} else {
		cl.Users = make([]ConsumedUser, 0, total)
		for _, users := range fresh {
			cl.Users = append(cl.Users, users...)
		}
	}
	so := 0
	for i, users := range fresh {
		if onPage == nil {
			break
		}
		so += len(users)
		onPage(PageProgress{Page: i + 1, LastPage: len(s.pages), Consumed: cl.TotalSeatsConsumed, Purchased: cl.TotalSeatsPurchased,
			UsersSoFar: so, Users: users})
	}
	return cl
}

// snapshotKey names the enterprise of a client's snapshot: the configured cloud
// enterprise, else "the one the server's GitHub Connect names".
func (c *Client) snapshotKey() string {
	if c.cfg.CloudEnterprise != "" {
		return c.cfg.CloudEnterprise
	}
	return "connect:" + c.serverRoot()
}

func (c *Client) snapshotFile() string {
	return c.snapshots.path(c.cloudURL.String(), c.snapshotKey())
}

// loadSnapshot reads this client's snapshot for enterprise ent. A snapshot of another
// enterprise or cloud is no snapshot; an unreadable one is none, with a note.
func (c *Client) loadSnapshot(ent string, headOnly bool) (*snapshot, string) {
	if c.snapshots == nil {
		return nil, ""
	}
	file := c.snapshotFile()
	s, err := c.snapshots.load(file, headOnly)
	if err == nil && s != nil && (s.head.Consumed < 0 || s.head.Purchased < 0) {
		err = fmt.Errorf("%w: negative seat totals", errSnapshotCorrupt) // a file is a peer too
	}
	if err != nil {
		return nil, fmt.Sprintf("The snapshot %s could not be read (%v); it is ignored and will be replaced.", file, err)
	}
	if s == nil || s.head.CloudURL != c.cloudURL.String() || (ent != "" && !strings.EqualFold(s.head.Enterprise, ent)) {
		return nil, ""
	}
	return s, ""
}

// DefaultSnapshotMaxAge is how long a snapshot confirmed current is trusted when page 1
// comes back unchanged and neither Config.SnapshotMaxAge nor the server's
// Cache-Control max-age says otherwise.
const DefaultSnapshotMaxAge = 5 * time.Minute

// snapshotMaxAge is how long a snapshot is trusted: Config.SnapshotMaxAge when set
// (negative: never), else what page 1's Cache-Control declared, else the default.
func (c *Client) snapshotMaxAge(m pageMeta) time.Duration {
	switch {
	case c.cfg.SnapshotMaxAge < 0, c.cfg.SnapshotMaxAge == 0 && m.maxAge < 0:
		return 0
	case c.cfg.SnapshotMaxAge > 0:
		return c.cfg.SnapshotMaxAge
	case m.maxAge > 0:
		return m.maxAge
	}
	return DefaultSnapshotMaxAge
}

// keepSnapshot writes the new snapshot, or only marks the old one current when every
// page came back unchanged. (A result taken whole from a fresh snapshot never gets here:
// it leaves the file as it was, since nothing was confirmed but page 1.)
func (c *Client) keepSnapshot(ent string, old *snapshot, acc *consumedAccumulator) error {
	file := c.snapshotFile()
	now := time.Now()
	if old != nil && !old.head.Partial && acc.result.Fetch.NotModified == len(acc.pages) && len(acc.pages) == len(old.pages) {
		return c.snapshots.confirm(file, now)
	}
	return c.saveSnapshot(file, ent, old, acc, 0)
}

// keepPartialSnapshot keeps the first pages of a fetch that stopped part way, so that
// the next one resumes after them. A complete snapshot is never replaced by a part.
func (c *Client) keepPartialSnapshot(ent string, old *snapshot, acc *consumedAccumulator) {
	if c.snapshots == nil || len(acc.pages) < 2 || acc.lastPage <= len(acc.pages) || (old != nil && !old.head.Partial) ||
		(old != nil && len(old.pages) >= len(acc.pages)) {
		return
	}
	_ = c.saveSnapshot(c.snapshotFile(), ent, old, acc, acc.lastPage) // the fetch's own error says what matters
}

// saveSnapshot writes acc's pages; lastPage > 0 marks them the first pages of a result
// of lastPage pages. Pages trusted from old keep its confirmation time.
func (c *Client) saveSnapshot(file, ent string, old *snapshot, acc *consumedAccumulator, lastPage int) error {
	confirmed := time.Now()
	if acc.result.Fetch.Trusted > 0 {
		confirmed = old.confirmed
	}
	head := snapshotHead{
		Version: snapshotVersion, CloudURL: c.cloudURL.String(), Enterprise: ent, SavedAt: time.Now().UTC(),
		Consumed: acc.result.TotalSeatsConsumed, Purchased: acc.result.TotalSeatsPurchased,
		Pages: make([]snapshotPage, len(acc.pages)), Partial: lastPage > 0, LastPage: lastPage,
	}
	pages := make([][]ConsumedUser, len(acc.pages))
	total := 0
	for i, p := range acc.pages {
		pages[i] = acc.pageUsers(i)
		head.Pages[i] = snapshotPage{ETag: p.etag, Users: len(pages[i])}
		total += len(pages[i])
	}
	var all []ConsumedUser
	if total == len(acc.result.Users) { // no page repeated a user: the result is every page
		all, head.Unique = acc.result.Users, true
	}
	return c.snapshots.save(file, head, pages, all, confirmed)
}

// CachedConsumedLicenses is the last complete consumed-licenses result kept on disk
// (Config.SnapshotDir), without any request: for showing something at once. at is
// when it was last confirmed current (fetched, or every page revalidated unchanged).
// ok is false when there is no usable snapshot (none yet, no SnapshotDir, damaged, or
// only the first pages of an interrupted fetch).
func (c *Client) CachedConsumedLicenses(ctx context.Context) (cl *ConsumedLicenses, at time.Time, ok bool) {
	if ctx.Err() != nil {
		return nil, time.Time{}, false
	}
	s, _ := c.loadSnapshot("", false) // unreadable: the fetch that follows says so
	if s == nil || s.head.Partial {
		return nil, time.Time{}, false
	}
	cl = s.result(nil)
	cl.Fetch = FetchStats{FromSnapshot: true, Pages: len(s.pages), ConfirmedAt: s.confirmed}
	return cl, s.confirmed, true
}
