package reclaim

import (
	"context"
	"fmt"
	"time"

	"github.com/licensesync/licensesync/client"
)

// MinGap is the least time between two writes: GitHub asks that mutating requests be
// made serially, at least one second apart ("Best practices for using the REST API").
const MinGap = time.Second

// Server is the part of the API the engine acts through; *client.Client has it.
type Server interface {
	ServerUser(ctx context.Context, login string) (*client.ServerUser, error)
	SuspendUser(ctx context.Context, login, reason string) error
	UnsuspendUser(ctx context.Context, login, reason string) error
}

// Engine applies plans and undoes runs, journaled. Server and Journal are required;
// Cloud is needed by the cloud's levers (invitations, Visual Studio) only; Gap below
// MinGap is MinGap; Now and Sleep default to the clock.
type Engine struct {
	Server  Server
	Cloud   Cloud
	Journal *Journal
	Host    string // the server the runs act on, recorded in each run
	Gap     time.Duration
	Now     func() time.Time
	Sleep   func(ctx context.Context, d time.Duration) error
}

// Progress is where a run stands, given to the progress callback before each action
// and after the last.
type Progress struct {
	RunID   string
	Done    int // actions finished (any outcome)
	Total   int
	Refused int
	Failed  int
	Current string // the action being taken, "" after the last
	// PerMinute is the pace so far; Left the time the rest takes at that pace (at
	// least the gap per action left).
	PerMinute float64
	Left      time.Duration
}

// Outcome is what became of one action in a run.
type Outcome struct {
	Action  Action `json:"action"`
	Outcome string `json:"outcome"`
	Detail  string `json:"detail,omitempty"`
}

// Result is a run's outcome. Interrupted says the context ended it before the last
// action: a re-run continues it.
type Result struct {
	RunID       string    `json:"run_id"`
	Kind        string    `json:"kind"`
	UndoOf      string    `json:"undo_of,omitempty"`
	Resumed     bool      `json:"resumed"`
	Outcomes    []Outcome `json:"outcomes"`
	Interrupted bool      `json:"interrupted"`
}

// Count is how many actions of r ended with outcome.
func (r *Result) Count(outcome string) int {
	n := 0
	for _, o := range r.Outcomes {
		if o.Outcome == outcome {
			n++
		}
	}
	return n
}

// Pending is the unfinished run of kind a new Apply (RunApply) or Undo (RunUndo)
// would continue, nil when none.
func (e *Engine) Pending(kind string) (*Run, error) { return e.Journal.unfinished(kind, e.Host) }

// Apply carries out plan's actions, or first continues the unfinished apply run
// (Pending) when there is one: its actions not yet finished, each checked against
// the live state. It returns when every action has an outcome or ctx ends.
func (e *Engine) Apply(ctx context.Context, plan *Plan, onProgress func(Progress)) (*Result, error) {
	if run, err := e.Pending(RunApply); err != nil || run != nil {
		if err != nil {
			return nil, err
		}
		return e.continueRun(ctx, run, onProgress)
	}
	return e.start(ctx, header{Kind: RunApply, Actions: plan.Actions}, onProgress)
}

// start journals a new run and carries it out.
func (e *Engine) start(ctx context.Context, h header, onProgress func(Progress)) (*Result, error) {
	h.ID, h.Server = newRunID(e.now()), e.Host
	rf, err := e.Journal.begin(h, e.now)
	if err != nil {
		return nil, err
	}
	defer rf.close()
	run := &Run{ID: h.ID, Kind: h.Kind, UndoOf: h.UndoOf, Server: h.Server, Actions: h.Actions,
		Outcomes: map[string]string{}, Details: map[string]string{}, Open: map[string]bool{}}
	return e.carryOut(ctx, rf, run, false, onProgress)
}

// continueRun reopens an unfinished run and carries out what is left of it.
func (e *Engine) continueRun(ctx context.Context, run *Run, onProgress func(Progress)) (*Result, error) {
	rf, err := e.Journal.reopen(run.ID, e.now)
	if err != nil {
		return nil, err
	}
	defer rf.close()
	return e.carryOut(ctx, rf, run, true, onProgress)
}

// carryOut takes run's actions in order, one at a time, paced.
func (e *Engine) carryOut(ctx context.Context, rf *runFile, run *Run, resumed bool, onProgress func(Progress)) (*Result, error) {
	res := &Result{RunID: run.ID, Kind: run.Kind, UndoOf: run.UndoOf, Resumed: resumed, Outcomes: []Outcome{}}
	p := Progress{RunID: run.ID, Total: len(run.Actions)}
	start := e.now()
	var lastWrite time.Time
	report := func(current string) {
		p.Current = current
		if elapsed := e.now().Sub(start); elapsed > 0 && p.Done > 0 {
			p.PerMinute = float64(p.Done) / elapsed.Minutes()
			per := max(elapsed/time.Duration(p.Done), e.gap())
			p.Left = per * time.Duration(p.Total-p.Done)
		} else {
			p.Left = e.gap() * time.Duration(p.Total-p.Done)
		}
		if onProgress != nil {
			onProgress(p)
		}
	}
	for _, a := range run.Actions {
		if o, ok := run.Outcomes[a.ID]; ok && o != OutcomeFailed {
			res.Outcomes = append(res.Outcomes, Outcome{Action: a, Outcome: o, Detail: run.Details[a.ID]})
			p.Done++
			p.count(o)
			continue
		}
		if ctx.Err() != nil {
			res.Interrupted = true
			return res, nil
		}
		report(a.Target)
		o, err := e.act(ctx, rf, a, run.Open[a.ID], &lastWrite)
		if err != nil {
			return res, err // the journal cannot be written: stop before any other write
		}
		if o.Outcome == "" { // ctx ended mid-action: the journal says where
			res.Interrupted = true
			return res, nil
		}
		res.Outcomes = append(res.Outcomes, o)
		p.Done++
		p.count(o.Outcome)
	}
	report("")
	if err := rf.append(entry{Event: "end"}); err != nil {
		return res, err
	}
	return res, nil
}

