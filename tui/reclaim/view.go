package reclaim

import (
	"fmt"
	"strings"
	"time"

	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/reclaim"
	"github.com/licensesync/licensesync/tui/common"
)

// View is the pane in w columns: its title line and room lines under it.
func (p *Pane) View(w, room int) string {
	room = max(room, 0) // the help may leave the pane no room at all
	// The footer (the question, the answer to a key) always shows; the body and the
	// rows share what is left, the body first.
	footer := p.footer(w)
	lines := p.body(w)
	if len(lines) > room-len(footer) {
		lines = lines[:max(room-len(footer), 0)]
	}
	if p.mode == modePlan || p.mode == modeConfirm || p.mode == modeRunning {
		lines = append(lines, p.rows(w, room-len(lines)-len(footer))...)
	}
	lines = append(lines, footer...)
	if len(lines) > room {
		lines = lines[len(lines)-room:]
	}
	return strings.Join(append([]string{common.Fit(p.title(), w)}, lines...), "\n")
}

// title names the server and what the chosen actions free.
func (p *Pane) title() string {
	host := p.sh.ApplianceHost()
	if p.plan != nil && p.plan.Server != "" {
		host = common.Clean(p.plan.Server)
	}
	switch {
	case p.plan == nil || p.mode == modeDone || p.mode == modeFailed:
		return "Reclaim on " + host
	case p.undoOf != nil:
		return fmt.Sprintf("Undo run %s on %s · %s", p.undoOf.ID, host, count(len(p.plan.Actions), "action"))
	}
	server, cloud := 0, 0
	for _, a := range p.plan.Actions {
		if p.chosen[a.ID] {
			server += a.ServerSeat
			cloud += a.CloudSeat
		}
	}
	return fmt.Sprintf("Reclaim on %s · %d of %d chosen · frees %s server, %s cloud seats",
		host, p.countChosen(), len(p.plan.Actions), seats.Thousands(server), seats.Thousands(cloud))
}

// body is what stands above the actions: the state of a read or a run, the levers
// that could not be planned, a stopped run.
func (p *Pane) body(w int) []string {
	st := p.sh.Styles
	hang := func(s string, style func(...string) string) []string {
		return strings.Split("  "+p.sh.Hang(style(s), 2, w, st.Text), "\n")
	}
	switch p.mode {
	case modePlanning:
		return []string{st.Muted.Render("  reading the dormant users, the invitations and the seats…  (esc stops)")}
	case modeFailed:
		return append(hang("No plan could be made: "+common.Clean(p.err.Error()), st.Bad.Render),
			st.Muted.Render(common.Fit("  r plans again", w)))
	case modeDone:
		return p.outcome(w)
	}
	var out []string
	// What could not be planned, a line each (the command prints it whole).
	const unavailableShown = 3
	for i, u := range p.plan.Unavailable {
		if i == unavailableShown {
			out = append(out, st.Muted.Render(common.Fit(fmt.Sprintf("  and %d more not planned: licensesync reclaim says why",
				len(p.plan.Unavailable)-unavailableShown), w)))
			break
		}
		where := leverName(u.Lever)
		if u.Target != "" {
			where += " in " + common.Clean(u.Target)
		}
		out = append(out, common.Fit("  "+st.Warning.Render(where+": not planned: "+common.Clean(u.Why)), w))
	}
	if p.pending != nil && p.undoOf == nil {
		out = append(out, hang(fmt.Sprintf("Run %s stopped with %d of %d actions finished: a continues it (these are its actions).",
			p.pending.ID, len(p.pending.Outcomes), len(p.pending.Actions)), st.Warning.Render)...)
	}
	if len(p.plan.Actions) == 0 {
		out = append(out, hang("Nothing to reclaim: no action is planned.", st.Text.Render)...)
	}
	if p.mode == modeRunning {
		out = append(out, st.Accent.Render(common.Fit("  "+progressText(p.progress), w)))
	}
	return out
}

// rows are the actions, the selected one marked, scrolled to stay in room lines.
func (p *Pane) rows(w, room int) []string {
	acts := p.plan.Actions
	if room < 1 || len(acts) == 0 {
		return nil
	}
	top := min(max(p.cursor-room+1, 0), max(len(acts)-room, 0))
	nameW := 4
	for _, a := range acts[top:min(len(acts), top+room)] {
		nameW = min(max(nameW, len(common.Clean(a.Target))), 20)
	}
	st := p.sh.Styles
	var out []string
	for i := top; i < min(len(acts), top+room); i++ {
		a := acts[i]
		box := "[ ]"
		if p.chosen[a.ID] {
			box = "[x]"
		}
		line := common.Fit(fmt.Sprintf("  %s %-9s %s  %s", box, verb(a.Kind), common.Pad(common.Clean(a.Target), nameW), common.Clean(a.Why)), w)
		if i == p.cursor && p.mode == modePlan {
			line = st.Selected.Render(common.Pad(line, w))
		}
		out = append(out, line)
	}
	if below := len(acts) - top - len(out); below > 0 {
		out[len(out)-1] = st.Muted.Render(common.Fit(fmt.Sprintf("  ↓ %d more below: j/↓", below+1), w))
	}
	return out
}

