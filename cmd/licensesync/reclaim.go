package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/textsafe"
	"github.com/licensesync/licensesync/cmd/licensesync/usage"
	"github.com/licensesync/licensesync/reclaim"
)

// reclaimFlags are the choices of `licensesync reclaim`.
type reclaimFlags struct {
	asJSON      jsonOutput
	apply, yes  bool
	undo        bool
	history     bool
	dormant     bool
	invitations bool
	vs          bool
	inactiveFor time.Duration
	olderThan   time.Duration
	keepFile    string
}

func (a *app) reclaimCommand() *cobra.Command {
	var f reclaimFlags
	cmd := &cobra.Command{
		Use:   "reclaim [RUN_ID]",
		Short: "Give seats back: plan, apply, undo (dormant users, stale invitations, Visual Studio matches)",
		Long: `Plan the actions that give licenses back, and with --apply take them.

Without --apply nothing changes: the plan lists each action, its target, why, and the
seats it frees on each side. A suspended user consumes no server license at once; the
cloud seat is freed at the next license sync, and only when the person consumes nothing
else in the enterprise (the plan says which). Site admins, your own account, GitHub's
service accounts and the logins of --keep are never touched.

On the cloud, pending organization invitations older than --invitations-older-than
are cancelled (each holds a seat until then), and unmatched Visual Studio subscriptions
are matched by hand to the one account the counted-twice finder names. --dormant,
--invitations and --vs choose levers; the default is every lever.

--apply asks first (--yes for scripts), then writes one action at a time, at least a
second apart, journaled in $XDG_STATE_HOME/licensesync/reclaim/: run it again after a
crash or Ctrl-C and it continues where it stopped, each action checked against the live
state first. --undo reverses the last applied run (or RUN_ID); --history lists the runs.
docs/RECLAIM.md explains the levers, the journal and undo.`,
		Example: `  licensesync reclaim --demo
  licensesync reclaim --inactive-for 180d --keep keep.txt
  licensesync reclaim --invitations --invitations-older-than 60d
  licensesync reclaim --apply
  licensesync reclaim --undo
  licensesync reclaim --history`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := f.check(args); err != nil {
				return err
			}
			if f.history {
				return a.reclaimHistory(&f)
			}
			return a.withSession(func(cmd *cobra.Command, s *session) error {
				return a.reclaim(cmd.Context(), s, &f, args)
			})(cmd, args)
		},
	}
	fl := cmd.Flags()
	f.asJSON.register(cmd, "print the plan (or the run's outcome, or the runs) as JSON (docs/RECLAIM.md)",
		".totals", `{{range .actions}}{{.target}}{{"\n"}}{{end}}`)
	fl.BoolVar(&f.apply, "apply", false, "take the planned actions, after asking")
	fl.BoolVarP(&f.yes, "yes", "y", false, "with --apply or --undo: do not ask")
	fl.BoolVar(&f.undo, "undo", false, "reverse the last applied run, or the RUN_ID given")
	fl.BoolVar(&f.history, "history", false, "list the runs in the journal")
	fl.BoolVar(&f.dormant, "dormant", false, "plan the dormant-users lever (the default: every lever)")
	fl.BoolVar(&f.invitations, "invitations", false, "plan the stale-invitations lever (the default: every lever)")
	fl.BoolVar(&f.vs, "vs", false, "plan the Visual Studio lever: match subscriptions counted twice (the default: every lever)")
	fl.Var(newDayDuration(&f.olderThan, reclaim.DefaultInvitationsOlderThan), "invitations-older-than", "cancel only invitations pending longer than this, e.g. 30d")
	fl.Var(newDayDuration(&f.inactiveFor, reclaim.DefaultInactiveFor), "inactive-for", "suspend only users last active longer ago than this, e.g. 90d or 365d")
	fl.StringVar(&f.keepFile, "keep", "", "a file of logins never touched, one a line (# comments)")
	cmd.MarkFlagsMutuallyExclusive("apply", "undo", "history")
	return cmd
}

