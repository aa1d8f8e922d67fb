package tui

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/tui/common"
)

// reconcileMsg carries where the seats go, computed from one users load.
type reconcileMsg struct {
	id int
	r  *seats.Reconcile
}

// reconcilePart is where the seats of the last users load go, with the people counted
// twice: computed off the loop, with what the server adds (its accounts, suspended and
// dormant users) where it can be read. The snapshot's users are counted as soon as they
// are shown, so the breakdown does not wait for the check of every page (minutes at
// GitHub's pace for a large enterprise); a load that ends with other users counts
// again. The counted-twice and breakdown panes draw it.
type reconcilePart struct {
	sh      *common.Shared
	users   *usersPane
	r       *seats.Reconcile // nil until the first computation ends
	id      int              // the latest computation: any other answer is dropped
	loading bool
	counted string // the snapshot (client.FetchStats.Snapshot) of the users counted last, if any
}

// update starts a computation when the snapshot is shown or a users load ends well,
// and takes its answer; it reports whether msg was that answer.
func (p *reconcilePart) update(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case snapshotMsg:
		if !msg.ok || msg.firstScreen || msg.users == nil || msg.id != p.users.snapID || p.r != nil || p.loading {
			return nil, false
		}
		return p.count(msg.users), false
	case usersDoneMsg:
		if msg.id != p.users.id || msg.err != nil || msg.users == nil {
			return nil, false
		}
		if fp := msg.users.Fetch.Snapshot; fp != "" && fp == p.counted {
			return nil, false // the same snapshot's users, counted or being counted
		}
		return p.count(msg.users), false
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

// count starts counting cl's users once the table's sort orders are made (counting
// beside them held both at once: at 300,000 users, 330 MB live).
func (p *reconcilePart) count(cl *client.ConsumedLicenses) tea.Cmd {
	p.loading, p.counted = true, cl.Fetch.Snapshot
	p.id = p.sh.NewID()
	id, index := p.id, p.users.table.index
	return common.Call(p.sh, func(ctx context.Context, b common.Backend) (*seats.Reconcile, error) {
		index.waitPrepared(ctx)
		return b.ReconcileFrom(ctx, cl), nil
	}, func(r *seats.Reconcile, _ error) tea.Msg { return reconcileMsg{id: id, r: r} })
}

// noServerYet: no server user has reached the cloud, so nothing could be compared
// (a subscription alone can still be found).
func (p *reconcilePart) noServerYet() bool {
	return p.r != nil && p.r.Both+p.r.ServerOnly == 0
}
