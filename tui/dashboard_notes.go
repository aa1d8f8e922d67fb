package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/tui/common"

	"github.com/charmbracelet/lipgloss"
)

// dashNote is one line of news under the summary: an outcome, an error, a gap.
type dashNote struct {
	mark, text string
	style      lipgloss.Style
	// detail is the whole story where text is its short form (an error's operation
	// and cause as well as its hint); shown when the notes are open. A note with no
	// text shows only then.
	detail string
}

// noticeLines are the "Sync now" progress or result, staleness and the status's gaps.
// A line is never shown twice, and a gap that repeats an error already shown (the same
// failure, seen by the status and by the users load) is left out.
//
// Notes are wrapped, never cut (the fix is in their last words), except on a small
// screen, where each takes one line and at most maxNotes show. The notes key opens
// them: every note whole, and every error in full (what was being done, the cause,
// the hint), so nothing needs running again to be read.
func (p *dashboardPage) noticeLines(w int) []string {
	st := p.sh.Styles
	var out []string
	shown := map[string]bool{}
	collapse := p.compact && !p.notesOpen
	p.notesCut = 0
	var fold []dashNote
	noted := 0
	add := func(n dashNote) {
		key := n.text + "\x00" + n.detail
		if shown[key] {
			return
		}
		shown[key] = true
		noted++
		text := n.text
		if n.detail != "" && n.detail != n.text {
			if !p.notesOpen {
				p.notesCut++ // more to read: the notes key shows it
			} else {
				text = n.detail
			}
		}
		switch {
		case text == "":
		case collapse:
			n.text = text
			fold = append(fold, n)
		default:
			out = append(out, n.style.Render(n.mark+" ")+p.sh.Hang(text, 2, w, n.style))
		}
	}
	note := func(mark, text string, style lipgloss.Style) { add(dashNote{mark: mark, text: text, style: style}) }
	// hints are the shown errors' hints: a gap carrying one says nothing new.
	var hints []string
	switch {
	case p.sync.running:
		state := "starting"
		if p.sync.job != nil {
			state = common.Clean(p.sync.job.State)
		}
		elapsed := p.sh.Now().Sub(p.sync.started).Round(time.Second)
		out = append(out, st.Accent.Render(common.Fit(fmt.Sprintf("Sync now: %s… %s", state, frontend.Span(elapsed)), w)))
	case p.sync.result != "" && p.sync.good:
		note("✓", p.sync.result, st.Good)
	case p.sync.result != "":
		add(dashNote{mark: "✗", text: p.sync.result, style: st.Bad, detail: p.sync.detail()})
	}
	if p.sh.Session.Arrival != "" {
		note("→", p.sh.Session.Arrival, st.Accent)
	}
	switch {
	case p.toast.text != "" && p.toast.info:
		note("→", p.toast.text, st.Accent)
	case p.toast.text != "" && p.toast.good:
		note("✓", p.toast.text, st.Good)
	case p.toast.text != "":
		note("✗", p.toast.text, st.Bad)
	}
	out = append(out, p.errorNotes(add, &hints)...)
	for i, n := range p.users.notes {
		if i == 1 && !p.notesOpen {
			p.notesCut += len(p.users.notes) - 1
			break
		}
		note("!", common.Clean(n), st.Warning)
	}
	if p.sh.Session.ConsoleUnavailable {
		// Not a problem, a fact of stock appliances: said once, as where to go.
		note("→", p.syncInBrowserText(), st.Muted)
	}
	if p.status.current != nil {
		for _, src := range p.status.current.Sources {
			// Where a value came from: information, not a warning.
			note("→", common.Clean(src), st.Muted)
		}
	}
	if p.status.current != nil {
		const maxGaps = 2
		gaps := 0
		for _, g := range p.status.current.Gaps {
			g = common.Clean(g)
			if shown[g+"\x00"] || containsAny(g, hints) || (p.sh.Session.ConsoleUnavailable && strings.Contains(g, "no console API")) {
				continue
			}
			if gaps == maxGaps && !p.notesOpen {
				p.notesCut++
				continue
			}
			gaps++
			note("!", g, st.Warning)
		}
	}
	if noted == 0 {
		// Nothing left to show (the toast the notes key opened has gone): the footer
		// must not offer to fold notes that are not there.
		p.notesOpen = false
	}
	return append(out, p.foldNotes(fold, w)...)
}

