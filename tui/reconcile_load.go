package tui

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/tui/common"
)

// reconcileMsg carries where the seats go, computed from one users load.
type reconcileMsg struct {
	id int
	r  *seats.Reconcile
}

// reconcilePart is where the seats of the last complete users load go, with the
// people counted twice: computed off the loop after each load, with what the server
// adds (its accounts, suspended and dormant users) where it can be read. The
// counted-twice and breakdown panes draw it.
type reconcilePart struct {
	sh      *common.Shared
	users   *usersPane
	r       *seats.Reconcile // nil until the first computation ends
	id      int              // the latest computation: any other answer is dropped
	loading bool
}

// update starts a computation when a users load ends well, and takes its answer; it
// reports whether msg was that answer.
func (p *reconcilePart) update(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case usersDoneMsg:
		if msg.id != p.users.id || msg.err != nil || msg.users == nil {
			return nil, false
		}
		p.loading = true
		p.id = p.sh.NewID()
		id, cl := p.id, msg.users
		return common.Call(p.sh, func(ctx context.Context, b common.Backend) (*seats.Reconcile, error) {
			return b.ReconcileFrom(ctx, cl), nil
		}, func(r *seats.Reconcile, _ error) tea.Msg { return reconcileMsg{id: id, r: r} }), false
	case reconcileMsg:
		if msg.id != p.id {
			return nil, false
		}
		p.loading, p.r = false, msg.r
		if h := p.sh.Session.Hostname; h != "" && p.r != nil { // the server's name as the dashboard says it
			p.r.LeversServer = h
		}
		return nil, true
	}
	return nil, false
}

// noServerYet: no server user has reached the cloud, so nothing could be compared
// (a subscription alone can still be found).
func (p *reconcilePart) noServerYet() bool {
	return p.r != nil && p.r.Both+p.r.ServerOnly == 0
}
