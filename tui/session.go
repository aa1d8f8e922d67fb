package tui

import "github.com/licensesync/licensesync/client"

// session is what the console has learnt about this appliance and this admin so far:
// the wizard's steps fill it in, the dashboard reads it. It is data only; the pages'
// own state (inputs, request ids, cursors) stays in the pages.
type session struct {
	viewer   *client.Viewer
	meta     *client.Meta
	settings *client.ConnectSettings
	// hostname is the appliance's own name, once an answer said it (see
	// shared.applianceHost).
	hostname           string
	consoleUnavailable bool
	// lookedAhead is set once the console has checked, right after the Connect step's
	// checks first pass, whether license sync is already on (then it opens on the
	// dashboard: a returning admin wants a quick look, not the setup again).
	lookedAhead bool
	// arrival is a one-time note for the dashboard saying how it got there.
	arrival string
	// unknownEnterprise is the appliance's answer when it has no enterprise by the
	// configured slug (learnt when looking ahead), shown on the Enterprise step.
	unknownEnterprise error
}

// setSettings keeps the GitHub Connect settings just read, and the appliance's name.
func (s *session) setSettings(cs *client.ConnectSettings) {
	s.settings = cs
	if cs != nil {
		s.learnHostname(cs.Hostname)
	}
}

// learnHostname keeps the appliance's own name when an answer carries one.
func (s *session) learnHostname(name string) {
	if name = clean(name); name != "" {
		s.hostname = name
	}
}
