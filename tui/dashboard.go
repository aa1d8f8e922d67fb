package tui

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/frontend"
)

// syncPoll is how often a running "Sync now" job is asked about.
const syncPoll = time.Second

// wideLayout is the width from which the server and cloud summaries sit side by side.
const wideLayout = 110

type statusMsg struct {
	id     int
	status *client.Status
	err    error
}

// refreshTickMsg is the auto-refresh timer.
type refreshTickMsg struct{}

type syncJobMsg struct {
	id  int
	job *client.SyncJob
	err error
}

type syncPollMsg struct{ id int }

// copiedMsg says where the copied text went (clipboard.copy), or why it did not.
type copiedMsg struct {
	id   int
	text string
	said string
	err  error
}

type duplicatesMsg struct {
	id   int
	rows []duplicateRow
	// noServer: no user is on the server side yet, so nothing could be compared.
	noServer bool
}

// dashboardPage is the live view: seats on both sides, sync health, "Sync now" and
// the users table.
type dashboardPage struct {
	sh *shared

	status     *client.Status
	statusErr  error
	updated    time.Time
	statusID   int
	refreshing bool
	ticking    bool

	usersID      int
	cancelUsers  context.CancelFunc
	loadingUsers bool
	loadStarted  time.Time // when the current load began: its age shows it is alive
	progress     client.PageProgress
	pending      []userRow
	usersLoaded  bool
	usersErr     error
	// noCloudEnt: the last load failed because no cloud enterprise is known; the Cloud
	// line says so, once, in place of the same error repeated below it.
	noCloudEnt bool
	raw        []client.ConsumedUser
	table      userTable
	// The snapshot: read once, when the dashboard first opens, shown until the
	// revalidation that follows replaces it.
	snapID       int
	snapReading  bool
	fromSnapshot bool      // the table shows the snapshot, not yet revalidated
	snapAt       time.Time // when the snapshot was last confirmed current
	fetch        client.FetchStats
	notes        []string
	filter       textinput.Model

	duplicates     bool
	dups           []duplicateRow
	dupsID         int
	dupsLoading    bool
	dupCursor      int
	dupOffset      int
	dupsComputedAt int  // usersID the candidates were computed from
	dupsNoServer   bool // no server user has reached the cloud: nothing to compare
	whyCache       struct{ id, width, lines int }

	syncID      int
	syncing     bool
	job         *client.SyncJob
	syncStarted time.Time
	syncResult  string
	syncGood    bool

	copyID int
	copied string // the copy's outcome, until the next key
	copyOK bool

	trend trendPane // the trend view (tui/trend.go), in place of the users table
}

func newDashboardPage(sh *shared) *dashboardPage {
	return &dashboardPage{sh: sh, filter: newInput(sh, false, filterWidth), trend: trendPane{sh: sh}}
}

// filterWidth is the cells the filter's text gets in the users table's title.
const filterWidth = 20

func (p *dashboardPage) crumb() string { return "Dashboard" }

func (p *dashboardPage) capturing() bool { return p.filter.Focused() }

func (p *dashboardPage) enter() tea.Cmd {
	var cmds []tea.Cmd
	// A result belongs to the visit it was asked on: coming back (after changing the
	// setting, say) starts clean. A sync still running keeps reporting.
	if !p.syncing {
		p.syncResult = ""
	}
	if p.snapID == 0 && p.sh.backend.HasCloud() {
		// First opening: the snapshot at once, then its revalidation.
		p.snapID = p.sh.newID()
		p.snapReading = true
		cmds = append(cmds, p.refreshStatus(), readSnapshot(p.sh, p.snapID, &p.table))
	} else {
		cmds = append(cmds, p.refresh())
	}
	if !p.ticking {
		p.ticking = true
		cmds = append(cmds, p.tick())
	}
	return tea.Batch(cmds...)
}

func (p *dashboardPage) tick() tea.Cmd {
	return tea.Tick(p.sh.opts.Refresh, func(time.Time) tea.Msg { return refreshTickMsg{} })
}

// refresh reloads the status and the users.
func (p *dashboardPage) refresh() tea.Cmd {
	return tea.Batch(p.refreshStatus(), p.reloadUsers())
}

func (p *dashboardPage) refreshStatus() tea.Cmd {
	p.refreshing = true
	p.statusID = p.sh.newID()
	id := p.statusID
	return call(p.sh, func(ctx context.Context, b Backend) (*client.Status, error) { return b.Status(ctx) },
		func(v *client.Status, err error) tea.Msg { return statusMsg{id: id, status: v, err: err} })
}

