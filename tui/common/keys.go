package common

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
)

// KeyMap is every key the console answers to. Actions have names (see Rebind) so a
// configuration file can change them; CheckClashes finds two actions on one key.
type KeyMap struct {
	Next       key.Binding // choose / next step
	Back       key.Binding // previous step, close, clear
	Up         key.Binding
	Down       key.Binding
	PageUp     key.Binding
	PageDown   key.Binding
	Top        key.Binding // first row
	Bottom     key.Binding // last row
	Tab        key.Binding // next field or pane
	Refresh    key.Binding // refresh now / check again
	Sync       key.Binding // "Sync now"
	Filter     key.Binding // filter the users table
	Sort       key.Binding // cycle the users table's sort key
	Reverse    key.Binding // reverse the users table's order
	Details    key.Binding // everything known about the selected user
	Open       key.Binding // open the user's profile in a browser
	Duplicates key.Binding // toggle the counted-twice view
	Trend      key.Binding // cycle the trend view: 30 days, 90 days, off
	Fleet      key.Binding // switch to the next configured server
	Copy       key.Binding // copy the selected row (OSC 52)
	Breakdown  key.Binding // show "where the seats go"
	Export     key.Binding // write the current view to a CSV file
	Profiles   key.Binding // copy the selected finding's profile URLs
	Notes      key.Binding // every note whole, or one line each again
	Trust      key.Binding // trust the server's certificate on first use
	Toggle     key.Binding // choose or drop the selected action of a reclaim plan
	ToggleAll  key.Binding // choose every action of a reclaim plan, or none
	Apply      key.Binding // take the chosen actions of a reclaim plan
	Undo       key.Binding // reverse the last applied reclaim run
	Yes        key.Binding // confirm a change
	No         key.Binding // cancel a change
	Help       key.Binding
	Quit       key.Binding
	Interrupt  key.Binding // quits even while typing
}

// DefaultKeyMap returns the console's default keys; docs/CONFIG.md says how the
// configuration file rebinds them.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Next:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose/next")),
		Back:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Up:         key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:       key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:     key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown:   key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
		Top:        key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g/home", "first")),
		Bottom:     key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G/end", "last")),
		Tab:        key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next pane")),
		Refresh:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		Sync:       key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sync now")),
		Filter:     key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Sort:       key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "sort")),
		Reverse:    key.NewBinding(key.WithKeys("O"), key.WithHelp("O", "reverse")),
		Details:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "details")),
		Open:       key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "open profile")),
		Duplicates: key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "counted twice?")),
		Trend:      key.NewBinding(key.WithKeys("T"), key.WithHelp("T", "trend")),
		Fleet:      key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "next server")),
		Copy:       key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy row")),
		Breakdown:  key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "seats")),
		Export:     key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export")),
		Profiles:   key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "copy URLs")),
		Notes:      key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "all notes")),
		Trust:      key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "trust certificate")),
		Toggle:     key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "choose")),
		ToggleAll:  key.NewBinding(key.WithKeys("*"), key.WithHelp("*", "all/none")),
		Apply:      key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "apply")),
		Undo:       key.NewBinding(key.WithKeys("U"), key.WithHelp("U", "undo last run")),
		Yes:        key.NewBinding(key.WithKeys("y", "enter"), key.WithHelp("y/enter", "confirm")),
		No:         key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "cancel")),
		Help:       key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:       key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		Interrupt:  key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
	}
}

// action is one named binding and the screens it is live on.
type action struct {
	name    string
	binding *key.Binding
	// confirm: live while a confirmation is asked (when the other keys are not).
	confirm bool
	// always: live in both situations.
	always bool
	// sharesNext: live only where next is not (the users table), so it may use
	// next's keys.
	sharesNext bool
}

