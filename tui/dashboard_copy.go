package tui

import (
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
)

// copiedMsg says whether the clipboard sequence was written.
type copiedMsg struct {
	id   int
	text string
	err  error
}

// copyPart copies the selected row and says how that went, until the next key.
type copyPart struct {
	sh   *shared
	id   int
	text string // the outcome, "" when there is none to show
	ok   bool
}

// copy copies parts joined by commas (empty ones left out). Rows were made safe on
// arrival.
func (c *copyPart) copy(parts []string) tea.Cmd {
	parts = slices.DeleteFunc(slices.Clone(parts), func(s string) bool { return s == "" })
	if len(parts) == 0 {
		c.text, c.ok = "Nothing to copy: no row is selected.", false
		return nil
	}
	text := strings.Join(parts, ", ")
	c.id = c.sh.newID()
	id, clip := c.id, c.sh.clip
	return func() tea.Msg { return copiedMsg{id: id, text: text, err: clip.copy(text)} }
}

// clear forgets the last outcome: it was about the key before.
func (c *copyPart) clear() { c.text = "" }

func (c *copyPart) update(msg tea.Msg) tea.Cmd {
	m, ok := msg.(copiedMsg)
	if !ok || m.id != c.id {
		return nil
	}
	if m.err != nil {
		c.text, c.ok = "Could not copy: "+reason(m.err), false
	} else {
		c.text, c.ok = "Copied \""+m.text+"\" to the clipboard (OSC 52)", true
	}
	return nil
}