func (p *dashboardPage) reloadUsers() tea.Cmd {
	if !p.sh.backend.HasCloud() {
		return nil
	}
	if p.cancelUsers != nil {
		p.cancelUsers()
	}
	p.usersID = p.sh.newID()
	p.loadingUsers = true
	p.loadStarted = p.sh.now()
	p.usersErr = nil
	p.progress = client.PageProgress{}
	p.pending = nil
	var cmd tea.Cmd
	cmd, p.cancelUsers = loadUsers(p.sh.ctx, p.sh.backend, p.usersID)
	return cmd
}

func (p *dashboardPage) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case refreshTickMsg:
		return tea.Batch(p.refreshStatus(), p.tick())
	case statusMsg:
		if msg.id != p.statusID {
			return nil
		}
		p.refreshing = false
		if msg.err != nil {
			p.statusErr = msg.err
			return nil
		}
		p.status, p.statusErr, p.updated = msg.status, nil, p.sh.now()
		p.sh.learnHostname(msg.status.Server.Hostname)
		if p.syncResult == syncDisabledText && !p.syncDisabled() {
			p.syncResult = "" // the setting changed since: the advice no longer holds
		}
		return p.trend.load()
	case trendMsg:
		p.trend.update(msg)
	case snapshotMsg:
		if msg.id != p.snapID || !p.snapReading {
			return nil
		}
		p.snapReading = false
		if msg.ok && !p.usersLoaded && msg.table.filter == p.table.filter && msg.table.sort == p.table.sort {
			msg.table.height, msg.table.cursor, msg.table.offset = p.table.height, 0, 0
			p.table = msg.table
			p.raw = msg.users.Users
			p.notes = msg.users.Notes
			p.usersLoaded, p.fromSnapshot, p.snapAt = true, true, msg.at
		} else if msg.ok && !p.usersLoaded {
			// The filter or sort changed while it was read: apply them here.
			p.table.setRows(msg.table.rows)
			p.raw = msg.users.Users
			p.usersLoaded, p.fromSnapshot, p.snapAt = true, true, msg.at
		}
		if p.loadingUsers { // a refresh already started it
			return nil
		}
		return p.reloadUsers()
	case usersPageMsg:
		if msg.id != p.usersID {
			return nil
		}
		p.progress = msg.progress
		p.pending = append(p.pending, msg.rows...)
		if !p.usersLoaded {
			p.table.appendRows(msg.rows)
		}
		return msg.next
	case usersDoneMsg:
		if msg.id != p.usersID {
			return nil
		}
		p.loadingUsers = false
		p.noCloudEnt = noCloudEnterprise(msg.err)
		if msg.err != nil {
			p.usersErr = msg.err
			return nil
		}
		p.fromSnapshot = false
		p.fetch, p.notes = msg.users.Fetch, msg.users.Notes
		rows := p.pending
		if msg.rows != nil {
			rows = msg.rows
		}
		p.pending = nil
		p.raw = msg.users.Users
		p.usersLoaded = true
		p.table.setRows(rows)
		if p.duplicates {
			return p.findDuplicates()
		}
	case duplicatesMsg:
		if msg.id != p.dupsID {
			return nil
		}
		p.dupsLoading = false
		p.dups, p.dupsNoServer = msg.rows, msg.noServer
		p.dupCursor, p.dupOffset = 0, 0
	case syncJobMsg:
		if msg.id != p.syncID {
			return nil
		}
		return p.syncProgress(msg)
	case copiedMsg:
		if msg.id != p.copyID {
			return nil
		}
		if msg.err != nil {
			p.copied, p.copyOK = "Could not copy: "+reason(msg.err), false
		} else {
			p.copied, p.copyOK = "Copied \""+msg.text+"\": "+msg.said, true
		}
	case syncPollMsg:
		if msg.id != p.syncID {
			return nil
		}
		id := p.syncID
		return call(p.sh, func(ctx context.Context, b Backend) (*client.SyncJob, error) { return b.SyncJob(ctx) },
			func(v *client.SyncJob, err error) tea.Msg { return syncJobMsg{id: id, job: v, err: err} })
	}
	return nil
}