// footer is the last lines: the question, the answer to the last key, or what the
// selected action frees.
func (p *Pane) footer(w int) []string {
	st := p.sh.Styles
	hang := func(s string, render func(...string) string) []string {
		return strings.Split("  "+p.sh.Hang(render(s), 2, w, st.Text), "\n")
	}
	switch {
	case p.mode == modeConfirm:
		return hang(p.question(), st.Warning.Render)
	case p.note != "":
		return hang(p.note, st.Warning.Render)
	case p.mode == modePlan:
		if a := p.selected(); a != nil {
			server := "frees no server seat"
			switch {
			case a.ServerSeat > 0:
				server = "frees a server seat now"
			case a.ServerSeat < 0:
				server = "takes a server seat again"
			}
			return hang(fmt.Sprintf("%s %s %s; cloud: %s", verb(a.Kind), common.Clean(a.Target), server, common.Clean(a.CloudNote)), st.Muted.Render)
		}
	}
	return nil
}

// question is the confirmation asked before a run.
func (p *Pane) question() string {
	host := common.Clean(p.plan.Server)
	switch {
	case p.undoOf != nil && p.pending != nil:
		return fmt.Sprintf("Continue undo run %s on %s? y/N", p.pending.ID, host)
	case p.undoOf != nil:
		return fmt.Sprintf("Reverse these %s of run %s on %s? y/N", count(p.countChosen(), "action"), p.undoOf.ID, host)
	case p.pending != nil:
		return fmt.Sprintf("Continue run %s on %s (%d of %d finished)? y/N", p.pending.ID, host, len(p.pending.Outcomes), len(p.pending.Actions))
	}
	return fmt.Sprintf("Take these %s on %s? Each is journaled, and U undoes the run. y/N", count(p.countChosen(), "action"), host)
}

// outcome is a finished run: the counts, what was refused or failed, what next.
func (p *Pane) outcome(w int) []string {
	st := p.sh.Styles
	hang := func(s string, render func(...string) string) []string {
		return strings.Split("  "+p.sh.Hang(render(s), 2, w, st.Text), "\n")
	}
	if p.err != nil {
		return append(hang("The run stopped: "+common.Clean(p.err.Error()), st.Bad.Render),
			st.Muted.Render(common.Fit("  a on the plan again (r) continues it where it stopped", w)))
	}
	r := p.result
	what := "Run"
	if r.Kind == reclaim.RunUndo {
		what = "Undo run"
	}
	out := hang(fmt.Sprintf("%s %s: %d done, %d already so, %d refused, %d failed, %d of %d finished", what, r.RunID,
		r.Count(reclaim.OutcomeDone), r.Count(reclaim.OutcomeAlready), r.Count(reclaim.OutcomeRefused), r.Count(reclaim.OutcomeFailed),
		len(r.Outcomes), p.progress.Total), st.Good.Render)
	for _, o := range r.Outcomes {
		if o.Outcome == reclaim.OutcomeRefused || o.Outcome == reclaim.OutcomeFailed {
			out = append(out, hang(fmt.Sprintf("%s %s %s: %s", o.Outcome, verb(o.Action.Kind), common.Clean(o.Action.Target), common.Clean(o.Detail)), st.Warning.Render)...)
		}
	}
	switch {
	case r.Interrupted:
		out = append(out, hang("Stopped: r plans again and a continues the run where it stopped.", st.Text.Render)...)
	case r.Kind == reclaim.RunApply && r.Count(reclaim.OutcomeDone) > 0:
		out = append(out, hang("Server seats are free now; cloud seats after the next license sync. U undoes this run.", st.Text.Render)...)
	}
	return out
}

// progressText is a run's progress: which action, how fast, how long still.
func progressText(pr reclaim.Progress) string {
	if pr.Current == "" {
		return fmt.Sprintf("[%d/%d] starting…", pr.Done, pr.Total)
	}
	rate := ""
	if pr.PerMinute > 0 {
		rate = fmt.Sprintf(" · %.0f/min", pr.PerMinute)
	}
	return fmt.Sprintf("[%d/%d] %s%s · about %s left", pr.Done+1, pr.Total, common.Clean(pr.Current), rate, pr.Left.Round(time.Second))
}

// leverNames and verbs are the levers and the kinds of action as the pane names them.
var (
	leverNames = map[string]string{reclaim.LeverDormant: "Dormant users", reclaim.LeverInvitations: "Pending invitations",
		reclaim.LeverVS: "Visual Studio subscriptions"}
	verbs = map[string]string{reclaim.KindSuspend: "suspend", reclaim.KindUnsuspend: "unsuspend", reclaim.KindCancel: "cancel",
		reclaim.KindReinvite: "reinvite", reclaim.KindMatchVS: "match", reclaim.KindUnmatchVS: "unmatch"}
)

// leverName is a lever as the pane names it.
func leverName(lever string) string {
	if n, ok := leverNames[lever]; ok {
		return n
	}
	return common.UpperFirst(common.Clean(lever))
}

// verb is an action's kind in one short word.
func verb(kind string) string {
	if v, ok := verbs[kind]; ok {
		return v
	}
	return common.Clean(kind)
}

// count is n things, with thousands separators.
func count(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return seats.Thousands(n) + " " + thing + "s"
}
