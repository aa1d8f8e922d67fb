package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/tui/common"
)

// countedTwicePane is the counted-twice view: one row per person who holds more than
// one seat, with the kind, how sure, why and the exact fix (tui/counted_twice.go
// draws them), from the reconcile of the users pane's last load.
type countedTwicePane struct {
	sh            *common.Shared
	users         *usersPane
	rec           *reconcilePart
	syncDisabled  func() bool // what the last read said about the setting
	width, height int
	list          countedTwiceView
}

func (t *countedTwicePane) update(msg tea.Msg) tea.Cmd {
	cmd, answered := t.rec.update(msg)
	if answered {
		t.list.set(t.rec.r)
		t.list.scroll(t.height)
	}
	return cmd
}

// activate: the people are computed after every users load, shown or not.
func (t *countedTwicePane) activate() tea.Cmd { return nil }

func (t *countedTwicePane) capturing() bool { return false }

func (t *countedTwicePane) handleKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := t.sh.Keys
	switch {
	case key.Matches(msg, k.Up):
		t.list.move(-1, t.height)
	case key.Matches(msg, k.Down):
		t.list.move(1, t.height)
	case key.Matches(msg, k.PageUp):
		t.list.move(-rowsHeight(t.height), t.height)
	case key.Matches(msg, k.PageDown):
		t.list.move(rowsHeight(t.height), t.height)
	case key.Matches(msg, k.Top):
		t.list.move(-len(t.list.rows), t.height)
	case key.Matches(msg, k.Bottom):
		t.list.move(len(t.list.rows), t.height)
	default:
		return nil, false
	}
	return nil, true
}

func (t *countedTwicePane) helpKeys() []key.Binding {
	k := t.sh.Keys
	back := common.Relabel(k.Back, "users")
	copyFix := common.Relabel(k.Copy, "copy fix")
	return []key.Binding{back, copyFix, k.Profiles, k.Open, k.Export, k.Breakdown, k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
}

func (t *countedTwicePane) barKeys() []key.Binding { return t.helpKeys()[:4] }

// copyParts is the selected person's fix.
func (t *countedTwicePane) copyParts() []string {
	if r := t.list.selected(); r != nil {
		return []string{r.fix}
	}
	return nil
}

// profileURLs are the selected person's profile pages: the cloud's, then the servers'.
func (t *countedTwicePane) profileURLs() []string {
	if r := t.list.selected(); r != nil {
		return r.urls
	}
	return nil
}

func (t *countedTwicePane) setSize(w, h int) {
	t.width, t.height = w, max(h, 1)
	t.list.scroll(t.height)
}

// view is the title line (with the users' freshness), the header, the people and the
// selected one's why, fix and links.
func (t *countedTwicePane) view() string {
	st, u, w := t.sh.Styles, t.users, t.width
	if !t.sh.Backend.HasCloud() {
		return u.view()
	}
	var title string
	switch {
	case !u.loaded && !u.loading && u.err != nil:
		title = st.Label.Render("Counted twice") // the freshness says the users were not read
	case t.rec.loading || t.rec.r == nil:
		title = st.Label.Render("Counted twice") + st.Muted.Render(" · looking…")
	default:
		title = t.list.title(!t.rec.noServerYet() || len(t.list.rows) > 0)
	}
	if f := u.freshness(); f != "" {
		title += " · " + f
	}
	return strings.Join(append([]string{common.Fit(title, w)}, t.lines(w)...), "\n")
}

// lines are the people, or why there are none.
func (t *countedTwicePane) lines(w int) []string {
	st := t.sh.Styles
	switch {
	case len(t.list.rows) > 0:
		return t.list.lines(w, t.height)
	case t.rec.r == nil:
		return nil
	case t.rec.noServerYet():
		how := "press s to sync"
		if t.syncDisabled() {
			how = "enable license sync and press s to sync"
		}
		return []string{"  " + t.sh.Hang(common.UpperFirst(frontend.NoServerUsersText)+": "+how+", then look again.", 2, w, st.Warning)}
	}
	return []string{st.Muted.Render("  nobody looks counted twice")}
}
