package setup

// The Connect step's cloud check: the cloud token and the cloud enterprise are checked
// here, before any other step (✓ owner of ENT, or the precise failure), so that a
// refused token is not first discovered on the dashboard.

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/tui/common"
)

type cloudCheckMsg struct {
	id         int
	enterprise string
	err        error
}

// checkCloud runs the cloud check, or notes that there is no cloud token (the dashboard
// then shows the server side only, which is a choice, not a failure).
func (p *connectPage) checkCloud() tea.Cmd {
	if !p.sh.Backend.HasCloud() {
		p.set(checkCloud, checkSkipped, "no cloud token: set GH_TOKEN (read:enterprise) to see the cloud side")
		return p.lookAhead()
	}
	p.checks[checkCloud].state = checkRunning
	id := p.id
	return common.Call(p.sh, func(ctx context.Context, b common.Backend) (string, error) { return b.CheckCloud(ctx) },
		func(ent string, err error) tea.Msg { return cloudCheckMsg{id: id, enterprise: ent, err: err} })
}

// cloudChecked shows the cloud check's answer and, when it passed, looks ahead.
func (p *connectPage) cloudChecked(msg cloudCheckMsg) tea.Cmd {
	if msg.id != p.id {
		return nil
	}
	if msg.err != nil {
		p.set(checkCloud, checkFailed, common.Reason(msg.err))
		return nil
	}
	p.set(checkCloud, checkPassed, "owner of "+common.Clean(msg.enterprise))
	return p.lookAhead()
}
