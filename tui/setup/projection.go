package setup

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/tui/common"
)

// projectionMsg carries what the cloud will count after the first sync.
type projectionMsg struct {
	id   int
	text string
}

// projectionLine is the line next to the license sync dropdown that says, before the
// first sync, what the cloud will count after it ("about 3,340 consumed of 3,300
// purchased: 40 over"). It needs the server's own accounts (the demo's usage file);
// without them, or once a sync has counted the server, it stays empty.
type projectionLine struct {
	sh   *common.Shared
	id   int
	text string
}

// load reads the cloud's users (the snapshot when there is one: the dashboard
// revalidates it next) and the server's accounts, and projects, off the loop. Only
// while license sync is off: that is when the admin decides.
func (p *projectionLine) load() tea.Cmd {
	p.text = ""
	if !p.sh.Backend.HasCloud() || p.sh.Session.Settings.LicenseSync() != client.FeatureDisabled {
		return nil
	}
	p.id = p.sh.NewID()
	id := p.id
	return common.Call(p.sh, func(ctx context.Context, b common.Backend) (string, error) {
		cl, _, ok := b.CachedConsumedLicenses(ctx)
		if !ok {
			var err error
			if cl, err = b.ConsumedLicenses(ctx, func(client.PageProgress) {}); err != nil {
				return "", err
			}
		}
		return b.ReconcileFrom(ctx, cl).ProjectionText(), nil // counts carry separators (status.Thousands)
	}, func(text string, _ error) tea.Msg { return projectionMsg{id: id, text: text} })
}

// update takes the projection; it reports whether msg was one.
func (p *projectionLine) update(msg tea.Msg) bool {
	m, ok := msg.(projectionMsg)
	if ok && m.id == p.id {
		p.text = m.text
	}
	return ok
}

// view is the projection wrapped in w cells, "" without one.
func (p *projectionLine) view(w int) string {
	if p.text == "" {
		return ""
	}
	return p.sh.Styles.Accent.Render("→ ") + p.sh.Hang(p.text, 2, w, p.sh.Styles.Accent) + "\n"
}
