package assets

// Colour is one terminal colour for a light and a dark background: an ANSI palette index
// ("0" to "255"), so that it follows the terminal's own palette, or "#rrggbb". The empty
// string is the terminal's own colour (its default foreground).
type Colour struct{ Light, Dark string }

// Palette is the console's colours by role. The TUI builds its styles from it; a
// configuration file can override any role.
type Palette struct {
	Text, Muted, Accent      Colour
	Good, Warning, Bad       Colour
	Border, BarFill, BarRest Colour
}

// DefaultPalette uses the 16 ANSI colours only, readable on light and dark backgrounds
// and in low-colour terminals. Body text is the terminal's own foreground, so it reads
// on any background even when the background cannot be detected (inside tmux or
// screen); colour is for accents and states only.
var DefaultPalette = Palette{
	Text:    Colour{},
	Muted:   Colour{Light: "8", Dark: "7"},
	Accent:  Colour{Light: "4", Dark: "12"},
	Good:    Colour{Light: "2", Dark: "10"},
	Warning: Colour{Light: "3", Dark: "11"},
	Bad:     Colour{Light: "1", Dark: "9"},
	Border:  Colour{Light: "8", Dark: "8"},
	BarFill: Colour{Light: "4", Dark: "12"},
	BarRest: Colour{Light: "8", Dark: "8"}, // grey on both: light grey (7) vanished on a white pane
}