// errorNotes adds the failures of the users load, the status read and the syncs, and
// returns the "updated" line when the status is current.
func (p *dashboardPage) errorNotes(add func(dashNote), hints *[]string) []string {
	st := p.sh.Styles
	if p.users.err != nil && !p.users.loading {
		*hints = append(*hints, common.HintOf(p.users.err))
		what := "Users could not be read from the cloud: "
		switch {
		case p.users.noCloudEnt:
			what = "" // the Cloud line above says it
		case p.users.fromSnapshot:
			what = "Users are the snapshot from " + frontend.Ago(p.sh.Now(), p.users.snapAt) + "; checking it with the cloud failed: "
		case p.users.loaded:
			what = "Users are stale, the reload from the cloud failed: "
		}
		if what != "" {
			add(dashNote{mark: "✗", text: what + common.CloudReason(p.users.err), style: st.Bad, detail: what + common.FullReason(p.users.err)})
		}
	}
	var updated []string
	switch {
	case p.status.err != nil && p.status.current != nil:
		*hints = append(*hints, common.HintOf(p.status.err))
		what := "Stale, updated " + frontend.Ago(p.sh.Now(), p.status.updated) + ": "
		add(dashNote{mark: "✗", text: what + common.Reason(p.status.err) + p.status.next(), style: st.Bad,
			detail: what + common.FullReason(p.status.err) + p.status.next()})
	case p.status.err != nil:
		// The Server line says the hint; the whole error is a note away.
		add(dashNote{mark: "✗", style: st.Bad, detail: "The server's status could not be read: " + common.FullReason(p.status.err) + p.status.next()})
	case p.status.current != nil && !p.tight:
		line := "updated " + frontend.Ago(p.sh.Now(), p.status.updated)
		if p.status.refreshing {
			line += " · refreshing…"
		}
		updated = append(updated, st.Muted.Render(line))
	}
	if s := p.status.current; s != nil && s.Sync.Error != "" {
		add(dashNote{mark: "✗", style: st.Bad, detail: "This server's last sync failed: " + common.Clean(s.Sync.Error)})
	}
	if s := p.status.current; s != nil {
		for _, o := range s.Cloud.Servers {
			if e := common.Clean(o.LastSync.Error); e != "" {
				add(dashNote{mark: "✗", style: st.Bad, detail: "The cloud says the last sync of " + common.Clean(o.Hostname) + " failed: " + e})
			}
		}
	}
	return updated
}

// foldNotes draws folded notes one line each, the last shown saying how many more
// there are and which key shows them all.
func (p *dashboardPage) foldNotes(fold []dashNote, w int) []string {
	st := p.sh.Styles
	var out []string
	hidden := max(len(fold)-p.maxNotes(), 0) + p.notesCut
	for i, f := range fold {
		if i == p.maxNotes() {
			break
		}
		more := ""
		if i == min(len(fold), p.maxNotes())-1 && hidden > 0 {
			more = st.Muted.Render(fmt.Sprintf(" +%d more: %s", hidden, p.sh.Keys.Notes.Help().Key))
		}
		text := common.Fit(f.text, w-2-lipgloss.Width(more))
		if text != f.text {
			p.notesCut++
		}
		out = append(out, f.style.Render(f.mark+" "+text)+more)
	}
	p.notesCut += max(len(fold)-p.maxNotes(), 0)
	return out
}

// maxNotes is the most notes a compact summary shows, one line each: three, or one
// on a screen as small as 60×16.
func (p *dashboardPage) maxNotes() int {
	if p.sh.Height < 18 {
		return 1
	}
	return 3
}
