// Package reclaim is the console's reclaim pane: from the breakdown, the plan that
// `licensesync reclaim` prints (what each action frees, on which side), with actions
// chosen or dropped one by one, then confirmed, applied with progress and stoppable,
// and the last run undone — through the same journaled engine as the command
// (package reclaim, docs/RECLAIM.md). A read-only console (Options.ReadOnly) shows the
// plan but never acts.
package reclaim
