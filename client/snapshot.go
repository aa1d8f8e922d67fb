package client

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Snapshot is a loaded snapshot: the last consumed-licenses result, page by page, each
// page with its ETag, as a SnapshotStore (package snapshot) keeps it between runs.
type Snapshot struct {
	Head      SnapshotHead
	Pages     [][]ConsumedUser // nil when only the head was read
	All       []ConsumedUser   // every page's users in one array, when pages are slices of it
	Confirmed time.Time        // the file's modification time
	// Checksum and Size are the file's checksum (the CRC-32 it ends with) and its size
	// in bytes: with the head's save time, they name its content (Fingerprint).
	Checksum uint32
	Size     int64
}

// Fingerprint names the content of the snapshot's file: the same for every load of
// the file (head only or whole) until it is written again, whatever its confirmation
// time. What is computed from the snapshot's users can be kept under it.
func (s *Snapshot) Fingerprint() string {
	return fmt.Sprintf("%d/%d/%08x", s.Head.SavedAt.UnixNano(), s.Size, s.Checksum)
}

// etag is page's ETag in the snapshot, "" when it has none.
func (s *Snapshot) etag(page int) string {
	if s == nil || page < 1 || page > len(s.Head.Pages) {
		return ""
	}
	return s.Head.Pages[page-1].ETag
}

// users is page's users in the snapshot.
func (s *Snapshot) users(page int) ([]ConsumedUser, bool) {
	if s == nil || page < 1 || page > len(s.Pages) {
		return nil, false
	}
	return s.Pages[page-1], true
}

// allUsers is every page's users in one array (snapshot.all), nil without a snapshot.
func (s *Snapshot) allUsers() []ConsumedUser {
	if s == nil {
		return nil
	}
	return s.All
}

// lastPage is the last page of the result the snapshot holds (or, when partial, began).
func (s *Snapshot) lastPage() int {
	if s.Head.Partial {
		return max(s.Head.LastPage, len(s.Head.Pages))
	}
	return len(s.Head.Pages)
}

// fresh reports whether the snapshot was confirmed current less than maxAge ago.
func (s *Snapshot) fresh(now time.Time, maxAge time.Duration) bool {
	return s != nil && s.Pages != nil && maxAge > 0 && now.Sub(s.Confirmed) < maxAge
}

