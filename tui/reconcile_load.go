package tui

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/client"
)

// reconcileMsg carries where the seats go, computed from one users load.
type reconcileMsg struct {
	id int
	r  *client.Reconcile
}

// loadReconcile computes the breakdown and the people counted twice from cl, with
// what the server adds (its accounts, suspended and dormant users) where it can be
// read, off the update loop.
func loadReconcile(sh *shared, id int, cl *client.ConsumedLicenses) tea.Cmd {
	return call(sh, func(ctx context.Context, b Backend) (*client.Reconcile, error) {
		return b.ReconcileFrom(ctx, cl), nil
	}, func(r *client.Reconcile, _ error) tea.Msg { return reconcileMsg{id: id, r: r} })
}

// reconcileUsers computes where the seats of a users load go (tui/reconcile_load.go).
func (p *dashboardPage) reconcileUsers(cl *client.ConsumedLicenses) tea.Cmd {
	p.reconciling = true
	p.reconcileID = p.sh.newID()
	return loadReconcile(p.sh, p.reconcileID, cl)
}
