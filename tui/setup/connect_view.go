package setup

// The Connect step's screen: the fields, the checks with what can be fixed here, and why
// enter does or does not go on; compacted on a short screen.

import (
	"slices"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/licensesync/licensesync/assets"
	"github.com/licensesync/licensesync/tui/common"
)

func (p *connectPage) View() string {
	// The introduction goes first when there is room; on a small screen the fields,
	// the checks and what to do next matter more, and checks skipped after a failure
	// (a mark and a name, no news) give way too.
	intro := p.sh.Styles.Text.Width(p.sh.Width).Render(assets.Step(assets.StepConnect)) + "\n\n"
	body := p.body(false)
	switch {
	case lipgloss.Height(intro)+lipgloss.Height(body) <= p.sh.Height:
		return intro + body
	case lipgloss.Height(body) <= p.sh.Height:
		return body
	}
	return p.body(true)
}

// body is the step below its introduction; compact leaves out the skipped checks.
func (p *connectPage) body(compact bool) string {
	st := p.sh.Styles
	w := p.sh.Width
	var b strings.Builder
	b.WriteString(st.Label.Render("Server  ") + p.serverLine(w-8) + "\n")
	b.WriteString(st.Label.Render("Token   ") + p.tokenLine(w-8) + "\n")
	b.WriteString(p.fieldNote(w))
	b.WriteString("\n")
	for i, c := range p.checks {
		if compact && c.state == checkSkipped && c.detail == "" {
			continue
		}
		b.WriteString(p.checkLine(c, w) + "\n")
		if i == checkTLS {
			b.WriteString(p.certificateView(w))
		}
		if hint := p.fixHint(i); c.state == checkFailed && hint != "" {
			b.WriteString(strings.Repeat(" ", checkIndent) + st.Accent.Render(common.Fit(hint, w-checkIndent)) + "\n")
		}
	}
	if p.trusted != "" {
		b.WriteString("\n" + p.sh.Hang(p.trusted, 0, w, st.Muted) + "\n")
	}
	switch {
	case p.passed():
		b.WriteString("\n" + st.Good.Render("All checks passed.") + " Press enter for the enterprise account.")
	case p.blocked != "":
		b.WriteString("\n" + p.sh.Hang(p.blocked, 0, w, st.Warning))
	case !p.editing() && slices.ContainsFunc(p.checks, func(c check) bool { return c.state == checkFailed }):
		// Said at once, as "All checks passed" is: a failed check should not wait for
		// an enter to say that enter will not go on and which key checks again (not
		// while a field is edited: the keys type there).
		b.WriteString("\n" + p.sh.Hang(p.whyNot(), 0, w, st.Warning))
	}
	return b.String()
}

// checkIndent is where a check's detail starts: mark, space, name, space.
const checkIndent = 15

func (p *connectPage) checkLine(c check, w int) string {
	st := p.sh.Styles
	var mark string
	switch c.state {
	case checkWaiting:
		mark = st.Muted.Render("·")
	case checkRunning:
		mark = st.Accent.Render("…")
	case checkPassed:
		mark = st.Good.Render("✓")
	case checkFailed:
		mark = st.Bad.Render("✗")
	case checkSkipped:
		mark = st.Muted.Render("-")
	}
	line := mark + " " + common.Pad(c.name, 12)
	if c.detail != "" {
		style := st.Muted
		if c.state == checkFailed {
			style = st.Bad
		}
		line += " " + p.sh.Hang(c.detail, checkIndent, w, style)
	}
	return line
}
