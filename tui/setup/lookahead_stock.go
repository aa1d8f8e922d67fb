package setup

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/tui/common"
)

// lookAheadCloudMsg is the cloud's license-sync-status, asked when the appliance
// cannot say whether license sync is on (a stock appliance: no console API).
type lookAheadCloudMsg struct {
	id     int
	status *client.LicenseSyncStatus
	err    error
}

// lookAheadCloud asks the cloud instead of the appliance whether the setup is done.
func (p *connectPage) lookAheadCloud() tea.Cmd {
	id := p.id
	return common.Call(p.sh, func(ctx context.Context, b common.Backend) (*client.LicenseSyncStatus, error) {
		return b.LicenseSyncStatus(ctx)
	},
		func(s *client.LicenseSyncStatus, err error) tea.Msg {
			return lookAheadCloudMsg{id: id, status: s, err: err}
		})
}

// cloudLookedAhead opens the dashboard when the cloud confirms a recent sync of this
// server: on a stock appliance that is the proof license sync is on, and a returning
// admin wants the dashboard, as with the console API.
func (p *connectPage) cloudLookedAhead(msg lookAheadCloudMsg) tea.Cmd {
	if msg.id != p.id {
		return nil
	}
	verdict, ok := cloudVerdict(p.sh, msg.status, msg.err)
	if !ok {
		return nil // not confirmed: the steps go on as usual
	}
	p.sh.Session.ConsoleUnavailable = true
	p.sh.Session.Settings = nil
	p.sh.Session.Arrival = verdict + " License sync is on, so the console opened on the dashboard; esc goes back to the setting."
	return p.sh.GoTo(common.StepDashboard)
}
