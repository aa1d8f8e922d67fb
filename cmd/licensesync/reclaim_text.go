package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/client/textsafe"
	"github.com/licensesync/licensesync/reclaim"
)

// actionTitles name the actions of a plan's text by kind.
var actionTitles = map[string]string{
	reclaim.KindSuspend:   "Suspend dormant users",
	reclaim.KindUnsuspend: "Unsuspend the users the run suspended",
	reclaim.KindCancel:    "Cancel stale pending invitations",
	reclaim.KindReinvite:  "Invite again the people whose invitations the run cancelled",
	reclaim.KindMatchVS:   "Match Visual Studio subscriptions counted twice",
	reclaim.KindUnmatchVS: "Remove the matches the run made",
}

// leverTitles name the levers in the totals.
var leverTitles = map[string]string{reclaim.LeverDormant: "Dormant users", reclaim.LeverInvitations: "Pending invitations",
	reclaim.LeverVS: "Visual Studio subscriptions"}

// printPlan writes a plan under title: the actions by kind with why and what each
// frees, what is not touched, the totals and the seats after. Every name is sanitized.
func printPlan(w io.Writer, title string, p *reclaim.Plan) {
	fmt.Fprintln(w, title)
	for _, u := range p.Unavailable {
		if u.Target != "" {
			fmt.Fprintf(w, "\n%s in %s: not planned. %s\n", leverTitle(u.Lever), textsafe.Sanitize(u.Target), textsafe.Sanitize(u.Why))
			continue
		}
		fmt.Fprintf(w, "\n%s: not planned. %s\n", leverTitle(u.Lever), textsafe.Sanitize(u.Why))
	}
	if len(p.Actions) == 0 {
		fmt.Fprintln(w, "\nNothing to reclaim: no action is planned.")
	}
	width := 0
	for _, a := range p.Actions {
		width = max(width, len(textsafe.Sanitize(a.Target)))
	}
	kind := ""
	for _, a := range p.Actions {
		if a.Kind != kind {
			kind = a.Kind
			fmt.Fprintf(w, "\n%s\n", actionTitles[kind])
		}
		fmt.Fprintf(w, "  %-9s %-*s  %s; frees %s\n", kindWord(a.Kind), width, textsafe.Sanitize(a.Target), textsafe.Sanitize(a.Why), freesWord(a))
	}
	printSkipped(w, p.Skipped)
	if len(p.Totals) > 0 {
		fmt.Fprintln(w, "\nTotals")
		for _, t := range p.Totals {
			when := "after the next sync"
			if t.Lever != reclaim.LeverDormant {
				when = "at once"
			}
			fmt.Fprintf(w, "  %s: %s, %s on the server now, %s in the cloud %s\n",
				leverTitle(t.Lever), countWord(t.Actions, "action"), seatsWord(t.ServerSeat), seatsWord(t.CloudSeat), when)
		}
	}
	if p.ServerSeatsUsed != nil && p.ServerSeatsUsedAfter != nil {
		fmt.Fprintf(w, "  Server seats used: %s → %s\n", seats.Thousands(*p.ServerSeatsUsed), seats.Thousands(*p.ServerSeatsUsedAfter))
	}
	if p.CloudSeatsConsumed != nil && p.CloudSeatsConsumedAfter != nil {
		fmt.Fprintf(w, "  Cloud seats consumed: %s → %s after the next license sync\n", seats.Thousands(*p.CloudSeatsConsumed), seats.Thousands(*p.CloudSeatsConsumedAfter))
	}
}

// freesWord says what an action frees on each side.
func freesWord(a reclaim.Action) string {
	server := "a server seat now"
	switch {
	case a.ServerSeat == 0:
		server = "no server seat"
	case a.ServerSeat < 0:
		server = "nothing: takes a server seat back"
	}
	return server + ", " + textsafe.Sanitize(a.CloudNote)
}

// printSkipped lists the accounts a plan spares; those spared for recent activity,
// often many, as a count.
func printSkipped(w io.Writer, skipped []reclaim.Skip) {
	if len(skipped) == 0 {
		return
	}
	fmt.Fprintf(w, "\nNot touched (%d)\n", len(skipped))
	recent := map[string]int{}
	for _, s := range skipped {
		if s.Rule == reclaim.SkipRecent {
			recent[s.Lever]++
			continue
		}
		fmt.Fprintf(w, "  %s: %s\n", textsafe.Sanitize(s.Target), textsafe.Sanitize(s.Why))
	}
	if n := recent[reclaim.LeverDormant]; n > 0 {
		fmt.Fprintf(w, "  %s active more recently than --inactive-for (--json lists them)\n", countWord(n, "dormant user"))
	}
	if n := recent[reclaim.LeverInvitations]; n > 0 {
		fmt.Fprintf(w, "  %s newer than --invitations-older-than (--json lists them)\n", countWord(n, "pending invitation"))
	}
}

// kindWords are the short words of the plan's lines, by kind of action.
var kindWords = map[string]string{reclaim.KindCancel: "cancel", reclaim.KindReinvite: "reinvite", reclaim.KindMatchVS: "match",
	reclaim.KindUnmatchVS: "unmatch"}

func kindWord(kind string) string {
	if w, ok := kindWords[kind]; ok {
		return w
	}
	return kind
}

