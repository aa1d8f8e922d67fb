// Package trend is the dashboard's trend pane: cloud seats consumed against purchased
// and server seats used over the last 30 or 90 days, drawn as a chart from the usage
// history (package history), with the change since the last sync, an outlook of when
// consumption reaches purchased, and the syncs seen.
//
// It may import tui/common, history and the client packages; never tui, which shows
// the Pane among the dashboard's panes.
package trend
