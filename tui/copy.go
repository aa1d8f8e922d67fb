package tui

import (
	"io"
	"strings"

	"github.com/aymanbagabas/go-osc52/v2"
)

// clipboard copies text with OSC 52, which the terminal (not this machine) carries
// out: so it works over SSH. bubbletea v1 has no clipboard command, hence the raw
// sequence, written in one piece to the program's own output.
type clipboard struct {
	out    io.Writer
	getenv func(string) string
}

// copy writes the sequence. Inside tmux it is written twice: plain, which tmux takes
// with set-clipboard on, and wrapped for passthrough, which tmux hands to the outer
// terminal with allow-passthrough on; whichever is off drops its copy. GNU screen
// only passes it on wrapped.
func (c clipboard) copy(text string) error {
	var b strings.Builder
	switch {
	case c.getenv("TMUX") != "":
		b.WriteString(osc52.New(text).String())
		b.WriteString(osc52.New(text).Tmux().String())
	case c.getenv("STY") != "":
		b.WriteString(osc52.New(text).Screen().String())
	default:
		b.WriteString(osc52.New(text).String())
	}
	_, err := io.WriteString(c.out, b.String())
	return err
}
