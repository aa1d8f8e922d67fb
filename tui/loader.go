package tui

import (
	"context"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/tui/common"
)

// usersPageMsg is one consumed-licenses page, already turned into rows.
type usersPageMsg struct {
	id       int
	progress client.PageProgress
	rows     []userRow
	next     tea.Cmd
}

// usersDoneMsg ends a load: every user, or why it stopped. index holds every user as
// rows, sorted off the UI goroutine.
type usersDoneMsg struct {
	id    int
	users *client.ConsumedLicenses
	index *userIndex
	err   error
}

// loadUsers streams the consumed-licenses pages as messages: a goroutine runs the
// paged request and puts each page on a channel; a Cmd reads one message at a time and
// the page that gets it issues the next read (glow's streaming pattern). Cancel, or the
// end of life (the console's context), stops it: the request is cancelled, a send
// nobody reads gives up, and the goroutine ends.
//
// shown is what the table shows (nil: nothing yet). Pages that are the very users shown
// (a snapshot revalidated page by page, or trusted whole: the client hands back the
// snapshot's own users) are not made into rows again; when every page is, the load
// ends with shown's index.
func loadUsers(life context.Context, b common.Backend, id int, shown shownUsers) (tea.Cmd, context.CancelFunc) {
	ctx, cancel := context.WithCancel(life)
	ch := make(chan tea.Msg)
	var start sync.Once
	var run func()
	next := func() tea.Msg {
		start.Do(run) // the request starts when the Cmd first runs, not in Update
		msg, ok := <-ch
		if !ok {
			return nil
		}
		return msg
	}
	send := func(msg tea.Msg) {
		select {
		case ch <- msg:
		case <-ctx.Done():
		}
	}
	stream := func() {
		defer close(ch)
		var streamed []userRow
		same := shown.index != nil // every page so far is the users shown
		at := 0
		users, err := b.ConsumedLicenses(ctx, func(p client.PageProgress) {
			if same = same && shown.has(p.Users, at); same {
				at += len(p.Users)
				p.Users = nil
				send(usersPageMsg{id: id, progress: p, next: next})
				return
			}
			rows := make([]userRow, len(p.Users))
			for i, u := range p.Users {
				rows[i] = newUserRow(u)
			}
			streamed = append(streamed, rows...)
			p.Users = nil
			send(usersPageMsg{id: id, progress: p, rows: rows, next: next})
		})
		if ctx.Err() != nil {
			return // stopped: nobody wants the result
		}
		done := usersDoneMsg{id: id, users: users, err: err}
		switch {
		case err == nil && same && shown.has(users.Users, 0) && len(users.Users) == len(shown.users):
			done.index = shown.index
		case err == nil:
			if len(streamed) != len(users.Users) {
				streamed = newUserRows(users.Users)
			}
			done.index = newUserIndex(streamed)
			done.index.prepare(sortLogin)
			keepFirstScreen(b, users, done.index)
		}
		send(done)
	}
	run = func() { go stream() }
	return next, cancel
}

// shownUsers is the users the table shows and their index.
type shownUsers struct {
	users []client.ConsumedUser
	index *userIndex
}

// has reports whether users are the very users shown from position at on (the same
// array, not equal copies).
func (s shownUsers) has(users []client.ConsumedUser, at int) bool {
	if len(users) == 0 {
		return true
	}
	return at+len(users) <= len(s.users) && &s.users[at] == &users[0]
}

// snapshotMsg is the last complete consumed-licenses result kept on disk, as rows
// already filtered and sorted for the table (ok false: there is none). A first screen
// (firstScreen: the kept first screen of total rows, users its users alone) comes
// before the whole when one is kept; rest then reads the whole.
type snapshotMsg struct {
	id    int
	ok    bool
	users *client.ConsumedLicenses
	table userTable
	at    time.Time

	firstScreen bool
	total       int
	rest        tea.Cmd
}

