package trend

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/client/status"
	"github.com/licensesync/licensesync/history"
	"github.com/licensesync/licensesync/tui/common"
)

// spans are the periods the pane cycles through.
var spans = []time.Duration{30 * 24 * time.Hour, 90 * 24 * time.Hour}

// loadedMsg carries the samples read for the pane.
type loadedMsg struct {
	id      int
	samples []history.Sample
	err     error
}

// Pane is the dashboard's trend view: cloud consumed vs purchased and server seats
// used over 30 or 90 days, the change since the last sync, a forecast, the syncs seen.
// It reads the history (Options.History) only while open.
type Pane struct {
	sh      *common.Shared
	open    bool
	span    int // index in spans
	id      int
	samples []history.Sample
	err     error
	drawn   trendDrawn
}

// trendDrawn is what the view draws from the samples for one server, worked out once per
// read (or change of server) rather than once per frame.
type trendDrawn struct {
	ok     bool
	server string
	s      series
	syncs  []observedSync
}

// drawnFor is the series and the syncs seen of server in the samples last read.
func (t *Pane) drawnFor(server string) (series, []observedSync) {
	if !t.drawn.ok || t.drawn.server != server {
		t.drawn = trendDrawn{ok: true, server: server, s: seriesOf(t.samples, server), syncs: observedSyncs(t.samples, server)}
	}
	return t.drawn.s, t.drawn.syncs
}

// New is a closed trend pane on sh.
func New(sh *common.Shared) *Pane { return &Pane{sh: sh} }

// Available says whether the console has a history to show.
func (t *Pane) Available() bool { return t.sh.Opts.History != nil }

// IsOpen says whether the pane is shown (and so reads the history).
func (t *Pane) IsOpen() bool { return t.open }

// OnLastSpan says whether the next Toggle closes the pane.
func (t *Pane) OnLastSpan() bool { return t.span+1 >= len(spans) }

// Open opens the pane on its first span, or keeps the span it was left on, and reads.
func (t *Pane) Open() tea.Cmd {
	if !t.open {
		t.open, t.span = true, 0
	}
	return t.Load()
}

// Close closes the pane: no history reads while it is hidden.
func (t *Pane) Close() { t.open = false }

// Toggle cycles closed → 30 days → 90 days → closed.
func (t *Pane) Toggle() tea.Cmd {
	switch {
	case !t.open:
		t.open, t.span = true, 0
	case t.span+1 < len(spans):
		t.span++
	default:
		t.open = false
		return nil
	}
	return t.Load()
}

// Load reads the samples of the shown span (a status refresh calls it too).
func (t *Pane) Load() tea.Cmd {
	if !t.open || !t.Available() {
		return nil
	}
	t.id = t.sh.NewID()
	id, read, life := t.id, t.sh.Opts.History, t.sh.Ctx
	since := t.sh.Now().Add(-spans[t.span])
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(life, common.RequestTimeout)
		defer cancel()
		s, err := read(ctx, since)
		return loadedMsg{id: id, samples: s, err: err}
	}
}

// Update takes the samples of the latest read; it reports whether msg was a read's.
func (t *Pane) Update(msg tea.Msg) bool {
	m, ok := msg.(loadedMsg)
	if ok && m.id == t.id {
		t.samples, t.err, t.drawn = m.samples, m.err, trendDrawn{}
	}
	return ok
}

// series are the numbers of one server, oldest first: folded samples count at both
// ends of their span.
type series struct {
	consumed, purchased, used []history.Point
}

func seriesOf(samples []history.Sample, server string) series {
	return series{
		consumed:  history.Points(samples, server, func(s history.Sample) *int { return s.CloudConsumed }),
		purchased: history.Points(samples, server, func(s history.Sample) *int { return s.CloudPurchased }),
		used:      history.Points(samples, server, func(s history.Sample) *int { return s.ServerSeatsUsed }),
	}
}

// observedSync is a change of a server's last sync seen between two samples.
type observedSync struct {
	date, status     string
	before, after    *int // consumed in the samples around it
	afterAt, afterTo time.Time
}

// observedSyncs lists the syncs of server the samples saw, newest first.
func observedSyncs(samples []history.Sample, server string) []observedSync {
	var out []observedSync
	var prev *history.Sample
	for i := range samples {
		smp := &samples[i]
		if smp.Server != server || smp.Source != history.SourceObserved {
			continue
		}
		cur, ok := syncOf(*smp, server)
		if ok && cur.Date != "" {
			old, had := history.SyncPoint{}, false
			if prev != nil {
				old, had = syncOf(*prev, server)
			}
			if !had || old.Date != cur.Date {
				o := observedSync{date: cur.Date, status: cur.Status, after: smp.CloudConsumed, afterAt: smp.At, afterTo: smp.Until}
				if prev != nil {
					o.before = prev.CloudConsumed
				}
				out = append(out, o)
			}
		}
		prev = smp
	}
	slices.Reverse(out)
	return out
}

func syncOf(s history.Sample, server string) (history.SyncPoint, bool) {
	for _, p := range s.Syncs {
		if strings.EqualFold(p.Server, server) {
			return p, true
		}
	}
	return history.SyncPoint{}, false
}

