package tui

import (
	"slices"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/licensesync/licensesync/client"
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
	sh     *shared
	status *statusPart
	sync   *syncPart
	toast  *toastPart
	users  *usersPane
	twice  *countedTwicePane
	// breakdown is where the seats go (tui/breakdown.go), from the twice pane's reconcile.
	breakdown *breakdownPane
	trend     *trendView // nil without a history to show
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

func newDashboardPage(sh *shared) *dashboardPage {
	p := &dashboardPage{sh: sh, status: newStatusPart(sh), sync: &syncPart{sh: sh}, toast: &toastPart{sh: sh}}
	p.users = newUsersPane(sh)
	rec := &reconcilePart{sh: sh, users: p.users}
	p.twice = &countedTwicePane{sh: sh, users: p.users, rec: rec, syncDisabled: p.syncDisabled, list: countedTwiceView{sh: sh}}
	p.breakdown = &breakdownPane{sh: sh, users: p.users, rec: rec}
	p.panes = []dashPane{p.users, p.twice, p.breakdown}
	if sh.opts.History != nil {
		p.trend = newTrendView(sh, p.status)
		p.panes = append(p.panes, p.trend)
	}
	return p
}

func (p *dashboardPage) crumb() string {
	if p.detail != nil {
		return "Dashboard › " + p.detail.name()
	}
	return "Dashboard"
}

func (p *dashboardPage) capturing() bool { return p.panes[p.active].capturing() }

func (p *dashboardPage) enter() tea.Cmd {
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

// update gives the message to every part; the page itself only ties their outcomes
// together.
func (p *dashboardPage) update(msg tea.Msg) tea.Cmd {
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
	return p.sh.session.settings != nil && p.sh.session.settings.LicenseSync() == client.FeatureDisabled
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

func (p *dashboardPage) handleKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	pane := p.panes[p.active]
	if pane.capturing() {
		return pane.handleKey(msg)
	}
	k := p.sh.keys
	if !key.Matches(msg, k.Notes) {
		// The notes key opens a cut toast or arrival note to be read whole: it must
		// not take them down.
		p.toast.clear()
		p.sh.session.arrival = ""
	}
	if p.detail != nil {
		return p.detailKey(msg)
	}
	switch {
	case key.Matches(msg, k.Details) && p.showing(p.users):
		return p.openDetail(), true
	case key.Matches(msg, k.Copy):
		return p.toast.copy(pane.copyParts()), true
	case key.Matches(msg, k.Refresh):
		return p.refresh(), true
	case key.Matches(msg, k.Sync) && !p.canSync():
		return p.toast.showInfo(p.syncInBrowserText()), true
	case key.Matches(msg, k.Sync):
		return p.sync.start(p.syncDisabled()), true
	case key.Matches(msg, k.Filter):
		p.active = 0
		return p.users.focusFilter(), true
	case key.Matches(msg, k.Duplicates):
		if p.showing(p.twice) {
			return p.show(0), true
		}
		return p.show(slices.Index(p.panes, dashPane(p.twice))), true
	case key.Matches(msg, k.Breakdown):
		if p.showing(p.breakdown) {
			return p.show(0), true
		}
		return p.show(slices.Index(p.panes, dashPane(p.breakdown))), true
	case key.Matches(msg, k.Export):
		return p.export(), true
	case key.Matches(msg, k.Profiles) && p.showing(p.twice):
		return p.toast.copy(p.twice.profileURLs()), true
	case key.Matches(msg, k.Open) && p.showing(p.twice) && len(p.twice.profileURLs()) > 0:
		return p.toast.open(p.twice.profileURLs()[0]), true
	case key.Matches(msg, k.Notes) && (p.notesCut > 0 || p.notesOpen):
		p.notesOpen = !p.notesOpen
		return nil, true
	case key.Matches(msg, k.Trend) && p.trend != nil:
		return p.trendKey(), true
	case key.Matches(msg, k.Fleet) && p.sh.canSwitch():
		return p.sh.switchServer(), true
	case key.Matches(msg, k.Tab):
		return p.show((p.active + 1) % len(p.panes)), true
	case key.Matches(msg, k.Back) && p.active != 0:
		return p.show(0), true
	}
	return pane.handleKey(msg)
}

// trendKey shows the trend, then its longer span, then the users again.
func (p *dashboardPage) trendKey() tea.Cmd {
	if !p.showing(p.trend) {
		return p.show(slices.Index(p.panes, dashPane(p.trend)))
	}
	cmd := p.trend.toggle()
	if !p.trend.open {
		p.active = 0
	}
	return cmd
}

// openDetail opens the selected user's detail.
func (p *dashboardPage) openDetail() tea.Cmd {
	r := p.users.table.selected()
	if r == nil {
		return p.toast.show("No user is selected.", false)
	}
	u, ok := p.users.userFor(r)
	if !ok {
		return p.toast.show("The details come with the users: wait for them to load.", false)
	}
	p.detail = newUserDetail(p.sh, u)
	return nil
}

// detailKey is a key while a user's detail is open.
func (p *dashboardPage) detailKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := p.sh.keys
	switch {
	case key.Matches(msg, k.Back):
		p.detail = nil
		return nil, true
	case key.Matches(msg, k.Copy):
		return p.toast.copy(p.detail.copyParts()), true
	case key.Matches(msg, k.Open) && p.detail.profile() != "":
		return p.toast.open(p.detail.profile()), true
	}
	return p.detail.handleKey(msg)
}

// pageKeys are the dashboard's own keys that work now: sync only where the console
// can start one, the notes key only when notes are folded or open.
func (p *dashboardPage) pageKeys() []key.Binding {
	k := p.sh.keys
	var keys []key.Binding
	if p.canSync() {
		keys = append(keys, k.Sync)
	}
	switch {
	case p.notesOpen:
		keys = append(keys, key.NewBinding(key.WithKeys(k.Notes.Keys()...), key.WithHelp(k.Notes.Help().Key, "fold notes")))
	case p.notesCut > 0:
		keys = append(keys, k.Notes)
	}
	if p.trend != nil && !p.showing(p.trend) {
		keys = append(keys, k.Trend)
	}
	if p.sh.canSwitch() {
		keys = append(keys, k.Fleet)
	}
	return keys
}

// syncInBrowserText says where Sync now is on an appliance without the console API.
func (p *dashboardPage) syncInBrowserText() string {
	return "Sync now is in a browser on this appliance: " + p.sh.enterpriseURL("settings", "license") + " → Sync now."
}

// canSync reports that "Sync now" can be started from here (the console API is
// there to start it).
func (p *dashboardPage) canSync() bool { return !p.sh.session.consoleUnavailable }

func (p *dashboardPage) helpKeys() []key.Binding {
	k := p.sh.keys
	pane := p.panes[p.active]
	switch {
	case p.detail != nil:
		return p.detail.helpKeys()
	case pane.capturing():
		return pane.helpKeys()
	case !p.sh.backend.HasCloud(): // no users table: its keys do nothing
		return append(p.pageKeys(), k.Refresh)
	}
	keys := append(p.pageKeys(), k.Filter)
	if !p.showing(p.twice) {
		keys = append(keys, k.Duplicates)
	}
	return append(append(keys, pane.barKeys()...), k.Refresh)
}

// fullHelp is every key that works now, in columns: the dashboard's, the shown
// pane's (or the open detail's).
func (p *dashboardPage) fullHelp() [][]key.Binding {
	k := p.sh.keys
	pane := p.panes[p.active]
	switch {
	case p.detail != nil:
		return [][]key.Binding{p.detail.helpKeys()}
	case pane.capturing():
		return [][]key.Binding{pane.helpKeys()}
	case !p.sh.backend.HasCloud():
		return [][]key.Binding{append(p.pageKeys(), k.Refresh)}
	}
	return [][]key.Binding{append(p.pageKeys(), k.Refresh, k.Filter, k.Duplicates, k.Breakdown, k.Export, k.Tab), pane.helpKeys()}
}

// setSize draws the summary once and gives the panes every line it leaves: a blank
// line, the pane's title and its column header go first.
func (p *dashboardPage) setSize(w, h int) {
	p.compact, p.tight = false, false
	p.summaryView = p.summary(w)
	rows := h - lipgloss.Height(p.summaryView) - 3
	if rows < minTableRows && p.sh.backend.HasCloud() {
		p.compact = true
		p.summaryView = p.summary(w)
		rows = h - lipgloss.Height(p.summaryView) - 3
	}
	if rows < minTableRows && p.compact {
		p.tight = true
		p.summaryView = p.summary(w)
		rows = h - lipgloss.Height(p.summaryView) - 2 // no blank line under it
	}
	for _, pane := range p.panes {
		pane.setSize(w, rows)
	}
	if p.detail != nil {
		p.detailToast = p.toast.view(w)
		toast := 0
		if p.detailToast != "" {
			toast = lipgloss.Height(p.detailToast)
		}
		p.detail.setSize(w, h-toast)
	}
}

// view joins the summary and the shown pane.
func (p *dashboardPage) view() string {
	if p.detail != nil && p.detailToast != "" {
		return p.detail.view() + "\n" + p.detailToast
	}
	if p.detail != nil {
		return p.detail.view()
	}
	if p.tight {
		return p.summaryView + "\n" + p.panes[p.active].view()
	}
	return p.summaryView + "\n\n" + p.panes[p.active].view()
}
