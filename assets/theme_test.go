package assets

import (
	"reflect"
	"regexp"
	"strconv"
	"testing"
)

var hexColour = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

func TestDefaultPaletteIsComplete(t *testing.T) {
	v := reflect.ValueOf(DefaultPalette)
	for i := range v.NumField() {
		c := v.Field(i).Interface().(Colour)
		if v.Type().Field(i).Name == "Text" {
			continue // the terminal's own foreground: TestBodyTextIsTheTerminalsForeground
		}
		for _, s := range []string{c.Light, c.Dark} {
			n, err := strconv.Atoi(s)
			if !hexColour.MatchString(s) && (err != nil || n < 0 || n > 255) {
				t.Errorf("%s: %q is neither an ANSI index nor #rrggbb", v.Type().Field(i).Name, s)
			}
		}
	}
}

// TestBodyTextIsTheTerminalsForeground: body text sets no colour, so that it reads on a
// white tmux pane the console took for dark as well as on a black one.
func TestBodyTextIsTheTerminalsForeground(t *testing.T) {
	if DefaultPalette.Text != (Colour{}) {
		t.Fatalf("body text has a colour of its own: %+v", DefaultPalette.Text)
	}
}

// TestLightColoursShowOnWhite: no colour of the default palette meant for a light
// background is light grey (7) or white (15): drawn on a white pane it vanishes (the
// empty part of a seats bar did).
func TestLightColoursShowOnWhite(t *testing.T) {
	v := reflect.ValueOf(DefaultPalette)
	for i := range v.NumField() {
		if light := v.Field(i).Interface().(Colour).Light; light == "7" || light == "15" {
			t.Errorf("%s is colour %s on a light background: invisible on white", v.Type().Field(i).Name, light)
		}
	}
}
