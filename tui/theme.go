package tui

import (
	"github.com/charmbracelet/bubbles/progress"
	"github.com/charmbracelet/lipgloss"
)

// Theme is every colour the console uses. The defaults are ANSI palette indices, so they
// follow the terminal's own palette and stay readable on light and dark backgrounds.
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
}

// DefaultTheme returns the palette-following theme.
func DefaultTheme() Theme {
	return Theme{
		Text:    lipgloss.AdaptiveColor{Light: "0", Dark: "15"},
		Muted:   lipgloss.AdaptiveColor{Light: "8", Dark: "7"},
		Accent:  lipgloss.AdaptiveColor{Light: "4", Dark: "12"},
		Good:    lipgloss.AdaptiveColor{Light: "2", Dark: "10"},
		Warning: lipgloss.AdaptiveColor{Light: "3", Dark: "11"},
		Bad:     lipgloss.AdaptiveColor{Light: "1", Dark: "9"},
		Border:  lipgloss.AdaptiveColor{Light: "8", Dark: "8"},
		BarFill: lipgloss.AdaptiveColor{Light: "4", Dark: "12"},
		BarRest: lipgloss.AdaptiveColor{Light: "7", Dark: "8"},
	}
}

// styles are built once per program from its renderer, never from lipgloss's global one,
// so that each SSH session gets its own terminal's colours.
type styles struct {
	title, crumb, step  lipgloss.Style
	text, muted, accent lipgloss.Style
	good, warning, bad  lipgloss.Style
	label, selected     lipgloss.Style
	box, focusedBox     lipgloss.Style
	// the seat bar: in use, nearly full (90%), full or over.
	bar, barWarning, barFull progress.Model
	tableHead, tableCell     lipgloss.Style
}

func newStyles(r *lipgloss.Renderer, t Theme) styles {
	s := r.NewStyle
	return styles{
		title:      s().Bold(true).Foreground(t.Accent),
		crumb:      s().Foreground(t.Text),
		step:       s().Foreground(t.Muted),
		text:       s().Foreground(t.Text),
		muted:      s().Foreground(t.Muted),
		accent:     s().Foreground(t.Accent),
		good:       s().Foreground(t.Good),
		warning:    s().Foreground(t.Warning),
		bad:        s().Foreground(t.Bad).Bold(true),
		label:      s().Bold(true),
		selected:   s().Reverse(true),
		box:        s().Border(lipgloss.NormalBorder()).BorderForeground(t.Border).Padding(0, 1),
		focusedBox: s().Border(lipgloss.NormalBorder()).BorderForeground(t.Accent).Padding(0, 1),
		bar:        newBar(r, t.BarFill, t.BarRest),
		barWarning: newBar(r, t.Warning, t.BarRest),
		barFull:    newBar(r, t.Bad, t.BarRest),
		tableHead:  s().Bold(true).Underline(true),
		tableCell:  s(),
	}
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