// count adds an outcome to the progress's refusals and failures.
func (p *Progress) count(outcome string) {
	switch outcome {
	case OutcomeRefused:
		p.Refused++
	case OutcomeFailed:
		p.Failed++
	}
}

// act takes one action: the live state first, then (paced) intent, write, read back,
// outcome. An empty outcome means ctx ended before the action finished; an error that
// the journal could not be written.
func (e *Engine) act(ctx context.Context, rf *runFile, a Action, intended bool, lastWrite *time.Time) (Outcome, error) {
	o := Outcome{Action: a}
	finish := func(outcome, detail string) (Outcome, error) {
		o.Outcome, o.Detail = outcome, detail
		return o, rf.append(entry{Event: "outcome", Action: a.ID, Outcome: outcome, Detail: detail})
	}
	live, err := e.liveState(ctx, a)
	if ctx.Err() != nil {
		return Outcome{}, nil
	}
	if err != nil {
		return finish(refusalOrFailure(err), err.Error())
	}
	if live.asWanted {
		if intended {
			// The intent was journaled and the state is as wanted: the write was made
			// and its answer lost (or the run stopped right after it).
			return finish(OutcomeDone, "found done on resume: the write had been made")
		}
		return finish(OutcomeAlready, "already "+stateWord(a)+": nothing written")
	}
	if live.refuse != "" {
		return finish(OutcomeRefused, live.refuse)
	}
	if wait := lastWrite.Add(e.gap()).Sub(e.now()); !lastWrite.IsZero() && wait > 0 {
		if err := e.sleep(ctx, wait); err != nil {
			return Outcome{}, nil
		}
	}
	if err := rf.append(entry{Event: "intent", Action: a.ID}); err != nil {
		return Outcome{}, err
	}
	*lastWrite = e.now()
	if err = e.write(ctx, a); err != nil && !client.MaybeApplied(err) {
		if ctx.Err() != nil {
			return Outcome{}, nil
		}
		return finish(refusalOrFailure(err), err.Error())
	}
	// Read back, also after an ambiguous failure: the state says whether it applied.
	back, rerr := e.liveState(context.WithoutCancel(ctx), a)
	switch {
	case rerr != nil:
		return finish(OutcomeFailed, "written, but reading it back failed: "+rerr.Error())
	case !back.asWanted:
		detail := "the " + targetWord(a) + " is not " + stateWord(a) + " after the write"
		if err != nil {
			detail = err.Error()
		}
		return finish(OutcomeFailed, detail)
	}
	return finish(OutcomeDone, stateWord(a)+", read back")
}

// write sends an action's one write.
func (e *Engine) write(ctx context.Context, a Action) error {
	reason := "licensesync reclaim: " + a.Why
	switch a.Kind {
	case KindSuspend:
		return e.Server.SuspendUser(ctx, a.Target, reason)
	case KindUnsuspend:
		return e.Server.UnsuspendUser(ctx, a.Target, "licensesync reclaim --undo")
	}
	if e.Cloud == nil {
		return errNoCloud
	}
	switch a.Kind {
	case KindCancel:
		return e.Cloud.CancelInvitation(ctx, a.Org, a.InvitationID)
	case KindReinvite:
		return e.Cloud.CreateInvitation(ctx, a.Org, client.Reinvitation{InviteeID: a.InviteeID, Email: a.Email, Role: a.Role, TeamIDs: a.TeamIDs})
	case KindMatchVS:
		return e.Cloud.MatchVSSubscription(ctx, a.SubscriptionID, a.Target)
	case KindUnmatchVS:
		return e.Cloud.UnmatchVSSubscription(ctx, a.SubscriptionID)
	}
	return fmt.Errorf("unknown action kind %q", a.Kind)
}

// refusalOrFailure is the outcome of a write's error: GitHub's refusals (403, 404, 422,
// a missing scope) are refused, anything else failed.
func refusalOrFailure(err error) string {
	switch client.KindOf(err) {
	case client.KindMissingScope, client.KindNotSiteAdmin, client.KindNotFound, client.KindConflict, client.KindUnauthorized:
		return OutcomeRefused
	}
	return OutcomeFailed
}

func (e *Engine) gap() time.Duration { return max(e.Gap, MinGap) }

func (e *Engine) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

func (e *Engine) sleep(ctx context.Context, d time.Duration) error {
	if e.Sleep != nil {
		return e.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
