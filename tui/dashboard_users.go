package tui

import (
	"context"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/tui/common"
)

// filterWidth is the cells the filter's text gets in the users table's title.
const filterWidth = 20

// usersPane is the consumed-licenses users: their loader (the snapshot first, then
// the pages of a reload), the table and its filter. Other panes read its users.
type usersPane struct {
	sh    *common.Shared
	width int

	id       int // the latest load: pages and ends of any other are dropped
	cancel   context.CancelFunc
	loading  bool
	started  time.Time // when the current load began: its age shows it is alive
	progress client.PageProgress
	loaded   bool
	err      error
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
	// firstScreenOf is the count of all the snapshot's users while the table shows
	// only their kept first screen (0 otherwise): what needs every row waits for them.
	firstScreenOf int
	fetch         client.FetchStats
	checkedAt     time.Time // when the last load that succeeded ended
	notes         []string
	filter        textinput.Model
}

func newUsersPane(sh *common.Shared) *usersPane {
	return &usersPane{sh: sh, filter: common.NewInput(sh, false, filterWidth)}
}

// openSnapshot starts reading the snapshot the first time the dashboard opens (nil
// after that, or without a cloud token: nothing to read).
func (u *usersPane) openSnapshot() tea.Cmd {
	if u.snapID != 0 || !u.sh.Backend.HasCloud() {
		return nil
	}
	u.snapID = u.sh.NewID()
	u.snapReading = true
	return readSnapshot(u.sh, u.snapID, &u.table)
}

// reload starts a new load, cancelling the one running.
func (u *usersPane) reload() tea.Cmd {
	if !u.sh.Backend.HasCloud() {
		return nil
	}
	if u.cancel != nil {
		u.cancel()
	}
	if u.firstScreenOf > 0 { // the pages come in place of the first screen
		u.dropFirstScreen()
		u.table.setIndex(newUserIndex(nil))
	}
	u.id = u.sh.NewID()
	u.loading = true
	u.started = u.sh.Now()
	u.err = nil
	u.progress = client.PageProgress{}
	var cmd tea.Cmd
	cmd, u.cancel = loadUsers(u.sh.Ctx, u.sh.Backend, u.id, shownUsers{u.raw, u.table.index})
	return cmd
}

func (u *usersPane) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case snapshotMsg:
		if msg.id != u.snapID || !u.snapReading {
			return nil
		}
		if msg.firstScreen {
			if !u.loaded && !u.loading && u.table.firstOrder() {
				msg.table.height, msg.table.cursor, msg.table.offset = u.table.height, 0, 0
				u.table, u.raw, u.snapAt, u.firstScreenOf = msg.table, msg.users.Users, msg.at, msg.total
			}
			return msg.rest
		}
		u.snapReading = false
		if u.firstScreenOf > 0 {
			u.dropFirstScreen()
			if msg.ok { // in the first screen's place, the same user selected
				sel := u.table.selected()
				u.table.setIndex(msg.table.index)
				if sel != nil && u.table.filter == "" {
					u.table.selectLike(*sel)
				}
				u.raw, u.notes = msg.users.Users, msg.users.Notes
				u.loaded, u.fromSnapshot, u.snapAt = true, true, msg.at
			} else { // the snapshot is gone or damaged: the pages will tell
				u.table.setIndex(newUserIndex(nil))
			}
		} else if msg.ok && !u.loaded && msg.table.filter == u.table.filter && msg.table.sort == u.table.sort && msg.table.desc == u.table.desc {
			msg.table.height, msg.table.cursor, msg.table.offset = u.table.height, 0, 0
			u.table = msg.table
			u.raw = msg.users.Users
			u.notes = msg.users.Notes
			u.loaded, u.fromSnapshot, u.snapAt = true, true, msg.at
		} else if msg.ok && !u.loaded {
			// The filter or sort changed while it was read: apply them here.
			u.table.setIndex(msg.table.index)
			u.raw = msg.users.Users
			u.loaded, u.fromSnapshot, u.snapAt = true, true, msg.at
		}
		if u.loading { // a refresh already started it
			return nil
		}
		return u.reload()
	case usersPageMsg:
		if msg.id != u.id {
			return nil
		}
		u.progress = msg.progress
		if !u.loaded {
			u.table.appendRows(msg.rows)
		}
		return msg.next
	case usersDoneMsg:
		if msg.id != u.id {
			return nil
		}
		u.loading = false
		u.noCloudEnt = common.NoCloudEnterprise(msg.err)
		if msg.err != nil {
			u.err = msg.err
			return nil
		}
		u.fromSnapshot = false
		u.fetch, u.notes, u.checkedAt = msg.users.Fetch, msg.users.Notes, u.sh.Now()
		u.raw = msg.users.Users
		u.loaded = true
		u.table.setIndex(msg.index)
	}
	return nil
}