func (p *dashboardPage) startSync() tea.Cmd {
	if p.syncing {
		return nil
	}
	if p.sh.consoleUnavailable {
		p.syncResult, p.syncGood = "Sync now needs the console API: open "+p.sh.enterpriseURL("settings", "license")+" → Sync now.", false
		return nil
	}
	if p.syncDisabled() {
		p.syncResult, p.syncGood = syncDisabledText, false
		return nil
	}
	p.syncing = true
	p.job = nil
	p.syncResult = ""
	p.syncStarted = p.sh.now()
	p.syncID = p.sh.newID()
	id := p.syncID
	return call(p.sh, func(ctx context.Context, b Backend) (*client.SyncJob, error) { return b.StartSync(ctx) },
		func(v *client.SyncJob, err error) tea.Msg { return syncJobMsg{id: id, job: v, err: err} })
}

// syncDisabledText says how to turn license sync on from here: the setting is the
// step before the dashboard.
const syncDisabledText = "License sync is disabled: press esc to go back to the setting and choose Enabled, then sync."

// syncDisabled reports that the last read said license sync is off.
func (p *dashboardPage) syncDisabled() bool {
	if p.status != nil && p.status.Connect.LicenseSync != "" && p.status.Connect.LicenseSync != client.FeatureUnknown {
		return p.status.Connect.LicenseSync == client.FeatureDisabled
	}
	return p.sh.settings != nil && p.sh.settings.LicenseSync() == client.FeatureDisabled
}

// syncProgress takes a job report: poll again until it is done, then refresh.
func (p *dashboardPage) syncProgress(msg syncJobMsg) tea.Cmd {
	if msg.err != nil {
		p.syncing = false
		p.syncResult, p.syncGood = "Sync now failed: "+reason(msg.err), false
		var e *client.Error
		if errors.As(msg.err, &e) && e.Kind == client.KindConflict && e.Status == http.StatusConflict {
			// The appliance refuses a sync while the setting is off.
			p.syncResult = syncDisabledText
		}
		return nil
	}
	p.job = msg.job
	if !msg.job.Done() {
		id := p.syncID
		return tea.Tick(syncPoll, func(time.Time) tea.Msg { return syncPollMsg{id: id} })
	}
	p.syncing = false
	switch msg.job.State {
	case client.JobSucceeded:
		p.syncResult, p.syncGood = fmt.Sprintf("Sync now succeeded: %s users uploaded.", frontend.Thousands(msg.job.UsersUploaded)), true
	case client.JobFailed:
		p.syncResult, p.syncGood = "Sync now failed: "+clean(msg.job.Error), false
	default:
		p.syncResult, p.syncGood = "Sync now: no job ran.", false
	}
	return p.refresh()
}

func (p *dashboardPage) findDuplicates() tea.Cmd {
	if p.dupsComputedAt == p.usersID && p.dups != nil {
		return nil
	}
	p.dupsLoading = true
	p.dupsID = p.sh.newID()
	p.dupsComputedAt = p.usersID
	id, users := p.dupsID, p.raw
	return func() tea.Msg {
		// Until a sync has uploaded the server's users, the cloud knows none of them:
		// "nobody looks counted twice" would claim a check that could not be made.
		noServer := frontend.NoServerUsersYet(users)
		cands := client.MaybeCountedTwice(users)
		rows := make([]duplicateRow, len(cands))
		for i, c := range cands {
			rows[i] = newDuplicateRow(c)
		}
		return duplicatesMsg{id: id, rows: rows, noServer: noServer}
	}
}

func (p *dashboardPage) handleKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := p.sh.keys
	if p.filter.Focused() {
		switch {
		case key.Matches(msg, k.Next):
			p.filter.Blur()
		case key.Matches(msg, k.Back):
			p.filter.Blur()
			p.filter.Reset()
			p.table.setFilter("")
		default:
			before := p.filter.Value()
			cmd := updateInput(&p.filter, msg)
			if p.filter.Value() != before {
				p.table.setFilter(p.filter.Value())
			}
			return cmd, true
		}
		return nil, true
	}
	p.copied, p.sh.arrival = "", ""
	switch {
	case key.Matches(msg, k.Copy):
		return p.copySelected(), true
	case key.Matches(msg, k.Refresh):
		return p.refresh(), true
	case key.Matches(msg, k.Sync):
		return p.startSync(), true
	case key.Matches(msg, k.Filter):
		p.duplicates = false
		return p.filter.Focus(), true
	case key.Matches(msg, k.Sort):
		p.table.cycleSort()
		return nil, true
	case key.Matches(msg, k.Duplicates), key.Matches(msg, k.Tab):
		p.duplicates = !p.duplicates
		if p.duplicates && p.usersLoaded {
			return p.findDuplicates(), true
		}
		return nil, true
	case key.Matches(msg, k.Fleet) && p.sh.canSwitch():
		return p.sh.switchServer(), true
	case key.Matches(msg, k.Trend) && p.trend.available():
		return p.trend.toggle(), true
	case key.Matches(msg, k.Back) && p.trend.open:
		p.trend.open = false
		return nil, true
	case key.Matches(msg, k.Back) && p.duplicates:
		p.duplicates = false
		return nil, true
	case key.Matches(msg, k.Back) && p.filter.Value() != "":
		p.filter.Reset()
		p.table.setFilter("")
		return nil, true
	case key.Matches(msg, k.Up):
		p.move(-1)
	case key.Matches(msg, k.Down):
		p.move(1)
	case key.Matches(msg, k.PageUp):
		p.move(-p.table.height)
	case key.Matches(msg, k.PageDown):
		p.move(p.table.height)
	default:
		return nil, false
	}
	return nil, true
}