// check refuses combinations that make no sense, before anything is asked of a server.
func (f *reclaimFlags) check(args []string) error {
	switch {
	case len(args) == 1 && !f.undo:
		return usage.Errorf("a RUN_ID goes with --undo (reclaim --undo %s); without --undo reclaim takes no argument", args[0])
	case len(args) == 1 && !reclaim.ValidRunID(args[0]):
		return usage.Errorf("%q is not a run id (they look like 20261207T101500Z-1a2b3c4d); list them with licensesync reclaim --history", args[0])
	case f.yes && !f.apply && !f.undo:
		return usage.Errorf("--yes goes with --apply or --undo: without them reclaim changes nothing and asks nothing")
	case (f.undo || f.history) && (f.keepFile != "" || len(f.levers()) > 0):
		return usage.Errorf("--keep, --dormant, --invitations and --vs choose what a plan touches; --undo and --history take no plan")
	}
	return nil
}

// reclaimJournal is the journal's folder in the state directory; the demo keeps its own.
func (a *app) reclaimJournal() (*reclaim.Journal, error) {
	dir, err := a.stateDir()
	if err != nil {
		return nil, err
	}
	name := "reclaim"
	if a.conn.demo {
		name = "reclaim-demo"
	}
	return reclaim.OpenJournal(filepath.Join(dir, name))
}

// reclaimEngine is the journaled engine acting on host (and on the cloud, when there
// is one) through s.
func (a *app) reclaimEngine(s *session, host string) (*reclaim.Engine, error) {
	j, err := a.reclaimJournal()
	if err != nil {
		return nil, err
	}
	e := &reclaim.Engine{Server: s.client, Journal: j, Host: host}
	if s.client.HasCloud() {
		e.Cloud = s.client.Client
	}
	return e, nil
}

// reclaim plans, and with --apply or --undo acts.
func (a *app) reclaim(ctx context.Context, s *session, f *reclaimFlags, args []string) error {
	names := a.serverNames(ctx, s)
	host := names[0]
	e, err := a.reclaimEngine(s, host)
	if err != nil {
		return err
	}
	if f.undo {
		id := ""
		if len(args) == 1 {
			id = args[0]
		}
		return a.reclaimUndo(ctx, e, f, id)
	}
	if pending, err := e.Pending(reclaim.RunApply); err != nil {
		return err
	} else if pending != nil && f.apply {
		return a.reclaimRun(ctx, f, pending.Actions, fmt.Sprintf("Continue run %s, stopped with %d of %d actions finished?",
			pending.ID, len(pending.Outcomes), len(pending.Actions)), func(p func(reclaim.Progress)) (*reclaim.Result, error) {
			return e.Apply(ctx, nil, p)
		})
	} else if pending != nil && !f.asJSON.wanted() {
		fmt.Fprintf(a.io.err, "Run %s stopped before its end; `licensesync reclaim --apply` continues it before any new plan.\n", pending.ID)
	}
	keep, err := readKeepFile(f.keepFile)
	if err != nil {
		return err
	}
	plan, facts := a.planReclaim(ctx, s, names, reclaim.Filters{InactiveFor: f.inactiveFor, InvitationsOlderThan: f.olderThan, Keep: keep, Levers: f.levers()}, true, a.io.err)
	if err := unplannable(plan, facts, f.levers()); err != nil {
		if f.asJSON.wanted() {
			if werr := f.asJSON.write(a.io.out, plan); werr != nil {
				return werr
			}
		}
		return err
	}
	if !f.apply {
		if f.asJSON.wanted() {
			return f.asJSON.write(a.io.out, plan)
		}
		printPlan(a.io.out, "Reclaim plan for "+host, plan)
		if len(plan.Actions) > 0 {
			fmt.Fprintln(a.io.out, "Nothing was changed. Run `licensesync reclaim --apply` to take these actions.")
		}
		return nil
	}
	if !f.asJSON.wanted() {
		printPlan(a.io.out, "Reclaim plan for "+host, plan)
	}
	if len(plan.Actions) == 0 {
		return nil
	}
	err = a.reclaimRun(ctx, f, plan.Actions, fmt.Sprintf("Take these %d actions on %s?", len(plan.Actions), host),
		func(p func(reclaim.Progress)) (*reclaim.Result, error) { return e.Apply(ctx, plan, p) })
	if n := len(plan.Unavailable); n > 0 && !f.asJSON.wanted() {
		// Refused while planning (an organization's SSO, say): counted with the run's.
		fmt.Fprintf(a.io.out, "Not planned: %d refused while planning (listed above), so not in this run.\n", n)
	}
	return err
}

