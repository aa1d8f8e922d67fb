package tui

// The dashboard's keys: what each does on the pane shown, and the help that lists
// only the keys that work there.

import (
	"slices"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/licensesync/licensesync/tui/common"
)

func (p *dashboardPage) HandleKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	pane := p.panes[p.active]
	if pane.capturing() {
		return pane.handleKey(msg)
	}
	k := p.sh.Keys
	if !key.Matches(msg, k.Notes) {
		// The notes key opens a cut toast or arrival note to be read whole: it must
		// not take them down.
		p.toast.clear()
		p.sh.Session.Arrival = ""
	}
	if p.detail != nil {
		return p.detailKey(msg)
	}
	switch {
	case key.Matches(msg, k.Details) && p.showing(p.users):
		return p.openDetail(), true
	case key.Matches(msg, k.Copy):
		return p.toast.copy(pane.copyParts()), true
	case key.Matches(msg, k.Refresh) && p.reclaim != nil && p.showing(p.breakdown):
		return p.show(slices.Index(p.panes, dashPane(p.reclaim))), true
	case key.Matches(msg, k.Refresh) && p.reclaim != nil && p.showing(p.reclaim):
		return p.reclaim.Replan(), true
	case key.Matches(msg, k.Refresh):
		return p.refresh(), true
	case key.Matches(msg, k.Sync) && p.sh.MayNotAct() != "":
		return p.toast.showInfo(p.sh.MayNotAct()), true
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
	case key.Matches(msg, k.Fleet) && p.sh.CanSwitch():
		return p.sh.SwitchServer(), true
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
	cmd := p.trend.Toggle()
	if !p.trend.IsOpen() {
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
	k := p.sh.Keys
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
	k := p.sh.Keys
	var keys []key.Binding
	if p.canSync() {
		keys = append(keys, k.Sync)
	}
	switch {
	case p.notesOpen:
		keys = append(keys, common.Relabel(k.Notes, "fold notes"))
	case p.notesCut > 0:
		keys = append(keys, k.Notes)
	}
	if p.trend != nil && !p.showing(p.trend) {
		keys = append(keys, k.Trend)
	}
	if p.sh.CanSwitch() {
		keys = append(keys, k.Fleet)
	}
	return keys
}

// syncInBrowserText says where Sync now is on an appliance without the console API.
func (p *dashboardPage) syncInBrowserText() string {
	return "Sync now is in a browser on this appliance: " + p.sh.EnterpriseURL("settings", "license") + " → Sync now."
}

// canSync reports that "Sync now" can be started from here (the console API is
// there to start it).
func (p *dashboardPage) canSync() bool { return !p.sh.Session.ConsoleUnavailable }

func (p *dashboardPage) HelpKeys() []key.Binding {
	k := p.sh.Keys
	pane := p.panes[p.active]
	switch {
	case p.detail != nil:
		return p.detail.helpKeys()
	case pane.capturing():
		return pane.helpKeys()
	case !p.sh.Backend.HasCloud(): // no users table: its keys do nothing
		return append(p.pageKeys(), k.Refresh)
	}
	// The bar keeps its first keys on a narrow screen (Model.helpMap), so they come in
	// the order of what matters here: the way back from a pane, sync, the notes key when
	// notes are cut, why the cloud is over (the headline's "b: why" gives way first on
	// a narrow screen), the pane's main key, the filter, then the rest. ? lists them all.
	bar := pane.barKeys()
	var keys []key.Binding
	if i := slices.IndexFunc(bar, func(b key.Binding) bool { return sameKeys(b, k.Back) }); i >= 0 && pane != dashPane(p.users) {
		keys, bar = append(keys, bar[i]), slices.Delete(slices.Clone(bar), i, i+1)
	}
	page := p.pageKeys()
	for len(page) > 0 && (sameKeys(page[0], k.Sync) || sameKeys(page[0], k.Notes)) {
		keys, page = append(keys, page[0]), page[1:]
	}
	if p.cloudOver() && !p.showing(p.breakdown) {
		keys = append(keys, common.Relabel(k.Breakdown, "why over"))
	}
	if len(bar) > 0 { // the pane's main key, then the filter, then the pane's others
		keys, bar = append(keys, bar[0]), bar[1:]
	}
	keys = append(append(append(keys, k.Filter), bar...), page...)
	if !p.showing(p.twice) {
		keys = append(keys, k.Duplicates)
	}
	keys = append(keys, k.Refresh)
	// A key the pane names too (d on the breakdown) is shown once, where it came first.
	var once []key.Binding
	for _, b := range keys {
		if !slices.ContainsFunc(once, func(o key.Binding) bool { return sameKeys(o, b) }) {
			once = append(once, b)
		}
	}
	return once
}

// cloudOver reports the cloud consuming more seats than purchased: the breakdown says why.
func (p *dashboardPage) cloudOver() bool {
	if p.status.current == nil {
		return false
	}
	c := p.status.current.Cloud
	return c.SeatsConsumed != nil && c.SeatsPurchased != nil && *c.SeatsConsumed > *c.SeatsPurchased
}

// FullHelp is every key that works now, in columns: the dashboard's, the shown
// pane's (or the open detail's).
func (p *dashboardPage) FullHelp() [][]key.Binding {
	k := p.sh.Keys
	pane := p.panes[p.active]
	switch {
	case p.detail != nil:
		return [][]key.Binding{p.detail.helpKeys()}
	case pane.capturing():
		return [][]key.Binding{pane.helpKeys()}
	case !p.sh.Backend.HasCloud():
		return [][]key.Binding{append(p.pageKeys(), k.Refresh)}
	}
	// A key the pane gives its own meaning (r on the breakdown and the reclaim pane) is
	// listed there only.
	paneKeys := pane.helpKeys()
	var page []key.Binding
	for _, b := range append(p.pageKeys(), k.Refresh, k.Filter, k.Duplicates, k.Breakdown, k.Export, k.Tab) {
		if !slices.ContainsFunc(paneKeys, func(o key.Binding) bool { return sameKeys(o, b) }) {
			page = append(page, b)
		}
	}
	return [][]key.Binding{page, paneKeys}
}

// SetSize draws the summary once and gives the panes every line it leaves: a blank
// line, the pane's title and its column header go first.
func (p *dashboardPage) SetSize(w, h int) {
	p.compact, p.tight = false, false
	p.summaryView = p.summary(w)
	rows := h - lipgloss.Height(p.summaryView) - 3
	if rows < minTableRows && p.sh.Backend.HasCloud() {
		p.compact = true
		p.summaryView = p.summary(w)
		rows = h - lipgloss.Height(p.summaryView) - 3
	}
	if rows < minTableRows && p.compact {
		p.tight = true
		p.summaryView = p.summary(w)
		rows = h - lipgloss.Height(p.summaryView) - 2 // no blank line under it
	}
	rows = max(rows, 0) // the full help can take more than the summary leaves
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

// View joins the summary and the shown pane.
func (p *dashboardPage) View() string {
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
