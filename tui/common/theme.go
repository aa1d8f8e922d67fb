package common

import (
	"strings"

	"github.com/charmbracelet/bubbles/progress"
	"github.com/charmbracelet/lipgloss"

	"github.com/licensesync/licensesync/assets"
)

// Theme is every colour the console uses; the defaults come from assets.DefaultPalette.
type Theme struct {
	Text    lipgloss.AdaptiveColor
	Muted   lipgloss.AdaptiveColor
	Accent  lipgloss.AdaptiveColor
	Good    lipgloss.AdaptiveColor
	Warning lipgloss.AdaptiveColor
	Bad     lipgloss.AdaptiveColor
	Border  lipgloss.AdaptiveColor
	BarFill lipgloss.AdaptiveColor
	BarRest lipgloss.AdaptiveColor
	// Symbols puts ⚠ before a warning and ✗ before a failure that does not start with a
	// mark of its own: where there is no colour, the symbol carries the meaning.
	Symbols bool
}

// MonoTheme is the console without colours (NO_COLOR, --no-color): every colour is the
// terminal's own, emphasis stays (bold, reverse, underline) and symbols mark warnings
// and failures.
func MonoTheme() Theme { return Theme{Symbols: true} }

// DefaultTheme is assets.DefaultPalette as lipgloss colours.
func DefaultTheme() Theme {
	p := assets.DefaultPalette
	c := func(col assets.Colour) lipgloss.AdaptiveColor {
		return lipgloss.AdaptiveColor{Light: col.Light, Dark: col.Dark}
	}
	return Theme{
		Text: c(p.Text), Muted: c(p.Muted), Accent: c(p.Accent),
		Good: c(p.Good), Warning: c(p.Warning), Bad: c(p.Bad),
		Border: c(p.Border), BarFill: c(p.BarFill), BarRest: c(p.BarRest),
	}
}

// Styles are built once per program from its renderer, never from lipgloss's global one,
// so that each SSH session gets its own terminal's colours.
type Styles struct {
	Title, Crumb, Step  lipgloss.Style
	Text, Muted, Accent lipgloss.Style
	Good, Warning, Bad  lipgloss.Style
	Label, Selected     lipgloss.Style
	Box, FocusedBox     lipgloss.Style
	// the seat Bar: in use, nearly full (90%), full or over.
	Bar, BarWarning, BarFull progress.Model
	TableHead, TableCell     lipgloss.Style
}

func NewStyles(r *lipgloss.Renderer, t Theme) Styles {
	s := r.NewStyle
	return Styles{
		Title:      s().Bold(true).Foreground(t.Accent),
		Crumb:      s().Foreground(t.Text),
		Step:       s().Foreground(t.Muted),
		Text:       s().Foreground(t.Text),
		Muted:      s().Foreground(t.Muted),
		Accent:     s().Foreground(t.Accent),
		Good:       s().Foreground(t.Good),
		Warning:    marked(s().Foreground(t.Warning), t.Symbols, "⚠ "),
		Bad:        marked(s().Foreground(t.Bad).Bold(true), t.Symbols, "✗ "),
		Label:      s().Bold(true),
		Selected:   s().Reverse(true),
		Box:        s().Border(lipgloss.NormalBorder()).BorderForeground(t.Border).Padding(0, 1),
		FocusedBox: s().Border(lipgloss.NormalBorder()).BorderForeground(t.Accent).Padding(0, 1),
		Bar:        newBar(r, t.BarFill, t.BarRest),
		BarWarning: newBar(r, t.Warning, t.BarRest),
		BarFull:    newBar(r, t.Bad, t.BarRest),
		TableHead:  s().Bold(true).Underline(true),
		TableCell:  s(),
	}
}

// marked is style with symbol put before what it renders when symbols is set (and the
// text has no mark yet); a warning also turns bold, as it has no colour to stand out.
func marked(style lipgloss.Style, symbols bool, symbol string) lipgloss.Style {
	if !symbols {
		return style
	}
	return style.Bold(true).Transform(func(text string) string {
		// After any leading " · " separator, so that the mark sits on the words.
		body := strings.TrimLeft(text, " ·")
		lead := text[:len(text)-len(body)]
		if body == "" || strings.HasPrefix(body, strings.TrimSpace(symbol)) || strings.HasPrefix(body, "✗") || strings.HasPrefix(body, "!") {
			return text
		}
		return lead + symbol + body
	})
}

// newBar is a still progress bar (drawn with ViewAs) in the renderer's colour profile,
// so that each SSH session gets its own terminal's colours, or none.
func newBar(r *lipgloss.Renderer, fill, rest lipgloss.AdaptiveColor) progress.Model {
	pick := func(c lipgloss.AdaptiveColor) string {
		if r.HasDarkBackground() {
			return c.Dark
		}
		return c.Light
	}
	b := progress.New(progress.WithSolidFill(pick(fill)), progress.WithFillCharacters('█', '░'),
		progress.WithoutPercentage(), progress.WithColorProfile(r.ColorProfile()))
	b.EmptyColor = pick(rest)
	return b
}