// unplannable is the error of a plan none of whose chosen levers could be planned
// (the report refused or still generating, the cloud refused, say), nil otherwise; it
// wraps GitHub's first refusal, so the exit code follows its kind (4 for a token that
// may not).
func unplannable(p *reclaim.Plan, facts reclaim.Facts, levers []string) error {
	if len(p.Actions) > 0 || len(p.Unavailable) == 0 {
		return nil
	}
	if len(levers) == 0 {
		levers = reclaim.Levers
	}
	errs := map[string]error{reclaim.LeverDormant: facts.DormantErr, reclaim.LeverInvitations: facts.InvitationsErr, reclaim.LeverVS: facts.VSErr}
	var first error
	for _, l := range levers {
		if errs[l] == nil {
			return nil
		}
		if first == nil {
			first = errs[l]
		}
	}
	return fmt.Errorf("nothing could be planned: %w", first)
}

// levers are the levers the flags choose; nil: all.
func (f *reclaimFlags) levers() []string {
	var out []string
	for _, l := range []struct {
		on    bool
		lever string
	}{{f.dormant, reclaim.LeverDormant}, {f.invitations, reclaim.LeverInvitations}, {f.vs, reclaim.LeverVS}} {
		if l.on {
			out = append(out, l.lever)
		}
	}
	return out
}

// reclaimUndo reverses an applied run, or continues an unfinished undo.
func (a *app) reclaimUndo(ctx context.Context, e *reclaim.Engine, f *reclaimFlags, id string) error {
	if pending, err := e.Pending(reclaim.RunUndo); err != nil {
		return err
	} else if pending != nil {
		return a.reclaimRun(ctx, f, pending.Actions, fmt.Sprintf("Continue undo run %s (of run %s), stopped with %d of %d actions finished?",
			pending.ID, pending.UndoOf, len(pending.Outcomes), len(pending.Actions)), func(p func(reclaim.Progress)) (*reclaim.Result, error) {
			return e.Undo(ctx, nil, nil, p)
		})
	}
	target, err := e.UndoTarget(id)
	if err != nil {
		return err
	}
	plan := reclaim.UndoPlan(target)
	if !f.asJSON.wanted() {
		printPlan(a.io.out, fmt.Sprintf("Undo of run %s on %s", target.ID, textsafe.Sanitize(target.Server)), plan)
	}
	if len(plan.Actions) == 0 {
		return fmt.Errorf("run %s changed nothing that can be reversed", target.ID)
	}
	return a.reclaimRun(ctx, f, plan.Actions, fmt.Sprintf("Reverse these %d actions on %s?", len(plan.Actions), textsafe.Sanitize(target.Server)),
		func(p func(reclaim.Progress)) (*reclaim.Result, error) { return e.Undo(ctx, target, plan, p) })
}

// errReclaimIncomplete is the exit of a run some of whose actions were refused or failed.
var errReclaimIncomplete = errors.New("not every action was taken")

// reclaimRun asks (unless --yes), runs with progress on stderr and prints the outcome.
func (a *app) reclaimRun(ctx context.Context, f *reclaimFlags, actions []reclaim.Action, question string,
	run func(func(reclaim.Progress)) (*reclaim.Result, error)) error {
	if !f.yes {
		if err := a.confirm(ctx, question); err != nil {
			return err
		}
	}
	res, err := run(func(p reclaim.Progress) { printProgress(a.io.err, p) })
	if err != nil {
		return err
	}
	if f.asJSON.wanted() {
		if err := f.asJSON.write(a.io.out, res); err != nil {
			return err
		}
	} else {
		printResult(a.io.out, res, len(actions))
	}
	switch {
	case res.Interrupted:
		return context.Canceled
	case res.Count(reclaim.OutcomeRefused)+res.Count(reclaim.OutcomeFailed) > 0:
		return fmt.Errorf("%w: %d refused, %d failed (see above); run it again to retry the failed ones",
			errReclaimIncomplete, res.Count(reclaim.OutcomeRefused), res.Count(reclaim.OutcomeFailed))
	}
	return nil
}