// copySelected copies the selected row: login and emails, or in the "maybe counted
// twice" view the server emails and the cloud login. Rows were made safe on arrival.
func (p *dashboardPage) copySelected() tea.Cmd {
	var parts []string
	switch {
	case p.duplicates && p.dupCursor < len(p.dups):
		d := p.dups[p.dupCursor]
		parts = []string{d.serverEmails, d.cloud}
	case !p.duplicates:
		if r := p.table.selected(); r != nil {
			parts = []string{r.copyName(), r.emails}
		}
	}
	parts = slices.DeleteFunc(parts, func(s string) bool { return s == "" })
	if len(parts) == 0 {
		p.copied, p.copyOK = "Nothing to copy: no row is selected.", false
		return nil
	}
	text := strings.Join(parts, ", ")
	p.copyID = p.sh.newID()
	id, clip := p.copyID, p.sh.clip
	return func() tea.Msg {
		said, err := clip.copy(text)
		return copiedMsg{id: id, text: text, said: said, err: err}
	}
}

func (p *dashboardPage) move(by int) {
	if !p.duplicates {
		p.table.move(by)
		return
	}
	p.dupCursor = max(min(p.dupCursor+by, len(p.dups)-1), 0)
	p.dupScroll()
}

// dupScroll keeps the selected pair visible, and the pairs drawn from the first when
// the ones down to the cursor fit.
func (p *dashboardPage) dupScroll() {
	h := p.dupRowsHeight()
	if p.dupCursor < h {
		p.dupOffset = 0
	}
	if p.dupCursor < p.dupOffset {
		p.dupOffset = p.dupCursor
	}
	if p.dupCursor >= p.dupOffset+h {
		p.dupOffset = p.dupCursor - h + 1
	}
	p.dupOffset = max(min(p.dupOffset, len(p.dups)-h), 0)
}

func (p *dashboardPage) helpKeys() []key.Binding {
	k := p.sh.keys
	if p.filter.Focused() {
		return []key.Binding{
			key.NewBinding(key.WithKeys(k.Next.Keys()...), key.WithHelp(k.Next.Help().Key, "keep filter")),
			key.NewBinding(key.WithKeys(k.Back.Keys()...), key.WithHelp(k.Back.Help().Key, "clear")),
		}
	}
	if !p.sh.backend.HasCloud() { // no users table: its keys do nothing
		return []key.Binding{k.Sync, k.Refresh}
	}
	keys := []key.Binding{k.Sync, k.Filter, k.Duplicates, k.Refresh, k.Sort, k.Copy}
	if p.trend.available() {
		keys = append(keys, k.Trend)
	}
	if p.sh.canSwitch() {
		keys = append(keys, k.Fleet)
	}
	return keys
}

// resize gives the users table every line the summary leaves: a blank line, the
// table's title and its column header go first.
func (p *dashboardPage) resize() {
	before := p.table.height
	p.table.setHeight(p.sh.height - lipgloss.Height(p.summary(p.sh.width)) - 3)
	if p.table.height != before {
		p.dupScroll()
	}
}

// view joins the summary and the visible part of the users table.
func (p *dashboardPage) view() string {
	if p.trend.open {
		top := p.summary(p.sh.width)
		return top + "\n\n" + p.trend.view(p.sh.width, p.sh.height-lipgloss.Height(top)-1, p.status)
	}
	return p.summary(p.sh.width) + "\n\n" + p.usersView(p.sh.width)
}
