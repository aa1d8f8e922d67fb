package common

import (
	"io"
	"strings"

	"github.com/aymanbagabas/go-osc52/v2"
)

// Clipboard copies text with OSC 52, which the terminal (not this machine) carries
// out: so it works over SSH. bubbletea v1 has no Clipboard command, hence the raw
// sequence, written in one piece to the program's own output. What it says afterwards
// is only what it knows: a terminal never answers whether it took the sequence.
type Clipboard struct {
	Out    io.Writer
	Getenv func(string) string
	// tmux runs a command of the tmux this console runs in, with stdin; nil when the
	// console cannot reach it (under serve --ssh the session's tmux is on another
	// machine). See Options.Tmux.
	Tmux func(stdin string, args ...string) (string, error)
}

// Copy puts text where it can and says where it went, e.g. "sent to your terminal (OSC
// 52)". Inside a tmux it can ask, it asks whether set-clipboard passes an application's
// OSC 52 on; when it will not, the text goes into tmux's paste buffer instead (tmux
// load-buffer), with what to set for the terminal's clipboard too. Inside a tmux it
// cannot ask, the sequence is written twice: plain, which tmux takes with set-clipboard
// on, and wrapped for passthrough, which tmux hands to the outer terminal with
// allow-passthrough on. GNU screen only passes it on wrapped.
func (c Clipboard) Copy(text string) (string, error) {
	inTmux := c.Getenv("TMUX") != ""
	switch {
	case inTmux && c.Tmux != nil:
		return c.copyInTmux(text)
	case inTmux:
		return "sent to your terminal (OSC 52) through tmux, which passes it on with set-clipboard on",
			c.write(osc52.New(text).String() + osc52.New(text).Tmux().String())
	case c.Getenv("STY") != "":
		return "sent to your terminal (OSC 52) through screen", c.write(osc52.New(text).Screen().String())
	}
	return "sent to your terminal (OSC 52)", c.write(osc52.New(text).String())
}

// copyInTmux copies inside the console's own tmux, as set-clipboard allows (tmux(1)):
// "on" takes an application's OSC 52 into a buffer and passes it on; "external" and
// "off" drop it, so the text is loaded into a buffer directly (-w: and sent to the
// terminal's clipboard, which "external" allows).
func (c Clipboard) copyInTmux(text string) (string, error) {
	mode, err := c.Tmux("", "show-options", "-gv", "set-clipboard")
	mode = strings.TrimSpace(mode)
	if err == nil && mode == "on" {
		return "copied into tmux's paste buffer and sent to your terminal (OSC 52)", c.write(osc52.New(text).String())
	}
	if _, err := c.Tmux(text, "load-buffer", "-w", "-"); err != nil {
		if _, err := c.Tmux(text, "load-buffer", "-"); err != nil {
			return "", err
		}
	}
	if mode == "external" {
		return "copied into tmux's paste buffer (prefix ] pastes it) and sent to your terminal (OSC 52)", nil
	}
	return "copied into tmux's paste buffer (prefix ] pastes it); for your terminal's clipboard too: tmux set -g set-clipboard on", nil
}

func (c Clipboard) write(seq string) error {
	_, err := io.WriteString(c.Out, seq)
	return err
}
