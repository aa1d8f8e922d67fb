package reclaim

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// ErrNothingToUndo says no applied run is left to undo.
var ErrNothingToUndo = errors.New("no applied reclaim run is left to undo (see reclaim --history)")

// UndoTarget is the applied run an undo reverses: run id, or with id "" the newest
// applied run on this server that changed something and is not undone yet.
func (e *Engine) UndoTarget(id string) (*Run, error) {
	runs, err := e.Journal.Runs()
	if err != nil {
		return nil, err
	}
	undoneBy := map[string]string{}
	for _, r := range runs {
		if r.Kind == RunUndo && r.Finished {
			undoneBy[r.UndoOf] = r.ID
		}
	}
	if id != "" {
		r, err := e.Journal.Read(id)
		if err != nil {
			return nil, err
		}
		if r.Kind != RunApply {
			return nil, fmt.Errorf("run %s is an undo, not an applied run; give the id of an applied run (see reclaim --history)", id)
		}
		if by := undoneBy[id]; by != "" {
			return nil, fmt.Errorf("run %s was already undone by run %s", id, by)
		}
		return r, nil
	}
	for _, r := range slices.Backward(runs) {
		if r.Kind == RunApply && strings.EqualFold(r.Server, e.Host) && undoneBy[r.ID] == "" && r.Count(OutcomeDone) > 0 {
			return r, nil
		}
	}
	return nil, ErrNothingToUndo
}

// UndoPlan is the plan that reverses target: the inverse of each action it did, the
// last first. Actions it found already done, refused or failed changed nothing of
// ours and are not reversed.
func UndoPlan(target *Run) *Plan {
	p := &Plan{Server: target.Server, Actions: []Action{}, Skipped: []Skip{}, Unavailable: []Skip{}, Totals: []LeverTotal{}}
	for _, a := range slices.Backward(target.Actions) {
		if target.Outcomes[a.ID] != OutcomeDone {
			if o := target.Outcomes[a.ID]; o != "" {
				p.Skipped = append(p.Skipped, Skip{Lever: a.Lever, Target: a.Target, Rule: SkipNotOurs, Why: "not changed by run " + target.ID + " (" + o + ")"})
			}
			continue
		}
		inv := a
		switch a.Kind {
		case KindSuspend:
			inv.Kind, inv.ID = KindUnsuspend, KindUnsuspend+":"+strings.ToLower(a.Target)
			inv.Why = "undo of run " + target.ID
			inv.ServerSeat, inv.CloudSeat = -a.ServerSeat, -a.CloudSeat
			inv.CloudNote = "no cloud seat"
			if inv.CloudSeat != 0 {
				inv.CloudNote = "the cloud counts the person again at the next license sync"
			}
		case KindCancel:
			if a.InviteeID == 0 && a.Email == "" {
				p.Skipped = append(p.Skipped, Skip{Lever: a.Lever, Target: a.Target, Rule: SkipNotOurs, Why: "the invitation named neither an account nor an email: GitHub offers no way to invite again"})
				continue
			}
			inv.Kind, inv.ID = KindReinvite, KindReinvite+":"+strings.ToLower(a.Org)+"/"+strconv.FormatInt(a.InvitationID, 10)
			inv.Why = "undo of run " + target.ID + ": invite again to " + a.Org + " as " + a.Role + teamsWord(a.TeamIDs) +
				"; GitHub makes a new invitation, with a new id and a new expiry, and sends a new email"
			inv.ServerSeat, inv.CloudSeat = 0, -a.CloudSeat
			inv.CloudNote = "no cloud seat"
			if inv.CloudSeat != 0 {
				inv.CloudNote = "the pending invitation holds a cloud seat again"
			}
		case KindMatchVS:
			inv.Kind, inv.ID = KindUnmatchVS, KindUnmatchVS+":"+strconv.FormatInt(a.SubscriptionID, 10)
			inv.Why = "undo of run " + target.ID + ": remove the manual match to " + a.Target
			inv.ServerSeat, inv.CloudSeat = 0, -a.CloudSeat
			inv.CloudNote = "the subscription and " + a.Target + " are counted apart again"
		default:
			p.Skipped = append(p.Skipped, Skip{Lever: a.Lever, Target: a.Target, Rule: SkipNotOurs, Why: "GitHub offers no way to reverse " + a.Kind})
			continue
		}
		p.Actions = append(p.Actions, inv)
	}
	return p
}

// Undo reverses target through plan (UndoPlan), journaled and read back as Apply, or
// first continues an unfinished undo run.
func (e *Engine) Undo(ctx context.Context, target *Run, plan *Plan, onProgress func(Progress)) (*Result, error) {
	if run, err := e.Pending(RunUndo); err != nil || run != nil {
		if err != nil {
			return nil, err
		}
		return e.continueRun(ctx, run, onProgress)
	}
	return e.start(ctx, header{Kind: RunUndo, UndoOf: target.ID, Actions: plan.Actions}, onProgress)
}

// teamsWord names the teams a re-invitation adds the person to again.
func teamsWord(ids []int64) string {
	switch len(ids) {
	case 0:
		return ""
	case 1:
		return ", in its 1 team"
	}
	return ", in its " + strconv.Itoa(len(ids)) + " teams"
}
