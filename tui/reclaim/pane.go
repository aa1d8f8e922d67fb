package reclaim

import (
	"context"
	"errors"
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/reclaim"
	"github.com/licensesync/licensesync/tui/common"
)

// mode is where the pane stands.
type mode int

const (
	modeClosed   mode = iota // never opened
	modePlanning             // reading the facts and planning
	modePlan                 // the plan shown, actions chosen
	modeConfirm              // asking before the chosen actions are taken
	modeRunning              // applying or undoing
	modeDone                 // the run's outcome shown
	modeFailed               // no plan could be made
)

// plannedMsg is a plan read for the pane: an applied plan, or with undoOf the plan
// that reverses that run; pending is an applied run stopped before its end.
type plannedMsg struct {
	id      int
	engine  *reclaim.Engine
	plan    *reclaim.Plan
	undoOf  *reclaim.Run
	pending *reclaim.Run
	err     error
}

// progressMsg is a run's progress; doneMsg its end.
type progressMsg struct {
	id int
	p  reclaim.Progress
}

type doneMsg struct {
	id  int
	res *reclaim.Result
	err error
}

// Pane is the reclaim pane. It acts only through Options.Reclaim and only when the
// console is not read-only; every name it shows is sanitized.
type Pane struct {
	sh      *common.Shared
	mode    mode
	id      int
	engine  *reclaim.Engine
	plan    *reclaim.Plan
	undoOf  *reclaim.Run
	pending *reclaim.Run
	chosen  map[string]bool
	cursor  int
	// note is a one-line answer to the last key (a refusal, a hint), "" for none.
	note     string
	progress reclaim.Progress
	result   *reclaim.Result
	err      error
	cancel   context.CancelFunc
	events   chan tea.Msg
}

// New is a closed pane on sh.
func New(sh *common.Shared) *Pane { return &Pane{sh: sh} }

// Available says whether the console can reclaim at all (Options.Reclaim).
func Available(sh *common.Shared) bool { return sh.Opts.Reclaim != nil }

// Capturing reports that the pane takes every key: while it asks for confirmation,
// and while a run goes (esc stops it).
func (p *Pane) Capturing() bool { return p.mode == modeConfirm || p.mode == modeRunning }

// Open plans on the first opening; afterwards it keeps what is shown.
func (p *Pane) Open() tea.Cmd {
	if p.mode != modeClosed {
		return nil
	}
	return p.Replan()
}

// Replan reads the facts and plans again, unless a run is going.
func (p *Pane) Replan() tea.Cmd {
	if p.mode == modeRunning {
		return nil
	}
	p.mode, p.note, p.result, p.err = modePlanning, "", nil, nil
	r := p.sh.Opts.Reclaim
	return p.read(func(ctx context.Context, e *reclaim.Engine) plannedMsg {
		pending, err := e.Pending(reclaim.RunApply)
		if err != nil || pending != nil { // a stopped run is continued before any new plan
			if err != nil {
				return plannedMsg{err: err}
			}
			return plannedMsg{plan: &reclaim.Plan{Server: pending.Server, Actions: pending.Actions}, pending: pending}
		}
		plan, err := r.Plan(ctx)
		return plannedMsg{plan: plan, pending: pending, err: err}
	})
}

// read runs a planning read with the engine in a Cmd, stoppable by esc.
func (p *Pane) read(do func(context.Context, *reclaim.Engine) plannedMsg) tea.Cmd {
	p.id = p.sh.NewID()
	id, r := p.id, p.sh.Opts.Reclaim
	ctx, cancel := context.WithCancel(p.sh.Ctx)
	p.cancel = cancel
	return func() tea.Msg {
		defer cancel()
		e, err := r.Engine(ctx)
		if err != nil {
			return plannedMsg{id: id, err: err}
		}
		msg := do(ctx, e)
		msg.id, msg.engine = id, e
		return msg
	}
}

