package common

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/textsafe"
)

// Clean makes a string from an API safe for the terminal.
func Clean(s string) string { return textsafe.Sanitize(s) }

// Reason is the one line to show for a failure: the client's hint when it has one.
func Reason(err error) string {
	var e *client.Error
	if errors.As(err, &e) && e.Hint != "" {
		if e.RequestID != "" { // for a support ticket
			return Clean(e.Hint) + " (GitHub request ID " + Clean(e.RequestID) + ")"
		}
		return Clean(e.Hint)
	}
	return Clean(err.Error())
}

// FullReason is the whole of a failure: what was being done, the cause, the hint and
// the HTTP status, for reading at leisure.
func FullReason(err error) string {
	var e *client.Error
	if !errors.As(err, &e) {
		return Clean(err.Error())
	}
	var parts []string
	what := e.Op
	if e.Err != nil {
		what = strings.TrimPrefix(what+": "+e.Err.Error(), ": ")
	}
	if what != "" {
		parts = append(parts, UpperFirst(strings.TrimRight(Clean(what), "."))+".")
	}
	if e.Status != 0 && !strings.Contains(what, strconv.Itoa(e.Status)) {
		parts = append(parts, fmt.Sprintf("HTTP %d.", e.Status))
	}
	if e.Hint != "" {
		parts = append(parts, Clean(e.Hint))
	}
	if e.RequestID != "" { // for a support ticket
		parts = append(parts, "GitHub request ID "+Clean(e.RequestID)+".")
	}
	return strings.Join(parts, " ")
}

// NoCloudEnterprise reports the client's answer when it cannot tell which cloud
// enterprise to ask (a stock appliance and no slug given).
func NoCloudEnterprise(err error) bool { return errors.Is(err, client.ErrNoCloudEnterprise) }

// NoCloudEnterpriseText says, once and briefly, what noCloudEnterprise means and what to do.
const NoCloudEnterpriseText = "this appliance does not say which cloud enterprise it is connected to; " +
	"start licensesync with --cloud-enterprise SLUG (or LICENSESYNC_CLOUD_ENTERPRISE)."

// CloudReason is reason for a cloud request, with the missing cloud enterprise said briefly.
func CloudReason(err error) string {
	if NoCloudEnterprise(err) {
		return NoCloudEnterpriseText
	}
	return Reason(err)
}

// HintOf is the client's hint in err, "" when it has none.
func HintOf(err error) string {
	var e *client.Error
	if errors.As(err, &e) {
		return Clean(e.Hint)
	}
	return ""
}

// IsConflict reports a 412: someone else changed the settings since we read them.
func IsConflict(err error) bool {
	var e *client.Error
	return errors.As(err, &e) && e.Kind == client.KindConflict && e.Status == 412
}

// Fit cuts s to at most w cells, marking the cut with an ellipsis.
func Fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	return ansi.Truncate(s, w, "…")
}

// Pad cuts or pads s to exactly w cells.
func Pad(s string, w int) string {
	s = Fit(s, w)
	if n := ansi.StringWidth(s); n < w {
		s += strings.Repeat(" ", w-n)
	}
	return s
}

// nonBreakingHyphen stands in for "-" while hang wraps.
const nonBreakingHyphen = "\u2011"

// Hang wraps s (plain text) to w cells, never cutting it: every line is drawn with
// style, the first as is (the caller has put a prefix of indent cells before it) and
// the ones after it indented by indent spaces, so the text reads as one column.
func (sh *Shared) Hang(s string, indent, w int, style lipgloss.Style) string {
	width := max(w-indent, 10)
	// lipgloss breaks words at hyphens too, which tears flags such as --cloud-enterprise
	// in two; hyphens are kept whole (a non-breaking hyphen while wrapping) unless a word
	// is longer than the line.
	wrapped := sh.Renderer.NewStyle().Width(width).Render(strings.ReplaceAll(s, "-", nonBreakingHyphen))
	wrapped = strings.ReplaceAll(wrapped, nonBreakingHyphen, "-")
	ls := strings.Split(wrapped, "\n")
	style = style.UnsetTransform() // the caller marks the first line (✗, ✓) itself
	for i, l := range ls {
		l = style.Render(strings.TrimRight(l, " "))
		if i > 0 {
			l = strings.Repeat(" ", indent) + l
		}
		ls[i] = l
	}
	return strings.Join(ls, "\n")
}

// UpperFirst is s with its first letter in upper case, to open a sentence with a
// phrase the commands write in lower case.
func UpperFirst(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// Pick is a when cond holds, else b.
func Pick(cond bool, a, b string) string {
	if cond {
		return a
	}
	return b
}

// LabelWidth is the width of the dashboard's left-hand labels (the trend's too).
const LabelWidth = 8
