package tui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/tui/common"
)

// breakdownView is "Where the seats go": the cloud's consumed seats against the
// purchased ones as a bar whose over-allocation shows past a mark, then every number
// of the breakdown with what it means (README.md "Where the seats go").
type breakdownView struct {
	sh *common.Shared
}

// breakdownPane shows breakdownView below the dashboard's summary, from the reconcile
// of the users pane's last load (the counted-twice pane keeps it up to date).
type breakdownPane struct {
	sh            *common.Shared
	users         *usersPane
	rec           *reconcilePart
	width, height int
	// top is the first line shown and total the lines there are: on a small screen
	// the breakdown scrolls, its last lines (counted twice, the levers, what fixing
	// would give) being the ones that would be lost.
	top, total int
}

func (b *breakdownPane) update(tea.Msg) tea.Cmd { return nil }
func (b *breakdownPane) activate() tea.Cmd      { return nil }
func (b *breakdownPane) capturing() bool        { return false }
func (b *breakdownPane) setSize(w, h int)       { b.width, b.height = w, max(h, 1) }
func (b *breakdownPane) barKeys() []key.Binding { return b.helpKeys()[:3] }

// room is how many lines of the breakdown fit under its title.
func (b *breakdownPane) room() int { return b.height + 1 }

// handleKey scrolls the breakdown when it is taller than its room.
func (b *breakdownPane) handleKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := b.sh.Keys
	switch {
	case key.Matches(msg, k.Down):
		b.top = min(b.top+1, max(b.total-b.room(), 0))
	case key.Matches(msg, k.Up):
		b.top = max(b.top-1, 0)
	default:
		return nil, false
	}
	return nil, true
}

// copyParts is what fixing the people counted twice would give, as said.
func (b *breakdownPane) copyParts() []string {
	if b.rec.r == nil {
		return nil
	}
	return []string{b.rec.r.AfterFixesText()}
}

func (b *breakdownPane) helpKeys() []key.Binding {
	k := b.sh.Keys
	back := common.Relabel(k.Back, "users")
	keys := []key.Binding{back, k.Duplicates, k.Export}
	if b.sh.Opts.Reclaim != nil {
		keys = []key.Binding{back, common.Relabel(k.Refresh, "give seats back"), k.Duplicates, k.Export}
	}
	if b.total > b.room() {
		keys = append(keys, k.Up, k.Down)
	}
	return keys
}

// view is the title (with the users' freshness) and the breakdown.
func (b *breakdownPane) view() string {
	v := breakdownView{b.sh}
	if !b.sh.Backend.HasCloud() {
		return b.users.view()
	}
	title := v.title(b.rec.r)
	if f := b.users.freshness(); f != "" {
		title += " · " + f
	}
	lines := v.lines(b.rec.r, b.rec.loading || b.users.loading, b.width)
	b.total, b.top = len(lines), min(b.top, max(len(lines)-b.room(), 0))
	lines = lines[b.top:min(len(lines), b.top+b.room())]
	st := b.sh.Styles
	if b.top > 0 {
		lines[0] = st.Muted.Render(common.Fit(fmt.Sprintf("↑ %d more above: k/↑", b.top+1), b.width))
	}
	if below := b.total - b.top - len(lines); below > 0 {
		lines[len(lines)-1] = st.Muted.Render(common.Fit(fmt.Sprintf("↓ %d more below: j/↓", below+1), b.width))
	}
	return strings.Join(append([]string{common.Fit(title, b.width)}, lines...), "\n")
}

// title is the view's title line.
func (v breakdownView) title(r *seats.Reconcile) string {
	st := v.sh.Styles
	t := st.Label.Render("Where the seats go")
	if r == nil {
		return t
	}
	return t + " · " + fmt.Sprintf("%s consumed of %s purchased", frontend.Thousands(r.Consumed), frontend.Thousands(r.Purchased))
}

