package main

// The console's look from the configuration file (see config.go): its keys and colours,
// checked when the file is read and handed to the console when it starts.

import (
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/licensesync/licensesync/cmd/licensesync/usage"
	"github.com/licensesync/licensesync/tui/common"
)

// keyMap is the default keys with the file's rebinds; nil when the file changes none.
func (c *fileConfig) keyMap() (*common.KeyMap, error) {
	if c == nil || len(c.Keys) == 0 {
		return nil, nil
	}
	km := common.DefaultKeyMap()
	for _, name := range slices.Sorted(maps.Keys(c.Keys)) {
		keys := c.Keys[name]
		for _, k := range keys {
			if strings.TrimSpace(k) == "" {
				return nil, usage.Errorf("config %s: keys: %s has an empty key", c.path, name)
			}
		}
		if err := km.Rebind(name, keys...); err != nil {
			return nil, usage.Errorf("config %s: %v (actions: %s)", c.path, err, strings.Join(common.ActionNames(), ", "))
		}
	}
	if errs := common.CheckClashes(km); len(errs) > 0 {
		msgs := make([]string, len(errs))
		for i, e := range errs {
			msgs[i] = e.Error()
		}
		return nil, usage.Errorf("config %s: %s", c.path, strings.Join(msgs, "; "))
	}
	return &km, nil
}

// themeFields maps the file's colour names onto tui.Theme.
func themeFields(t *common.Theme) map[string]*lipgloss.AdaptiveColor {
	return map[string]*lipgloss.AdaptiveColor{
		"text": &t.Text, "muted": &t.Muted, "accent": &t.Accent,
		"good": &t.Good, "warning": &t.Warning, "bad": &t.Bad,
		"border": &t.Border, "bar_fill": &t.BarFill, "bar_rest": &t.BarRest,
	}
}

var (
	hexColour   = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)
	ansiColour  = regexp.MustCompile(`^([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])$`)
	themeColour = "text, muted, accent, good, warning, bad, border, bar_fill, bar_rest"
)

// theme is the default theme with the file's colours; nil when the file changes none.
func (c *fileConfig) theme() (*common.Theme, error) {
	if c == nil || len(c.Colors) == 0 {
		return nil, nil
	}
	t := common.DefaultTheme()
	fields := themeFields(&t)
	for _, name := range slices.Sorted(maps.Keys(c.Colors)) {
		v := c.Colors[name]
		f, ok := fields[name]
		if !ok {
			return nil, usage.Errorf("config %s: line %d: colors: unknown colour %q (colours: %s)", c.path, v.line, name, themeColour)
		}
		for _, col := range []string{v.Light, v.Dark} {
			if !hexColour.MatchString(col) && !ansiColour.MatchString(col) {
				return nil, usage.Errorf("config %s: line %d: colors: %s: %q is not a colour (an ANSI index 0-255 or #rrggbb)", c.path, v.line, name, col)
			}
		}
		*f = v.AdaptiveColor
	}
	return &t, nil
}