// dropFirstScreen ends the table's showing of the kept first screen; its rows stay
// until the caller replaces them.
func (u *usersPane) dropFirstScreen() {
	u.firstScreenOf, u.raw = 0, nil
}

// focusFilter puts the cursor in the filter.
func (u *usersPane) focusFilter() tea.Cmd { return u.filter.Focus() }

func (u *usersPane) capturing() bool { return u.filter.Focused() }

func (u *usersPane) activate() tea.Cmd { return nil }

func (u *usersPane) handleKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := u.sh.Keys
	if u.filter.Focused() {
		switch {
		case key.Matches(msg, k.Next):
			u.filter.Blur()
		case key.Matches(msg, k.Back):
			u.filter.Blur()
			u.filter.Reset()
			u.table.setFilter("")
		default:
			before := u.filter.Value()
			cmd := common.UpdateInput(&u.filter, msg)
			if u.filter.Value() != before {
				u.table.setFilter(u.filter.Value())
			}
			return cmd, true
		}
		return nil, true
	}
	switch {
	case key.Matches(msg, k.Back) && u.filter.Value() != "":
		u.filter.Reset()
		u.table.setFilter("")
	case key.Matches(msg, k.Up):
		u.table.move(-1)
	case key.Matches(msg, k.Down):
		u.table.move(1)
	case key.Matches(msg, k.PageUp):
		u.table.move(-u.table.height)
	case key.Matches(msg, k.PageDown):
		u.table.move(u.table.height)
	case key.Matches(msg, k.Top):
		u.table.move(-len(u.table.shown))
	case key.Matches(msg, k.Bottom):
		u.table.move(len(u.table.shown))
	case key.Matches(msg, k.Sort):
		u.table.cycleSort()
	case key.Matches(msg, k.Reverse):
		u.table.reverse()
	default:
		return nil, false
	}
	return nil, true
}

func (u *usersPane) helpKeys() []key.Binding {
	k := u.sh.Keys
	if u.filter.Focused() {
		return []key.Binding{
			common.Relabel(k.Next, "keep filter"),
			common.Relabel(k.Back, "clear"),
		}
	}
	return []key.Binding{k.Details, k.Sort, k.Reverse, k.Copy, k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
}

func (u *usersPane) barKeys() []key.Binding {
	k := u.sh.Keys
	keys := []key.Binding{k.Details, k.Sort, k.Copy}
	if u.filter.Value() != "" {
		keys = append(keys, common.Relabel(k.Back, "clear filter"))
	}
	return keys
}

// copyParts is the selected row's login (or server id) and emails.
func (u *usersPane) copyParts() []string {
	if r := u.table.selected(); r != nil {
		return []string{r.copyName(), r.emails}
	}
	return nil
}

func (u *usersPane) setSize(w, h int) {
	u.width = w
	u.table.setHeight(h)
}

// userFor finds the user a row was made from, among the users last read: by the
// server ids of a row without a cloud login, else by login and emails.
func (u *usersPane) userFor(r *userRow) (client.ConsumedUser, bool) {
	for _, cu := range u.raw {
		if r.id != "" {
			if len(cu.EnterpriseServerUserIDs) > 0 && cu.GithubComLogin == "" && rowServerIDs(cu) == r.id {
				return cu, true
			}
			continue
		}
		if common.Clean(cu.GithubComLogin) == r.login && rowEmails(cu) == r.emails {
			return cu, true
		}
	}
	return client.ConsumedUser{}, false
}