// View draws the pane in w×h cells; st is the last status read.
func (t *Pane) View(w, h int, st *status.Status) string {
	sty := t.sh.Styles
	other := spans[(t.span+1)%len(spans)]
	title := sty.Label.Render("Trend") + fmt.Sprintf(" · last %d days · %s: %d days · esc: users",
		int(spans[t.span].Hours()/24), t.sh.Keys.Trend.Help().Key, int(other.Hours()/24))
	lines := []string{common.Fit(title, w)}
	if t.err != nil {
		return strings.Join(append(lines, t.sh.Hang("The history could not be read: "+common.Reason(t.err), 0, w, sty.Bad)), "\n")
	}
	server := ""
	if st != nil {
		server = history.ServerKey(st.Server.Hostname)
	}
	s, syncs := t.drawnFor(server)
	if len(s.consumed)+len(s.used) == 0 {
		return strings.Join(append(lines, sty.Muted.Width(w).Render("No history yet: every refresh adds a reading; `licensesync history` adds the Server Statistics the cloud keeps.")), "\n")
	}
	now := t.sh.Now()
	from := now.Add(-spans[t.span])
	cols := max(w-common.LabelWidth-1, 10)
	rows := max(min(h-6-min(len(syncs), 5), 12), 2)

	consumed := bucketize(s.consumed, from, now, cols)
	purchased := extendBack(bucketize(s.purchased, from, now, cols))
	lines = append(lines, t.cloudHeader(s, syncs, w))
	if lo, hi := bounds(consumed, purchased); !math.IsNaN(lo) {
		lo = max(0, lo-(hi-lo)*0.1-1)
		for i, r := range t.chartRows(consumed, purchased, lo, hi, rows) {
			label := ""
			switch i {
			case 0:
				label = frontend.Thousands(int(hi))
			case rows - 1:
				label = frontend.Thousands(int(lo))
			}
			lines = append(lines, sty.Muted.Render(padLeft(label, common.LabelWidth-1))+"│"+r)
		}
	}
	if len(s.used) > 0 {
		first, last := s.used[0].V, s.used[len(s.used)-1].V
		for _, p := range s.used {
			if !p.At.Before(from) {
				break
			}
			first = p.V
		}
		suffix := fmt.Sprintf(" %s → %s seats used", frontend.Thousands(int(first)), frontend.Thousands(int(last)))
		used := bucketize(s.used, from, now, max(cols-len([]rune(suffix)), 10))
		lines = append(lines, common.Fit(sty.Label.Render(common.Pad("Server", common.LabelWidth))+sty.Accent.Render(sparkline(used))+suffix, w))
	}
	if len(s.consumed) > 0 && len(s.purchased) > 0 {
		f := history.Reach(s.consumed, s.purchased[len(s.purchased)-1].V, now)
		lines = append(lines, t.sh.Hang(sty.Label.Render(common.Pad("Outlook", common.LabelWidth))+forecastText(f), common.LabelWidth, w, sty.Text))
	}
	for i, o := range syncs {
		if len(lines) >= h {
			break
		}
		label := common.Pick(i == 0, "Syncs", "")
		lines = append(lines, common.Fit(sty.Label.Render(common.Pad(label, common.LabelWidth))+t.syncLine(o), w))
	}
	if len(lines) > h {
		lines = lines[:h]
	}
	return strings.Join(lines, "\n")
}

// cloudHeader is the cloud's numbers now and the change from the reading before the last
// sync (left out when no reading came before it: there is nothing to compare with).
func (t *Pane) cloudHeader(s series, syncs []observedSync, w int) string {
	sty := t.sh.Styles
	if len(s.consumed) == 0 {
		return common.Fit(sty.Label.Render(common.Pad("Cloud", common.LabelWidth))+sty.Muted.Render("no readings of the cloud's seats yet"), w)
	}
	now := s.consumed[len(s.consumed)-1].V
	text := frontend.Thousands(int(now)) + " consumed"
	if len(s.purchased) > 0 {
		text += " · " + frontend.Thousands(int(s.purchased[len(s.purchased)-1].V)) + " purchased " + sty.Warning.UnsetTransform().Render("─")
	}
	if len(syncs) > 0 && syncs[0].before != nil { // the change the last sync brought, and any since
		text += fmt.Sprintf(" · %s since before the last sync", signedCount(int(now)-*syncs[0].before))
	}
	return common.Fit(sty.Label.Render(common.Pad("Cloud", common.LabelWidth))+text, w)
}

// syncLine is one observed sync: its date, status and consumed before → after.
func (t *Pane) syncLine(o observedSync) string {
	sty := t.sh.Styles
	date := common.Clean(o.date)
	if at, err := client.ParseTime(o.date); err == nil {
		date = at.UTC().Format("2006-01-02 15:04")
	}
	status := common.Clean(o.status)
	if strings.EqualFold(status, "success") {
		status = sty.Good.Render(status)
	} else {
		status = sty.Bad.Render(status)
	}
	seats := "? → "
	if o.before != nil {
		seats = frontend.Thousands(*o.before) + " → "
	}
	if o.after != nil {
		seats += frontend.Thousands(*o.after)
	} else {
		seats += "?"
	}
	return date + " " + status + " · consumed " + seats
}

func signedCount(n int) string {
	if n < 0 {
		return "−" + frontend.Thousands(-n)
	}
	return "+" + frontend.Thousands(n)
}

func padLeft(s string, w int) string {
	if n := w - len([]rune(s)); n > 0 {
		return strings.Repeat(" ", n) + s
	}
	return s
}
