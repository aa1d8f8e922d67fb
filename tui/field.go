package tui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// field is a one-line text input: the token prompt (masked) and the users filter.
// It keeps runes only; pasted control characters never get in.
type field struct {
	value   []rune
	masked  bool
	focused bool
}

// update takes one key and reports whether the value changed.
func (f *field) update(msg tea.KeyMsg) bool {
	switch msg.Type {
	case tea.KeyBackspace:
		if len(f.value) > 0 {
			f.value = f.value[:len(f.value)-1]
			return true
		}
	case tea.KeyCtrlU:
		if len(f.value) > 0 {
			f.value = nil
			return true
		}
	case tea.KeyRunes, tea.KeySpace:
		added := false
		for _, r := range msg.Runes {
			if r >= 0x20 && r != 0x7f && !(r >= 0x80 && r < 0xa0) {
				f.value = append(f.value, r)
				added = true
			}
		}
		return added
	}
	return false
}

func (f *field) String() string { return string(f.value) }

func (f *field) reset() { f.value = nil }

// view shows the value (or dots for a masked field) in w cells, the end visible,
// with a block cursor when focused.
func (f *field) view(w int) string {
	shown := string(f.value)
	if f.masked {
		shown = strings.Repeat("•", len(f.value))
	}
	if f.focused {
		shown += "█"
	}
	if n := ansi.StringWidth(shown); n > w && w > 0 {
		shown = "…" + ansi.Cut(shown, n-w+1, n)
	}
	return shown
}
