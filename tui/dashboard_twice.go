package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/frontend"
)

type duplicatesMsg struct {
	id   int
	rows []duplicateRow
	// noServer: no user is on the server side yet, so nothing could be compared.
	noServer bool
}

// countedTwicePane is the "maybe counted twice" view: pairs of a server user and a
// cloud user that look like one person, computed from the users pane's users.
type countedTwicePane struct {
	sh            *shared
	users         *usersPane
	syncDisabled  func() bool // what the last read said about the setting
	width, height int

	dups       []duplicateRow
	id         int // the latest computation: any other answer is dropped
	loading    bool
	cursor     int
	offset     int
	computedAt int  // the users load the pairs were computed from
	noServer   bool // no server user has reached the cloud: nothing to compare
	whyCache   struct{ id, width, lines int }
}

// activate computes the pairs when the users are there and changed since.
func (t *countedTwicePane) activate() tea.Cmd {
	if !t.users.loaded || (t.computedAt == t.users.id && t.dups != nil) {
		return nil
	}
	t.loading = true
	t.id = t.sh.newID()
	t.computedAt = t.users.id
	id, users := t.id, t.users.raw
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

func (t *countedTwicePane) update(msg tea.Msg) tea.Cmd {
	m, ok := msg.(duplicatesMsg)
	if !ok || m.id != t.id {
		return nil
	}
	t.loading = false
	t.dups, t.noServer = m.rows, m.noServer
	t.cursor, t.offset = 0, 0
	return nil
}

func (t *countedTwicePane) capturing() bool { return false }

func (t *countedTwicePane) handleKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := t.sh.keys
	switch {
	case key.Matches(msg, k.Up):
		t.move(-1)
	case key.Matches(msg, k.Down):
		t.move(1)
	case key.Matches(msg, k.PageUp):
		t.move(-t.height)
	case key.Matches(msg, k.PageDown):
		t.move(t.height)
	case key.Matches(msg, k.Top):
		t.move(-len(t.dups))
	case key.Matches(msg, k.Bottom):
		t.move(len(t.dups))
	default:
		return nil, false
	}
	return nil, true
}

func (t *countedTwicePane) helpKeys() []key.Binding {
	k := t.sh.keys
	back := key.NewBinding(key.WithKeys(k.Back.Keys()...), key.WithHelp(k.Back.Help().Key, "users"))
	return []key.Binding{back, k.Copy, k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
}

func (t *countedTwicePane) barKeys() []key.Binding { return t.helpKeys()[:2] }

// copyParts is the selected pair: the server emails and the cloud login.
func (t *countedTwicePane) copyParts() []string {
	if t.cursor < len(t.dups) {
		d := t.dups[t.cursor]
		return []string{d.serverEmails, d.cloud}
	}
	return nil
}

func (t *countedTwicePane) move(by int) {
	t.cursor = max(min(t.cursor+by, len(t.dups)-1), 0)
	t.scroll()
}

// scroll keeps the selected pair visible, and the pairs drawn from the first when the
// ones down to the cursor fit.
func (t *countedTwicePane) scroll() {
	h := t.rowsHeight()
	if t.cursor < h {
		t.offset = 0
	}
	if t.cursor < t.offset {
		t.offset = t.cursor
	}
	if t.cursor >= t.offset+h {
		t.offset = t.cursor - h + 1
	}
	t.offset = max(min(t.offset, len(t.dups)-h), 0)
}

func (t *countedTwicePane) setSize(w, h int) {
	h = max(h, 1)
	changed := h != t.height
	t.width, t.height = w, h
	if changed {
		t.scroll()
	}
}

// view is the title line (with the users' freshness), the header and the pairs.
func (t *countedTwicePane) view() string {
	st, u, w := t.sh.styles, t.users, t.width
	if !t.sh.backend.HasCloud() {
		return u.view()
	}
	title := st.label.Render("Maybe counted twice")
	switch {
	case !u.loaded && !u.loading && u.err != nil:
		// nothing to look at: the freshness says the users were not read
	case t.loading || !u.loaded:
		title += st.muted.Render(" · looking…")
	case t.noServer && len(t.dups) == 0:
		title += st.warning.Render(" · not checked yet")
	default:
		title += fmt.Sprintf(" · %s %s", frontend.Thousands(len(t.dups)), pick(len(t.dups) == 1, "pair", "pairs"))
	}
	if f := u.freshness(); f != "" {
		title += " · " + f
	}
	return strings.Join(append([]string{fit(title, w)}, t.lines(w)...), "\n")
}

// whyIndent is where the selected pair's reason starts, after its label.
const whyIndent = 6

func (t *countedTwicePane) lines(w int) []string {
	st := t.sh.styles
	// WHY gets what the emails and the login leave; the selected pair's whole reason
	// is written out below the rows.
	ew, cw := min(32, max(18, (w-20)/3)), min(16+max(w-80, 0)/4, 32)
	rw := max(w-2-ew-cw-2, 10)
	head := "  " + pad("SERVER EMAILS", ew) + " " + pad("CLOUD LOGIN", cw) + " " + pad("WHY", rw)
	lines := []string{st.tableHead.Render(fit(head, w))}
	height := t.rowsHeight()
	end := min(t.offset+height, len(t.dups))
	for i := t.offset; i < end; i++ {
		d := t.dups[i]
		mark := "  "
		if i == t.cursor {
			mark = "› "
		}
		line := fit(mark+pad(d.serverEmails, ew)+" "+pad(d.cloud, cw)+" "+pad(d.reason, rw), w)
		if i == t.cursor {
			line = st.selected.Render(line)
		}
		lines = append(lines, line)
	}
	switch {
	case len(t.dups) > 0 || t.loading || !t.users.loaded:
	case t.noServer:
		how := "press s to sync"
		if t.syncDisabled() {
			how = "enable license sync and press s to sync"
		}
		lines = append(lines, "  "+t.sh.hang(sentence(frontend.NoServerUsersText)+": "+how+", then look again.", 2, w, st.warning))
	default:
		lines = append(lines, st.muted.Render("  nobody looks counted twice"))
	}
	if len(t.dups) == 0 {
		return lines
	}
	// The reason sits at the same place whatever the row count, so nothing jumps.
	for n := end - t.offset; n < height; n++ {
		lines = append(lines, "")
	}
	why := ""
	if t.cursor < len(t.dups) {
		why = t.dups[t.cursor].reason
	}
	lines = append(lines, st.label.Render(pad("Why", whyIndent))+t.sh.hang(why, whyIndent, w, st.text))
	return lines
}

// rowsHeight is the rows the "maybe counted twice" table shows: the table's height
// less the lines the longest reason takes below it.
func (t *countedTwicePane) rowsHeight() int {
	if len(t.dups) == 0 {
		return t.height
	}
	return max(t.height-t.whyLines(), 1)
}

// whyLines is the most lines a reason takes at this width, computed once per set of
// pairs and width (at most 4).
func (t *countedTwicePane) whyLines() int {
	w := t.width
	if t.whyCache.id == t.id && t.whyCache.width == w {
		return t.whyCache.lines
	}
	longest := ""
	for _, d := range t.dups {
		if len(d.reason) > len(longest) {
			longest = d.reason
		}
	}
	n := min(strings.Count(t.sh.hang(longest, whyIndent, w, t.sh.styles.text), "\n")+1, 4)
	t.whyCache.id, t.whyCache.width, t.whyCache.lines = t.id, w, n
	return n
}
