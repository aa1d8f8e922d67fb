package common

import "github.com/licensesync/licensesync/client"

// Session is what the console has learnt about this appliance and this admin so far:
// the wizard's steps fill it in, the dashboard reads it. It is data only; the pages'
// own state (inputs, request ids, cursors) stays in the pages.
type Session struct {
	Viewer   *client.Viewer
	Meta     *client.Meta
	Settings *client.ConnectSettings
	// Hostname is the appliance's own name, once an answer said it (see
	// shared.applianceHost).
	Hostname           string
	ConsoleUnavailable bool
	// LookedAhead is set once the console has checked, right after the Connect step's
	// checks first pass, whether license sync is already on (then it opens on the
	// dashboard: a returning admin wants a quick look, not the setup again).
	LookedAhead bool
	// Arrival is a one-time note for the dashboard saying how it got there.
	Arrival string
	// UnknownEnterprise is the appliance's answer when it has no enterprise by the
	// configured slug (learnt when looking ahead), shown on the Enterprise step.
	UnknownEnterprise error
}

// SetSettings keeps the GitHub Connect settings just read, and the appliance's name.
func (s *Session) SetSettings(cs *client.ConnectSettings) {
	s.Settings = cs
	if cs != nil {
		s.LearnHostname(cs.Hostname)
	}
}

// LearnHostname keeps the appliance's own name when an answer carries one.
func (s *Session) LearnHostname(name string) {
	if name = Clean(name); name != "" {
		s.Hostname = name
	}
}