// Update takes the pane's own answers; it reports whether msg was one of them.
func (p *Pane) Update(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case plannedMsg:
		if msg.id != p.id {
			return nil, true
		}
		p.planned(msg)
		return nil, true
	case progressMsg:
		if msg.id != p.id {
			return nil, true
		}
		p.progress = msg.p
		return p.next(), true
	case doneMsg:
		if msg.id != p.id {
			return nil, true
		}
		p.mode, p.result, p.err, p.events, p.note = modeDone, msg.res, msg.err, nil, ""
		return nil, true
	}
	return nil, false
}

// planned shows a plan read: every action chosen.
func (p *Pane) planned(msg plannedMsg) {
	p.engine, p.pending, p.undoOf = msg.engine, msg.pending, msg.undoOf
	if msg.plan == nil || (msg.err != nil && len(msg.plan.Actions) == 0) {
		p.mode, p.err = modeFailed, msg.err
		if p.err == nil {
			p.err = errors.New("no plan could be made")
		}
		return
	}
	p.mode, p.plan, p.err, p.cursor = modePlan, msg.plan, nil, 0
	p.chosen = make(map[string]bool, len(msg.plan.Actions))
	for _, a := range msg.plan.Actions {
		p.chosen[a.ID] = true
	}
}

// HandleKey answers the pane's keys; handled false passes the key on.
func (p *Pane) HandleKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := p.sh.Keys
	switch p.mode {
	case modeConfirm:
		switch {
		case key.Matches(msg, k.Yes):
			return p.run(), true
		case key.Matches(msg, k.No):
			p.mode, p.note = modePlan, "Nothing was changed."
		}
		return nil, true // a confirmation takes every key
	case modeRunning:
		if key.Matches(msg, k.Back) && p.cancel != nil {
			p.cancel()
			p.note = "Stopping after the action under way…"
		}
		return nil, true
	case modePlanning:
		if key.Matches(msg, k.Back) && p.cancel != nil {
			p.cancel()
		}
		return nil, false
	}
	p.note = ""
	switch {
	case key.Matches(msg, k.Undo):
		return p.askUndo(), true
	case p.mode != modePlan:
		return nil, false
	case key.Matches(msg, k.Apply):
		p.ask()
	case key.Matches(msg, k.Toggle):
		if a := p.selected(); a != nil {
			p.chosen[a.ID] = !p.chosen[a.ID]
			p.move(1)
		}
	case key.Matches(msg, k.ToggleAll):
		all := p.countChosen() < len(p.plan.Actions)
		for _, a := range p.plan.Actions {
			p.chosen[a.ID] = all
		}
	case key.Matches(msg, k.Up):
		p.move(-1)
	case key.Matches(msg, k.Down):
		p.move(1)
	case key.Matches(msg, k.PageUp):
		p.move(-10)
	case key.Matches(msg, k.PageDown):
		p.move(10)
	case key.Matches(msg, k.Top):
		p.move(-len(p.plan.Actions))
	case key.Matches(msg, k.Bottom):
		p.move(len(p.plan.Actions))
	default:
		return nil, false
	}
	return nil, true
}

// ask moves to the confirmation of the chosen actions (or of the stopped run).
func (p *Pane) ask() {
	switch {
	case p.sh.MayNotAct() != "":
		p.note = p.sh.MayNotAct()
	case p.pending == nil && p.undoOf == nil && p.countChosen() == 0:
		p.note = "No action is chosen: space chooses the selected one, * all."
	default:
		p.mode = modeConfirm
	}
}

// askUndo plans the reversal of the last applied run on this server.
func (p *Pane) askUndo() tea.Cmd {
	if why := p.sh.MayNotAct(); why != "" {
		p.note = why
		return nil
	}
	p.mode, p.note, p.result, p.err = modePlanning, "", nil, nil
	return p.read(func(_ context.Context, e *reclaim.Engine) plannedMsg {
		if pending, err := e.Pending(reclaim.RunUndo); err != nil || pending != nil {
			if err != nil {
				return plannedMsg{err: err}
			}
			return plannedMsg{plan: &reclaim.Plan{Server: pending.Server, Actions: pending.Actions}, undoOf: &reclaim.Run{ID: pending.UndoOf}, pending: pending}
		}
		target, err := e.UndoTarget("")
		if err != nil {
			return plannedMsg{err: err}
		}
		return plannedMsg{plan: reclaim.UndoPlan(target), undoOf: target}
	})
}

