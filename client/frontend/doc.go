// Package frontend holds the rules and words that both front ends of licensesync, the
// commands (cmd/licensesync) and the console (tui), share: the setting's label and
// values, the enterprise's web pages, when a license needs renewing, how durations,
// numbers and dates are written, what the user filter searches and the "no server users
// yet" rule. Each lives here once, so the commands and the console cannot drift apart:
// the same text finds the same users and a date reads the same in both.
//
// It depends on client only; cmd and tui both import it, which keeps the layers one-way
// (cmd → tui → client) without cmd importing the console to word a time.
package frontend