// lines renders the breakdown in lines of w cells; loading says why there is none yet.
func (v breakdownView) lines(r *seats.Reconcile, loading bool, w int) []string {
	st := v.sh.Styles
	if r == nil {
		if loading {
			return []string{st.Muted.Render("  counting…")}
		}
		return []string{st.Muted.Render("  the users are not read yet: the breakdown counts them")}
	}
	out := []string{v.bar(r, w)}
	const labelW, numW = 16, 7
	// A row's meaning too long for the line wraps under itself, never cut (60 columns).
	row := func(label, n string, style lipgloss.Style, meaning string) []string {
		lead := "  " + common.Pad(label, labelW) + fmt.Sprintf("%*s", numW, n) + "  "
		return strings.Split(lead+v.sh.Hang(meaning, len(lead), w, style), "\n")
	}
	var levers []seats.BreakdownLine
	for _, l := range r.Lines() {
		switch {
		case l.Label == "consumed": // the title and the bar say it
		case l.Lever:
			levers = append(levers, l)
		case l.Label == "counted twice" && l.N > 0:
			out = append(out, row(l.Label, frontend.Thousands(l.N), st.Warning, l.Meaning+" (d: who)")...)
		default:
			out = append(out, row(l.Label, frontend.Thousands(l.N), st.Text, l.Meaning)...)
		}
	}
	// The levers are this server's counts, in a breakdown of the whole cloud enterprise
	// (a fleet's users too): a heading names the server, so their labels stay in the
	// column, and a meaning too long for the line wraps under itself, never cut.
	on := r.OnLeversServer()
	if on != "" && slices.ContainsFunc(levers, func(l seats.BreakdownLine) bool { return l.Known }) {
		out = append(out, common.Fit("  "+st.Muted.Render(strings.TrimSpace(on)+":"), w))
	}
	var unknown []string
	for _, l := range levers {
		label := strings.TrimSuffix(l.Label, on)
		switch {
		case !l.Known && l.Impossible != "":
			lead := "  " + common.Pad(label, labelW) + fmt.Sprintf("%*s", numW, "?") + "  "
			out = append(out, strings.Split(lead+v.sh.Hang(l.Impossible, len(lead), w, st.Warning), "\n")...)
			continue
		case !l.Known:
			unknown = append(unknown, label)
			continue
		}
		out = append(out, row(label, frontend.Thousands(l.N), st.Text, l.Meaning)...)
	}
	if len(unknown) > 0 {
		who := " server users"
		if on != "" {
			who = " users" + on
		}
		text := common.UpperFirst(strings.Join(unknown, " and ")) + who + ": unknown (the server shares no statistics)"
		out = append(out, strings.Split("  "+v.sh.Hang(text, 2, w, st.Muted), "\n")...) // wrapped: the host is not cut
	}
	after := []string{r.AfterFixesText()}
	if r.ProjectedAfterSync != nil { // before the first sync, what it will bring matters more
		after = []string{strings.TrimSuffix(r.ProjectionText(), ".") + " (d: who)."}
	}
	for _, t := range after {
		if t != "" {
			out = append(out, strings.Split("  "+v.sh.Hang(t, 2, w, st.Accent), "\n")...)
		}
	}
	if r.Note != "" {
		out = append(out, strings.Split("  "+v.sh.Hang(r.Note, 2, w, st.Warning), "\n")...)
	}
	return out
}

// cellsOf is how many of cells n takes out of scale, in floating point: cells·n
// overflows an int for the counts a peer may send (up to 2^63−1).
func cellsOf(n, scale, cells int) int {
	if n <= 0 || scale <= 0 {
		return 0
	}
	return min(int(float64(cells)*(float64(n)/float64(scale))), cells)
}

// bar draws consumed against purchased: the purchased seats fill up to a "|" mark;
// seats beyond it (the over-allocation) follow it in the warning style as "!"; the
// over or free seats are written after it.
func (v breakdownView) bar(r *seats.Reconcile, w int) string {
	st := v.sh.Styles
	cells := max(min(w-20, 56), 10)
	scale := max(r.Consumed, r.Purchased, 1)
	mark := cellsOf(r.Purchased, scale, cells)
	used := cellsOf(min(r.Consumed, r.Purchased), scale, cells)
	over := cells - mark
	if r.Consumed <= r.Purchased {
		over = 0
	}
	if r.Over > 0 && over == 0 {
		over, mark = 1, cells-1 // a seat over is still drawn
	}
	in := strings.Repeat("█", min(used, mark)) + strings.Repeat("░", max(mark-used, 0))
	s := "  [" + in + "|"
	if over > 0 {
		s += st.Bad.Render(strings.Repeat("!", over))
	}
	s += "]"
	switch {
	case r.Over > 0:
		return s + " " + st.Bad.Render(frontend.Thousands(r.Over)+" over")
	case r.Free > 0:
		return s + " " + frontend.Thousands(r.Free) + " free"
	}
	return s + " full"
}
