package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/tui/common"
	"github.com/licensesync/licensesync/tui/reclaim"
)

// wideLayout is the width from which the server and cloud summaries sit side by side.
const wideLayout = 110

// refreshNowMsg asks the dashboard to read the status and the users again (a part
// that changed what they say, such as a finished sync, sends it).
type refreshNowMsg struct{}

func refreshNow() tea.Msg { return refreshNowMsg{} }

// dashPane is one view below the dashboard's summary: the users table, the "maybe
// counted twice" view, and any pane added later. Tab moves from one to the next.
//
// A pane owns its state and its request ids. It gets every message that is not a key
// (dropping answers that are not its own, as every part does) but keys only while it
// is shown.
type dashPane interface {
	// update takes any message, shown or not.
	update(msg tea.Msg) tea.Cmd
	// handleKey gets the keys the page does not take; handled false passes them on.
	handleKey(msg tea.KeyMsg) (cmd tea.Cmd, handled bool)
	// activate is called when the pane is shown, and again when the users it draws
	// from were reloaded while it was shown.
	activate() tea.Cmd
	// setSize gives the pane its width and the lines under its title and header.
	setSize(w, h int)
	// view draws the title line and the rows, in the size given.
	view() string
	// helpKeys are every key the pane answers to, most useful first: the full help
	// lists them all, the help bar the first few.
	helpKeys() []key.Binding
	// barKeys are the few of them the help bar offers.
	barKeys() []key.Binding
	// capturing reports a text field that takes every key.
	capturing() bool
	// copyParts is what the copy key copies from the selected row (none: nothing).
	copyParts() []string
}

// dashboardPage is the live view: the summary (seats on both sides, sync health,
// notes) over one pane. It keeps no data of its own: each part owns its state, its
// request ids and its messages, and the page routes keys to the part they belong to
// and every other message to every part.
type dashboardPage struct {
	sh     *common.Shared
	status *statusPart
	sync   *syncPart
	toast  *toastPart
	users  *usersPane
	twice  *countedTwicePane
	// breakdown is where the seats go (tui/breakdown.go), from the twice pane's reconcile.
	breakdown *breakdownPane
	trend     *trendView   // nil without a history to show
	reclaim   *reclaimView // nil without Options.Reclaim
	// detail is the user opened with enter, drawn in place of the summary and panes
	// until closed; nil when none is.
	detail *userDetail
	// panes are the views below the summary, in tab order; active is the one shown.
	panes  []dashPane
	active int
	// summaryView is drawn once per layout (setSize): measuring it for the panes'
	// height and drawing it are one rendering.
	summaryView string
	// detailToast is the toast drawn under an open detail, "" when none shows.
	detailToast string
	// compact: the screen is too small for the whole summary with a useful table, so
	// it leaves out what is fine (the license far from expiry, servers that synced
	// well) and takes each note on one line.
	compact bool
	// tight: compact is not enough either; the "updated" line and the blank line under
	// the summary go too.
	tight bool
	// notesOpen shows every note whole (the notes key), whatever the size.
	notesOpen bool
	// notesCut counts the notes the last summary cut short or left out.
	notesCut int
}

// minTableRows is the users table's rows below which the summary compacts.
const minTableRows = 8

func newDashboardPage(sh *common.Shared) *dashboardPage {
	p := &dashboardPage{sh: sh, status: newStatusPart(sh), sync: &syncPart{sh: sh}, toast: &toastPart{sh: sh}}
	p.users = newUsersPane(sh)
	rec := &reconcilePart{sh: sh, users: p.users}
	p.twice = &countedTwicePane{sh: sh, users: p.users, rec: rec, syncDisabled: p.syncDisabled, list: countedTwiceView{sh: sh}}
	p.breakdown = &breakdownPane{sh: sh, users: p.users, rec: rec}
	p.panes = []dashPane{p.users, p.twice, p.breakdown}
	if sh.Opts.History != nil {
		p.trend = newTrendView(sh, p.status)
		p.panes = append(p.panes, p.trend)
	}
	if reclaim.Available(sh) {
		p.reclaim = newReclaimView(sh)
		p.panes = append(p.panes, p.reclaim)
	}
	return p
}

func (p *dashboardPage) Crumb() string {
	if p.detail != nil {
		return "Dashboard › " + p.detail.name()
	}
	return "Dashboard"
}

func (p *dashboardPage) Capturing() bool { return p.panes[p.active].capturing() }

func (p *dashboardPage) Enter() tea.Cmd {
	// A result belongs to the visit it was asked on: coming back (after changing the
	// setting, say) starts clean. A sync still running keeps reporting.
	p.sync.forgetResult()
	var cmds []tea.Cmd
	if snap := p.users.openSnapshot(); snap != nil {
		// First opening: the snapshot at once, then its revalidation.
		cmds = append(cmds, p.status.refresh(), snap)
	} else {
		cmds = append(cmds, p.refresh())
	}
	return tea.Batch(append(cmds, p.status.startTicking())...)
}

// refresh reloads the status and the users.
func (p *dashboardPage) refresh() tea.Cmd {
	return tea.Batch(p.status.refresh(), p.users.reload())
}

// Update gives the message to every part; the page itself only ties their outcomes
// together.
func (p *dashboardPage) Update(msg tea.Msg) tea.Cmd {
	if _, ok := msg.(refreshNowMsg); ok {
		return p.refresh()
	}
	cmds := []tea.Cmd{p.status.update(msg), p.sync.update(msg), p.toast.update(msg)}
	for _, pane := range p.panes {
		cmds = append(cmds, pane.update(msg))
	}
	switch msg := msg.(type) {
	case exportedMsg:
		cmds = append(cmds, p.toast.show(exportedText(msg)))
	case statusMsg:
		if msg.id == p.status.id && msg.err == nil && !p.syncDisabled() {
			p.sync.settingEnabled() // the advice to enable it no longer holds
		}
	case usersDoneMsg:
		if msg.id == p.users.id && msg.err == nil && p.active != 0 {
			cmds = append(cmds, p.panes[p.active].activate())
		}
	}
	return tea.Batch(cmds...)
}

// syncDisabled reports that the last read said license sync is off.
func (p *dashboardPage) syncDisabled() bool {
	if s := p.status.current; s != nil && s.Connect.LicenseSync != "" && s.Connect.LicenseSync != client.FeatureUnknown {
		return s.Connect.LicenseSync == client.FeatureDisabled
	}
	return p.sh.Session.Settings != nil && p.sh.Session.Settings.LicenseSync() == client.FeatureDisabled
}

// show makes pane i the one drawn and given keys; the one it replaces is told, if it
// wants to know (the trend stops reading the history).
func (p *dashboardPage) show(i int) tea.Cmd {
	if d, ok := p.panes[p.active].(interface{ deactivate() }); ok && i != p.active {
		d.deactivate()
	}
	p.active = i
	return p.panes[i].activate()
}

// showing reports that pane is the one drawn.
func (p *dashboardPage) showing(pane dashPane) bool { return p.panes[p.active] == pane }