// readSnapshot reads the snapshot without any request and prepares it for the table as
// it is set (filter and sort), off the UI goroutine: first its kept first screen, when
// the table is in its first order and one is kept, then the whole.
func readSnapshot(sh *common.Shared, id int, like *userTable) tea.Cmd {
	b, life, preload := sh.Backend, sh.Ctx, sh.Opts.Preload
	filter, sort, desc := like.filter, like.sort, like.desc
	return func() tea.Msg {
		read := takeSnapshotRead(preload, b)
		if read == nil {
			read = startSnapshotRead(life, b, sort)
		}
		rest := func() tea.Msg {
			snap := <-read.rest
			if !snap.ok {
				return snapshotMsg{id: id}
			}
			t := userTable{filter: filter, sort: sort, desc: desc}
			t.setIndex(snap.index)
			return snapshotMsg{id: id, ok: true, users: snap.users, table: t, at: snap.at}
		}
		if f := read.first; f != nil && isFirstOrder(filter, sort, desc) { // as like was, not as it is now
			t := userTable{sort: sortLogin}
			t.setIndex(f.index)
			return snapshotMsg{id: id, ok: true, users: f.users, table: t, at: f.at, firstScreen: true, total: f.total, rest: rest}
		}
		return rest()
	}
}

// snapshotRead is the snapshot being read for the table: its kept first screen, at
// once (nil: none kept for it, or the table is not sorted by login), and the whole of
// it made into rows, when they are made.
type snapshotRead struct {
	first *firstScreenTable
	rest  chan *snapshotRows // one value
}

// startSnapshotRead reads the kept first screen for a table sorted by sort and starts
// making every row of the snapshot, within ctx and common.RequestTimeout. Rows sorted by
// login with no first screen kept for them keep theirs for the next console.
func startSnapshotRead(ctx context.Context, b common.Backend, sort sortKey) *snapshotRead {
	r := &snapshotRead{rest: make(chan *snapshotRows, 1)}
	if sort == sortLogin {
		r.first = readFirstScreen(ctx, b)
	}
	go func() {
		ctx, cancel := context.WithTimeout(ctx, common.RequestTimeout)
		defer cancel()
		snap := loadSnapshotRows(ctx, b, sort)
		if snap.ok && sort == sortLogin && r.first == nil {
			keepFirstScreen(b, snap.users, snap.index)
		}
		r.rest <- snap
	}()
	return r
}

// snapshotRows is the snapshot made into the table's rows and index.
type snapshotRows struct {
	ok    bool
	users *client.ConsumedLicenses
	index *userIndex
	at    time.Time
}

func loadSnapshotRows(ctx context.Context, b common.Backend, sort sortKey) *snapshotRows {
	cl, at, ok := b.CachedConsumedLicenses(ctx)
	if !ok || cl == nil {
		return &snapshotRows{}
	}
	x := newUserIndex(newUserRows(cl.Users))
	x.prepare(sort)
	return &snapshotRows{ok: true, users: cl, index: x, at: at}
}

// PreloadSnapshot starts reading b's snapshot for a table sorted by login (its kept
// first screen, then every row) while the console starts and checks the connection:
// pass it as Options.Preload with b as Options.Backend, and the dashboard's first frame
// takes it instead of reading the snapshot again (docs/PERFORMANCE.md, "First frame").
// ctx bounds the read.
func PreloadSnapshot(ctx context.Context, b common.Backend) *common.Preload {
	return common.StartPreload(b, func() any { return startSnapshotRead(ctx, b, sortLogin) })
}

// takeSnapshotRead is the snapshot read preloaded for b, waiting for its first screen;
// nil when there is none, it is another backend's, or it was taken already.
func takeSnapshotRead(p *common.Preload, b common.Backend) *snapshotRead {
	read, _ := p.Take(b).(*snapshotRead)
	return read
}

// newUserRows makes rows of users, on every core when there are many.
func newUserRows(users []client.ConsumedUser) []userRow {
	rows := make([]userRow, len(users))
	const chunk = 8192
	var wg sync.WaitGroup
	for start := 0; start < len(users); start += chunk {
		end := min(start+chunk, len(users))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := start; i < end; i++ {
				rows[i] = newUserRow(users[i])
			}
		}()
	}
	wg.Wait()
	return rows
}