// countWord writes n things: "1 dormant user", "2 dormant users".
func countWord(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

func leverTitle(lever string) string {
	if t, ok := leverTitles[lever]; ok {
		return t
	}
	return lever
}

// seatsWord writes a change of seats: "1 seat freed", "2 seats back in use", "no seat".
func seatsWord(n int) string {
	switch {
	case n == 0:
		return "no seat freed"
	case n == 1:
		return "1 seat freed"
	case n == -1:
		return "1 seat back in use"
	case n < 0:
		return fmt.Sprintf("%d seats back in use", -n)
	}
	return fmt.Sprintf("%d seats freed", n)
}

// printProgress writes one line of a run's progress.
func printProgress(w io.Writer, p reclaim.Progress) {
	if p.Current == "" {
		return
	}
	rate := ""
	if p.PerMinute > 0 {
		rate = fmt.Sprintf(" · %.0f/min", p.PerMinute)
	}
	fmt.Fprintf(w, "  [%d/%d] %s%s · about %s left\n", p.Done+1, p.Total, textsafe.Sanitize(p.Current), rate, p.Left.Round(time.Second))
}

// printResult writes a run's outcome: what could not be done, one line each, and the
// counts.
func printResult(w io.Writer, r *reclaim.Result, total int) {
	fmt.Fprintln(w)
	for _, o := range r.Outcomes {
		if o.Outcome == reclaim.OutcomeRefused || o.Outcome == reclaim.OutcomeFailed {
			fmt.Fprintf(w, "  %s %s %s: %s\n", o.Outcome, o.Action.Kind, textsafe.Sanitize(o.Action.Target), textsafe.Sanitize(o.Detail))
		}
	}
	what := "Run"
	if r.Kind == reclaim.RunUndo {
		what = "Undo run"
	}
	fmt.Fprintf(w, "%s %s: %d done, %d already so, %d refused, %d failed, %d of %d finished\n", what, r.RunID,
		r.Count(reclaim.OutcomeDone), r.Count(reclaim.OutcomeAlready), r.Count(reclaim.OutcomeRefused), r.Count(reclaim.OutcomeFailed), len(r.Outcomes), total)
	switch {
	case r.Interrupted:
		fmt.Fprintln(w, "Interrupted: run the same command again to continue where it stopped.")
	case r.Kind == reclaim.RunUndo && r.Count(reclaim.OutcomeRefused)+r.Count(reclaim.OutcomeFailed) > 0:
		fmt.Fprintln(w, "Not reversed: the accounts listed above as refused or failed.")
	case r.Kind == reclaim.RunApply && r.Count(reclaim.OutcomeDone) > 0:
		fmt.Fprintf(w, "Server seats are free now; cloud seats of suspensions after the next license sync, of invitations and matches at once. Undo with `licensesync reclaim --undo %s`.\n", r.RunID)
	}
}

// reclaimHistory lists the journal's runs.
func (a *app) reclaimHistory(f *reclaimFlags) error {
	j, err := a.reclaimJournal()
	if err != nil {
		return err
	}
	runs, err := j.Runs()
	if err != nil {
		return fmt.Errorf("cannot read the reclaim journal %s: %w", j.Dir(), err)
	}
	if f.asJSON.wanted() {
		out := make([]runJSON, 0, len(runs))
		for _, r := range runs {
			out = append(out, newRunJSON(r))
		}
		return f.asJSON.write(a.io.out, out)
	}
	if len(runs) == 0 {
		fmt.Fprintf(a.io.out, "No reclaim runs yet (journal: %s).\n", j.Dir())
		return nil
	}
	for _, r := range runs {
		j := newRunJSON(r)
		kind := "apply"
		if r.Kind == reclaim.RunUndo {
			kind = "undo of " + r.UndoOf
		}
		state := "finished"
		if !r.Finished {
			state = "unfinished"
		}
		fmt.Fprintf(a.io.out, "%s  %-33s %s  %s  %d actions: %d done, %d already, %d refused, %d failed  %s\n",
			r.ID, kind, r.Started.Format(time.DateTime), textsafe.Sanitize(r.Server), j.Actions, j.Done, j.Already, j.Refused, j.Failed, state)
	}
	return nil
}

// runJSON is one run of reclaim --history --json (docs/RECLAIM.md).
type runJSON struct {
	ID       string    `json:"id"`
	Kind     string    `json:"kind"`
	UndoOf   string    `json:"undo_of,omitempty"`
	Server   string    `json:"server"`
	Started  time.Time `json:"started"`
	Finished bool      `json:"finished"`
	Actions  int       `json:"actions"`
	Done     int       `json:"done"`
	Already  int       `json:"already"`
	Refused  int       `json:"refused"`
	Failed   int       `json:"failed"`
}

func newRunJSON(r *reclaim.Run) runJSON {
	return runJSON{ID: r.ID, Kind: r.Kind, UndoOf: r.UndoOf, Server: strings.TrimSpace(textsafe.Sanitize(r.Server)), Started: r.Started,
		Finished: r.Finished, Actions: len(r.Actions), Done: r.Count(reclaim.OutcomeDone), Already: r.Count(reclaim.OutcomeAlready),
		Refused: r.Count(reclaim.OutcomeRefused), Failed: r.Count(reclaim.OutcomeFailed)}
}
