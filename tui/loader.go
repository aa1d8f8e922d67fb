package tui

import (
	"context"

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
// the page that gets it issues the next read (glow's streaming pattern). Cancel stops it.
func loadUsers(b Backend, id int) (tea.Cmd, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	ch := make(chan tea.Msg)
	var next tea.Cmd
	next = func() tea.Msg {
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
	go func() {
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
		done := usersDoneMsg{id: id, users: users, err: err}
		if err == nil && streamed != len(users.Users) {
			done.rows = make([]userRow, len(users.Users))
			for i, u := range users.Users {
				done.rows[i] = newUserRow(u)
			}
		}
		send(done)
	}()
	return next, cancel
}
