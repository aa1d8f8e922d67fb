package tui

import (
	"errors"
	"slices"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/tui/common"
)

// toastLife is how long a toast (the outcome of a copy, say) stays on screen.
const toastLife = 5 * time.Second

// copiedMsg says where the copied text went (clipboard.copy), or why it did not.
type copiedMsg struct {
	id   int
	text string
	said string
	err  error
}

// openedMsg says whether the browser was started.
type openedMsg struct {
	id  int
	url string
	err error
}

// toastExpiredMsg ends the toast of that id.
type toastExpiredMsg struct{ id int }

// toastPart is the one short-lived outcome line (copied, opened, nothing to copy): a
// new one replaces the last, so they never pile up; each goes after toastLife or at
// the next key, whichever is first.
type toastPart struct {
	sh   *common.Shared
	id   int // the toast shown: an older one's expiry is dropped
	text string
	good bool
	info bool // neither good nor bad news: where to go
	// action is the copy or open under way: answers to an older one are dropped.
	action int
}

// show puts up a toast and starts its timer.
func (t *toastPart) show(text string, good bool) tea.Cmd {
	t.id = t.sh.NewID()
	t.text, t.good, t.info = text, good, false
	id := t.id
	return tea.Tick(toastLife, func(time.Time) tea.Msg { return toastExpiredMsg{id: id} })
}

// view is the toast as one wrapped note, "" when none shows.
func (t *toastPart) view(w int) string {
	if t.text == "" {
		return ""
	}
	st := t.sh.Styles
	mark, style := "✗", st.Bad
	switch {
	case t.info:
		mark, style = "→", st.Accent
	case t.good:
		mark, style = "✓", st.Good
	}
	return style.Render(mark+" ") + t.sh.Hang(t.text, 2, w, style)
}

// showInfo puts up a toast that is neither good nor bad news.
func (t *toastPart) showInfo(text string) tea.Cmd {
	cmd := t.show(text, true)
	t.info = true
	return cmd
}

// clear takes the toast down: it was about the key before.
func (t *toastPart) clear() { t.text = "" }

// copy copies parts joined by commas (empty ones left out). Rows were made safe on
// arrival.
func (t *toastPart) copy(parts []string) tea.Cmd {
	parts = slices.DeleteFunc(slices.Clone(parts), func(s string) bool { return s == "" })
	if len(parts) == 0 {
		return t.show("Nothing to copy: no row is selected.", false)
	}
	text := strings.Join(parts, ", ")
	t.action = t.sh.NewID()
	id, clip := t.action, t.sh.Clip
	return func() tea.Msg {
		said, err := clip.Copy(text)
		return copiedMsg{id: id, text: text, said: said, err: err}
	}
}

// open shows address in a browser on this machine; where the console cannot start
// one (over SSH, say), the address is copied instead, and the toast says so.
func (t *toastPart) open(address string) tea.Cmd {
	t.action = t.sh.NewID()
	id, opener, clip := t.action, t.sh.Opts.OpenURL, t.sh.Clip
	if opener == nil {
		return func() tea.Msg {
			said, err := clip.Copy(address)
			return openedMsg{id: id, url: address, err: errNoBrowser{said: said, copyErr: err}}
		}
	}
	return func() tea.Msg { return openedMsg{id: id, url: address, err: opener(address)} }
}

// errNoBrowser: the console has no browser to start; the address was copied (said:
// where to).
type errNoBrowser struct {
	said    string
	copyErr error
}

func (e errNoBrowser) Error() string { return "no browser here" }

func (t *toastPart) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case toastExpiredMsg:
		if msg.id == t.id {
			t.text = ""
		}
	case copiedMsg:
		if msg.id != t.action {
			return nil
		}
		if msg.err != nil {
			return t.show("Could not copy: "+common.Reason(msg.err), false)
		}
		return t.show("Copied \""+msg.text+"\": "+msg.said, true)
	case openedMsg:
		if msg.id != t.action {
			return nil
		}
		var nb errNoBrowser
		switch {
		case msg.err == nil:
			return t.show("Opened "+msg.url+" in your browser", true)
		case errors.As(msg.err, &nb) && nb.copyErr == nil:
			return t.show("No browser can be started from here: copied "+msg.url+": "+nb.said, true)
		case errors.As(msg.err, &nb):
			return t.show("No browser can be started from here: open "+msg.url+" yourself", false)
		}
		return t.show("Could not open a browser ("+common.Reason(msg.err)+"): open "+msg.url+" yourself", false)
	}
	return nil
}
