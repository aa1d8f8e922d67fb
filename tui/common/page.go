package common

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Minimum terminal size; below it the console shows a notice instead of a cramped screen.
const (
	MinWidth  = 60
	MinHeight = 16
)

// Step is where the user is: the four wizard steps, then the dashboard. (The
// enterprise and its settings are one Step: the settings page only said "press enter".)
type Step int

const (
	StepConnect Step = iota
	StepEnterprise
	StepGitHubConnect
	StepLicenseSync
	StepDashboard
)

// WizardSteps is the number of steps before the dashboard.
const WizardSteps = int(StepDashboard)

// Page is one screen. Pages mutate themselves and answer with commands.
type Page interface {
	// Enter is called each time the page becomes the current one.
	Enter() tea.Cmd
	// HandleKey gets every key first; handled false lets the root apply global keys.
	HandleKey(msg tea.KeyMsg) (cmd tea.Cmd, handled bool)
	// Update gets every other message, current page or not; pages drop what is not theirs.
	Update(msg tea.Msg) tea.Cmd
	// SetSize gives the page the area it is drawn in: on every window size, and after
	// every message (a page whose layout follows its data works it out here, once, so
	// that view only draws).
	SetSize(w, h int)
	// View renders the page into the size last given.
	View() string
	// Crumb is the breadcrumb, as the web UI names the place.
	Crumb() string
	// HelpKeys are the keys to show in the help bar, most useful first.
	HelpKeys() []key.Binding
	// Capturing reports a text field or question that takes every key.
	Capturing() bool
}