func (k *KeyMap) actions() []action {
	return []action{
		{name: "next", binding: &k.Next},
		{name: "back", binding: &k.Back},
		{name: "up", binding: &k.Up},
		{name: "down", binding: &k.Down},
		{name: "page_up", binding: &k.PageUp},
		{name: "page_down", binding: &k.PageDown},
		{name: "top", binding: &k.Top},
		{name: "bottom", binding: &k.Bottom},
		{name: "tab", binding: &k.Tab},
		{name: "refresh", binding: &k.Refresh},
		{name: "sync", binding: &k.Sync},
		{name: "filter", binding: &k.Filter},
		{name: "sort", binding: &k.Sort},
		{name: "reverse", binding: &k.Reverse},
		{name: "details", binding: &k.Details, sharesNext: true},
		{name: "open", binding: &k.Open},
		{name: "duplicates", binding: &k.Duplicates},
		{name: "trend", binding: &k.Trend},
		{name: "fleet", binding: &k.Fleet},
		{name: "copy", binding: &k.Copy},
		{name: "breakdown", binding: &k.Breakdown},
		{name: "export", binding: &k.Export},
		{name: "profiles", binding: &k.Profiles},
		{name: "notes", binding: &k.Notes},
		{name: "trust", binding: &k.Trust},
		{name: "toggle", binding: &k.Toggle},
		{name: "toggle_all", binding: &k.ToggleAll},
		{name: "apply", binding: &k.Apply},
		{name: "undo", binding: &k.Undo},
		{name: "yes", binding: &k.Yes, confirm: true},
		{name: "no", binding: &k.No, confirm: true},
		{name: "help", binding: &k.Help},
		{name: "quit", binding: &k.Quit},
		{name: "interrupt", binding: &k.Interrupt, always: true},
	}
}

// Rebind gives the named action new keys, keeping its help text's description.
// Names are snake_case: next, back, up, down, page_up, page_down, top, bottom, tab,
// refresh, sync, filter, sort, reverse, details, open, duplicates, trend, fleet, copy,
// breakdown, export, profiles, notes, trust, toggle, toggle_all, apply, undo, yes, no,
// help, quit, interrupt.
func (k *KeyMap) Rebind(name string, keys ...string) error {
	if len(keys) == 0 {
		return fmt.Errorf("keys: %s needs at least one key", name)
	}
	for _, a := range k.actions() {
		if a.name == name {
			a.binding.SetKeys(keys...)
			a.binding.SetHelp(strings.Join(keys, "/"), a.binding.Help().Desc)
			return nil
		}
	}
	return fmt.Errorf("keys: no action named %q", name)
}

// CheckClashes reports every key bound to two actions that are live at the same time,
// one error per clash, in a stable order. The confirmation keys (yes, no) replace the
// others while a confirmation is asked, so they may reuse enter and esc; details, on
// the users table, may reuse next's keys for the same reason.
func CheckClashes(k KeyMap) []error {
	var errs []error
	sharesNext := map[string]bool{}
	for _, a := range k.actions() {
		if a.sharesNext {
			sharesNext[a.name] = true
		}
	}
	for _, confirm := range []bool{false, true} {
		owners := map[string][]string{}
		for _, a := range k.actions() {
			if a.confirm != confirm && !a.always {
				continue
			}
			for _, kk := range a.binding.Keys() {
				owners[kk] = append(owners[kk], a.name)
			}
		}
		keys := make([]string, 0, len(owners))
		for kk := range owners {
			keys = append(keys, kk)
		}
		sort.Strings(keys)
		for _, kk := range keys {
			names := owners[kk]
			if len(names) == 2 && names[0] == "next" && sharesNext[names[1]] {
				continue
			}
			if len(names) > 1 {
				errs = append(errs, fmt.Errorf("keys: %q is bound to %s", kk, strings.Join(names, " and ")))
			}
		}
	}
	return errs
}

// Relabel is b's keys under another help description, for a screen where the key
// does something more particular (esc "close", c "copy fix"). The keys are b's as
// rebound by the configuration.
func Relabel(b key.Binding, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(b.Keys()...), key.WithHelp(b.Help().Key, desc))
}
