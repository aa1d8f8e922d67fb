package common

import (
	"slices"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// NewInput is a one-line text input (the token prompt, masked, and the users filter)
// drawn with the program's renderer. Its cursor does not blink, so no timer runs, and
// ctrl+v is off: it would read the clipboard of the machine the program runs on, which
// under SSH is not the user's (terminals paste with their own keys, bracketed).
func NewInput(sh *Shared, masked bool, width int) textinput.Model {
	r := sh.Renderer
	in := textinput.New()
	in.Prompt = ""
	in.PromptStyle = r.NewStyle()
	in.TextStyle = r.NewStyle()
	in.PlaceholderStyle = sh.Styles.Muted
	in.CompletionStyle = sh.Styles.Muted
	in.Cursor.Style = r.NewStyle()
	in.Cursor.TextStyle = r.NewStyle()
	in.Cursor.SetMode(cursor.CursorStatic)
	in.KeyMap.Paste.SetEnabled(false)
	in.Width = width
	if masked {
		in.EchoMode = textinput.EchoPassword
		in.EchoCharacter = '•'
	}
	return in
}

// UpdateInput hands a key to an input and strips what textinput lets through (bidi
// controls, the rest of a pasted escape sequence's ESC) at once, so that neither the
// screen nor the value's users ever see it.
//
// textinput sanitizes a key's runes in place, so it gets a copy: the message may be
// shared (a test sends one value to two programs).
func UpdateInput(in *textinput.Model, msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyMsg); ok {
		k.Runes = slices.Clone(k.Runes)
		msg = k
	}
	var cmd tea.Cmd
	*in, cmd = in.Update(msg)
	if v := in.Value(); Clean(v) != v {
		safe := Clean(v)
		pos := in.Position() - (utf8.RuneCountInString(v) - utf8.RuneCountInString(safe))
		in.SetValue(safe)
		in.SetCursor(pos)
	}
	return cmd
}