// run takes the chosen actions (or continues the stopped run), in a goroutine whose
// progress comes back as messages; esc cancels its context.
func (p *Pane) run() tea.Cmd {
	if why := p.sh.MayNotAct(); why != "" { // checked again: nothing acts read-only
		p.mode, p.note = modePlan, why
		return nil
	}
	e, plan, undoOf, pending := p.engine, p.chosenPlan(), p.undoOf, p.pending
	p.id = p.sh.NewID()
	id := p.id
	ctx, cancel := context.WithCancel(p.sh.Ctx)
	p.cancel, p.mode, p.note = cancel, modeRunning, ""
	p.progress = reclaim.Progress{Total: len(plan.Actions)}
	events := make(chan tea.Msg, 1)
	p.events = events
	go func() {
		defer cancel()
		onProgress := func(pr reclaim.Progress) {
			select { // the latest progress is enough: never block the run on the screen
			case <-events:
			default:
			}
			events <- progressMsg{id: id, p: pr}
		}
		var res *reclaim.Result
		var err error
		switch {
		case undoOf != nil && pending != nil:
			res, err = e.Undo(ctx, nil, nil, onProgress)
		case undoOf != nil:
			res, err = e.Undo(ctx, undoOf, plan, onProgress)
		case pending != nil:
			res, err = e.Apply(ctx, nil, onProgress)
		default:
			res, err = e.Apply(ctx, plan, onProgress)
		}
		select {
		case <-events:
		default:
		}
		events <- doneMsg{id: id, res: res, err: err}
	}()
	return p.next()
}

// next waits for the run's next message.
func (p *Pane) next() tea.Cmd {
	events := p.events
	if events == nil {
		return nil
	}
	return func() tea.Msg { return <-events }
}

// chosenPlan is the plan with only the chosen actions.
func (p *Pane) chosenPlan() *reclaim.Plan {
	out := *p.plan
	out.Actions = nil
	for _, a := range p.plan.Actions {
		if p.chosen[a.ID] {
			out.Actions = append(out.Actions, a)
		}
	}
	return &out
}

func (p *Pane) countChosen() int {
	n := 0
	for _, a := range p.plan.Actions {
		if p.chosen[a.ID] {
			n++
		}
	}
	return n
}

// selected is the action under the cursor, nil when the plan has none.
func (p *Pane) selected() *reclaim.Action {
	if p.plan == nil || p.cursor >= len(p.plan.Actions) {
		return nil
	}
	return &p.plan.Actions[p.cursor]
}

func (p *Pane) move(by int) {
	if p.plan == nil || len(p.plan.Actions) == 0 {
		return
	}
	p.cursor = min(max(p.cursor+by, 0), len(p.plan.Actions)-1)
}

// HelpKeys are the keys that work now, most useful first.
func (p *Pane) HelpKeys() []key.Binding {
	k := p.sh.Keys
	switch p.mode {
	case modeConfirm:
		return []key.Binding{k.Yes, k.No}
	case modeRunning:
		return []key.Binding{common.Relabel(k.Back, "stop")}
	case modePlan:
		apply := common.Relabel(k.Apply, fmt.Sprintf("apply %d", p.countChosen()))
		if p.pending != nil {
			apply = common.Relabel(k.Apply, "continue run")
		} else if p.undoOf != nil {
			apply = common.Relabel(k.Apply, "undo")
		}
		return []key.Binding{common.Relabel(k.Back, "users"), k.Toggle, apply, k.ToggleAll, k.Undo,
			common.Relabel(k.Refresh, "plan again"), k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
	}
	return []key.Binding{common.Relabel(k.Back, "users"), k.Undo, common.Relabel(k.Refresh, "plan again")}
}