// readKeepFile reads the logins of --keep: one a line, blank lines and # comments
// ignored.
func readKeepFile(path string) ([]string, error) {
	if path == "" {
		return nil, nil
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, usage.Errorf("--keep %s: %v; give a file of logins, one a line", path, errors.Unwrap(err))
	}
	defer fh.Close()
	var logins []string
	sc := bufio.NewScanner(fh)
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		line = strings.TrimSpace(line)
		switch {
		case line == "":
			continue
		case strings.ContainsAny(line, " \t,;"):
			return nil, usage.Errorf("--keep %s line %d: %q is not one login; write one login a line", path, n, textsafe.Sanitize(line))
		}
		logins = append(logins, line)
	}
	if err := sc.Err(); err != nil {
		return nil, usage.Errorf("--keep %s: %v; give a text file of logins, one a line", path, err)
	}
	return logins, nil
}

// serverNames are the names the server goes by, the one GitHub knows it by first (as
// status shows it; the journal records runs under it), then the address reached.
func (a *app) serverNames(ctx context.Context, s *session) []string {
	var names []string
	if known, err := s.client.KnownHostname(ctx); err == nil && known != "" {
		names = append(names, textsafe.Sanitize(known))
	}
	if cs, err := s.client.ConnectSettings(ctx); err == nil && textsafe.Sanitize(cs.Hostname) != "" {
		names = append(names, textsafe.Sanitize(cs.Hostname))
	}
	return append(names, hostOf(s.config.ServerURL))
}

// planReclaim reads the facts and plans with filters; what the reads say on the way
// goes to notes. A plan to be applied (forApply) has its invitations completed with
// their teams, for the undo: a request per invitation, which a plan only counted (the
// exporter's) does without. The command, the console's pane and the exporter all plan
// through it.
func (a *app) planReclaim(ctx context.Context, s *session, names []string, filters reclaim.Filters, forApply bool, notes io.Writer) (*reclaim.Plan, reclaim.Facts) {
	facts := a.reclaimFacts(ctx, s, names, filters.Levers, notes)
	plan := reclaim.NewPlan(facts, filters)
	if forApply && s.client.HasCloud() {
		plan.CompleteInvitations(ctx, s.client.Client)
	}
	return plan, facts
}

// reclaimFacts reads what a plan is made from. Nothing is required: what cannot be
// read leaves its lever unavailable or its seats unknown.
func (a *app) reclaimFacts(ctx context.Context, s *session, names []string, levers []string, notes io.Writer) reclaim.Facts {
	facts := reclaim.Facts{Now: time.Now(), Server: names[0], ServerHosts: names}
	wants := func(l string) bool { return len(levers) == 0 || slices.Contains(levers, l) }
	if v, err := s.client.Viewer(ctx); err == nil {
		facts.Viewer = v.Login
	}
	if wants(reclaim.LeverDormant) {
		facts.Dormant, facts.DormantErr = dormantReport(ctx, s.client.Client, notes)
	}
	if l, err := s.client.License(ctx); err == nil && !l.SeatsUsedUnknown {
		facts.ServerSeatsUsed = &l.SeatsUsed
	}
	if s.client.HasCloud() {
		if cl, err := s.client.ConsumedLicenses(ctx, nil); err == nil {
			facts.Licenses = cl
		} else {
			fmt.Fprintf(notes, "licensesync: the cloud's consumed licenses could not be read, so no cloud seat is counted: %s\n",
				textsafe.Sanitize(err.Error()))
		}
	}
	if wants(reclaim.LeverInvitations) {
		readInvitations(ctx, s.client.Client, &facts)
	}
	if wants(reclaim.LeverVS) {
		readVSSubscriptions(ctx, s.client.Client, &facts)
	}
	return facts
}

// reportTries and reportWait bound the wait for a dormant-users report being generated.
const (
	reportTries = 5
	reportWait  = 2 * time.Second
)

// dormantReport reads the dormant-users report, waiting a little while the appliance
// generates it (a first request answers 202), and says so on notes.
func dormantReport(ctx context.Context, c *client.Client, notes io.Writer) ([]client.DormantUser, error) {
	for try := 1; ; try++ {
		users, err := c.DormantUsers(ctx)
		if !errors.Is(err, client.ErrReportGenerating) || try == reportTries {
			return users, err
		}
		if try == 1 {
			fmt.Fprintln(notes, "The appliance is generating the dormant-users report; waiting for it…")
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(reportWait):
		}
	}
}
