package tui

import (
	"context"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/client"
)

// usersPageMsg is one consumed-licenses page, already turned into rows.
type usersPageMsg struct {
	id       int
	progress client.PageProgress
	rows     []userRow
	next     tea.Cmd
}

// usersDoneMsg ends a load: every user, or why it stopped. rows is set only when the
// pages did not already bring every user as rows.
type usersDoneMsg struct {
	id    int
	users *client.ConsumedLicenses
	rows  []userRow
	err   error
}

// loadUsers streams the consumed-licenses pages as messages: a goroutine runs the
// paged request and puts each page on a channel; a Cmd reads one message at a time and
// the page that gets it issues the next read (glow's streaming pattern). Cancel, or the
// end of life (the console's context), stops it: the request is cancelled, a send
// nobody reads gives up, and the goroutine ends.
func loadUsers(life context.Context, b Backend, id int) (tea.Cmd, context.CancelFunc) {
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
		streamed := 0
		users, err := b.ConsumedLicenses(ctx, func(p client.PageProgress) {
			rows := make([]userRow, len(p.Users))
			for i, u := range p.Users {
				rows[i] = newUserRow(u)
			}
			streamed += len(rows)
			p.Users = nil
			send(usersPageMsg{id: id, progress: p, rows: rows, next: next})
		})
		if ctx.Err() != nil {
			return // stopped: nobody wants the result
		}
		done := usersDoneMsg{id: id, users: users, err: err}
		if err == nil && streamed != len(users.Users) {
			done.rows = newUserRows(users.Users)
		}
		send(done)
	}
	run = func() { go stream() }
	return next, cancel
}

// snapshotMsg is the last complete consumed-licenses result kept on disk, as rows
// already filtered and sorted for the table (ok false: there is none).
type snapshotMsg struct {
	id    int
	ok    bool
	users *client.ConsumedLicenses
	table userTable
	at    time.Time
}

// readSnapshot reads the snapshot without any request and prepares it for the table as
// it is set (filter and sort), off the UI goroutine.
func readSnapshot(sh *shared, id int, like *userTable) tea.Cmd {
	b, life := sh.backend, sh.ctx
	filter, sort, desc := like.filter, like.sort, like.desc
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(life, requestTimeout)
		defer cancel()
		cl, at, ok := b.CachedConsumedLicenses(ctx)
		if !ok || cl == nil {
			return snapshotMsg{id: id}
		}
		t := userTable{filter: filter, sort: sort, desc: desc}
		t.setRows(newUserRows(cl.Users))
		return snapshotMsg{id: id, ok: true, users: cl, table: t, at: at}
	}
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