// result is the snapshot as a consumed-licenses result (a complete snapshot's),
// reporting each page to onPage when it is not nil. The users are the snapshot's own
// array when no page repeats a user.
func (s *Snapshot) result(onPage func(PageProgress)) *ConsumedLicenses {
	cl := &ConsumedLicenses{TotalSeatsConsumed: s.Head.Consumed, TotalSeatsPurchased: s.Head.Purchased}
	fresh := s.Pages
	whole := s.All != nil
	if !s.Head.Unique {
		seen := newUserSet(len(s.All))
		fresh = make([][]ConsumedUser, len(s.Pages))
		for i, users := range s.Pages {
			fresh[i] = dropRepeated(seen, users)
			whole = whole && len(fresh[i]) == len(users)
		}
	}
	total := 0
	for _, users := range fresh {
		total += len(users)
	}
	if whole {
		cl.Users = s.All
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
		onPage(PageProgress{Page: i + 1, LastPage: len(s.Pages), Consumed: cl.TotalSeatsConsumed, Purchased: cl.TotalSeatsPurchased,
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
	return "connect:" + c.ServerRoot()
}

func (c *Client) snapshotFile() string {
	return c.snapshots.Path(c.cloudURL.String(), c.snapshotKey())
}

// loadSnapshot reads this client's snapshot for enterprise ent. A snapshot of another
// enterprise or cloud is no snapshot; an unreadable one is none, with a note.
func (c *Client) loadSnapshot(ent string, headOnly bool) (*Snapshot, string) {
	if c.snapshots == nil {
		return nil, ""
	}
	file := c.snapshotFile()
	s, err := c.snapshots.Load(file, headOnly)
	if err == nil && s != nil && (s.Head.Consumed < 0 || s.Head.Purchased < 0) {
		err = fmt.Errorf("%w: negative seat totals", ErrSnapshotCorrupt) // a file is a peer too
	}
	if err != nil {
		return nil, fmt.Sprintf("The snapshot %s could not be read (%v); it is ignored and will be replaced.", file, err)
	}
	if s == nil || s.Head.CloudURL != c.cloudURL.String() || (ent != "" && !strings.EqualFold(s.Head.Enterprise, ent)) {
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
// page came back unchanged, and returns the Fingerprint of the file that now holds the
// result. (A result taken whole from a fresh snapshot never gets here: it leaves the
// file as it was, since nothing was confirmed but page 1.)
func (c *Client) keepSnapshot(ent string, old *Snapshot, acc *consumedAccumulator) (string, error) {
	file := c.snapshotFile()
	now := time.Now()
	if old != nil && !old.Head.Partial && acc.result.Fetch.NotModified == len(acc.pages) && len(acc.pages) == len(old.Pages) {
		return old.Fingerprint(), c.snapshots.Confirm(file, now)
	}
	return c.saveSnapshot(file, ent, old, acc, 0)
}

// defaultCheckpointEvery is how often an unfinished consumed-licenses read keeps the
// pages it has on disk: a crash or a killed process loses at most that much of the
// read (a 300,000-seat read at GitHub's pace writes its partial snapshot about 18 times).
const defaultCheckpointEvery = 10 * time.Second

// keepPartialSnapshot keeps the first pages of a fetch that stopped part way, so that
// the next one resumes after them. A complete snapshot is never replaced by a part.
func (c *Client) keepPartialSnapshot(ent string, old *Snapshot, acc *consumedAccumulator) {
	if c.snapshots == nil || len(acc.pages) < 2 || acc.lastPage <= len(acc.pages) || (old != nil && !old.Head.Partial) ||
		(old != nil && len(old.Pages) >= len(acc.pages)) {
		return
	}
	_, _ = c.saveSnapshot(c.snapshotFile(), ent, old, acc, acc.lastPage) // the fetch's own error says what matters
}

// saveSnapshot writes acc's pages and returns the file's Fingerprint; lastPage > 0
// marks them the first pages of a result of lastPage pages. Pages trusted from old
// keep its confirmation time.
func (c *Client) saveSnapshot(file, ent string, old *Snapshot, acc *consumedAccumulator, lastPage int) (string, error) {
	confirmed := time.Now()
	if acc.result.Fetch.Trusted > 0 {
		confirmed = old.Confirmed
	}
	head := SnapshotHead{
		CloudURL: c.cloudURL.String(), Enterprise: ent, SavedAt: time.Now().UTC(),
		Consumed: acc.result.TotalSeatsConsumed, Purchased: acc.result.TotalSeatsPurchased,
		Pages: make([]SnapshotPage, len(acc.pages)), Partial: lastPage > 0, LastPage: lastPage,
	}
	pages := make([][]ConsumedUser, len(acc.pages))
	total := 0
	for i, p := range acc.pages {
		pages[i] = acc.pageUsers(i)
		head.Pages[i] = SnapshotPage{ETag: p.etag, Users: len(pages[i])}
		total += len(pages[i])
	}
	var all []ConsumedUser
	if total == len(acc.result.Users) { // no page repeated a user: the result is every page
		all, head.Unique = acc.result.Users, true
	}
	return c.snapshots.Save(file, head, pages, all, confirmed)
}

// CachedConsumedLicenses is the last complete consumed-licenses result kept on disk
// (Config.Snapshots), without any request: for showing something at once. at is
// when it was last confirmed current (fetched, or every page revalidated unchanged).
// ok is false when there is no usable snapshot (none yet, no Config.Snapshots, damaged, or
// only the first pages of an interrupted fetch).
func (c *Client) CachedConsumedLicenses(ctx context.Context) (cl *ConsumedLicenses, at time.Time, ok bool) {
	if ctx.Err() != nil {
		return nil, time.Time{}, false
	}
	s, _ := c.loadSnapshot("", false) // unreadable: the fetch that follows says so
	if s == nil || s.Head.Partial {
		return nil, time.Time{}, false
	}
	cl = s.result(nil)
	cl.Fetch = FetchStats{FromSnapshot: true, Snapshot: s.Fingerprint(), Pages: len(s.Pages), ConfirmedAt: s.Confirmed}
	return cl, s.Confirmed, true
}

// KeptSnapshotHead is the head of the snapshot CachedConsumedLicenses would read, read
// without its users: its totals, its Fingerprint and when it was confirmed. ok is
// false as CachedConsumedLicenses'.
func (c *Client) KeptSnapshotHead(ctx context.Context) (s *Snapshot, ok bool) {
	if ctx.Err() != nil {
		return nil, false
	}
	s, _ = c.loadSnapshot("", true)
	if s == nil || s.Head.Partial {
		return nil, false
	}
	return s, true
}

// SnapshotFile is the file of this client's snapshot (whether it exists or not), ""
// without Config.Snapshots: what is computed from the snapshot is kept next to it.
func (c *Client) SnapshotFile() string {
	if c.snapshots == nil {
		return ""
	}
	return c.snapshotFile()
}

// SnapshotHead is the small part of a snapshot: enough for the totals and for
// revalidating every page.
type SnapshotHead struct {
	Version    int            `json:"version"`
	CloudURL   string         `json:"cloud_url"`
	Enterprise string         `json:"enterprise"`
	SavedAt    time.Time      `json:"saved_at"`
	Consumed   int            `json:"total_seats_consumed"`
	Purchased  int            `json:"total_seats_purchased"`
	Pages      []SnapshotPage `json:"pages"`
	// Partial marks the first pages of a fetch that was interrupted: the next fetch
	// resumes after them. LastPage is the last page the server announced then.
	Partial  bool `json:"partial,omitempty"`
	LastPage int  `json:"last_page,omitempty"`
	// Unique says no page repeats a user of an earlier one: the pages are the result
	// as they are, with nothing to drop (files without it are checked user by user).
	Unique bool `json:"unique,omitempty"`
}

// SnapshotPage is one page as the server sent it (before users repeated across pages
// were dropped).
type SnapshotPage struct {
	ETag  string `json:"etag"`
	Users int    `json:"users"`
}

var ErrSnapshotCorrupt = errors.New("not a licensesync snapshot, or damaged")

// SnapshotStore keeps consumed-licenses snapshots between runs (package snapshot's
// Store, in files): ConsumedLicenses asks with their validators and resumes after
// their pages. Every method is safe for concurrent use.
type SnapshotStore interface {
	// Path is the file of one enterprise of one cloud; key names the enterprise.
	Path(cloudURL, key string) string
	// Load reads file; headOnly stops after the head. A missing file is (nil, nil).
	Load(file string, headOnly bool) (*Snapshot, error)
	// Save writes a snapshot, confirmed current at confirmed, and returns the
	// Fingerprint of what it wrote. all, when not nil, is every page's users in one
	// list (Snapshot.All).
	Save(file string, head SnapshotHead, pages [][]ConsumedUser, all []ConsumedUser, confirmed time.Time) (string, error)
	// Confirm marks file current at now without rewriting it.
	Confirm(file string, now time.Time) error
}
