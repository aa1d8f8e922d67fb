// Package reclaim gives seats back: it plans the actions that free licenses from the
// product's own picture (NewPlan), applies them one at a time with a journal that
// makes each happen exactly once across crashes (Engine.Apply), reverses an applied
// run (Engine.Undo) and lists the runs (Runs). docs/RECLAIM.md describes the levers,
// the journal and undo.
//
// The levers are the server's dormant users (suspended through PUT
// /users/{username}/suspended), the cloud's stale pending invitations (cancelled,
// undone by inviting again) and the Visual Studio subscriptions counted twice (matched
// by hand where the counted-twice finder names one account). The engine takes a
// context (cancel at any point) and reports progress through a callback, so the
// command line and a console pane drive it alike. It imports client and client/seats
// and opens no terminal.
package reclaim
