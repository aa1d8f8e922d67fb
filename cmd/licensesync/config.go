package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"gopkg.in/yaml.v3"

	"github.com/licensesync/licensesync/tui"
)

// fileConfig is $XDG_CONFIG_HOME/licensesync/config.yml (or --config FILE): the
// console's keys, colours and refresh, and default hosts. Flags and the environment win
// over it; unknown fields are errors, so a typo never silently does nothing.
//
//	keys:
//	  up: [up, k, ctrl+p]
//	  quit: x
//	colors:
//	  accent: "12"                    # one colour for light and dark backgrounds
//	  bad: {light: "#b00020", dark: "9"}
//	refresh: 45s
//	server: https://ghes.example.com
//	enterprise: acme
//	cloud: https://api.github.com
//	cloud_enterprise: acme-cloud
type fileConfig struct {
	path string

	Keys            map[string]keyList    `yaml:"keys"`
	Colors          map[string]colorValue `yaml:"colors"`
	Refresh         string                `yaml:"refresh"`
	Server          string                `yaml:"server"`
	Enterprise      string                `yaml:"enterprise"`
	Cloud           string                `yaml:"cloud"`
	CloudEnterprise string                `yaml:"cloud_enterprise"`
	// Servers is the fleet (fleet.go).
	Servers []fleetServer `yaml:"servers"`

	refresh time.Duration
}

// keyList is one key or a list of keys.
type keyList []string

func (k *keyList) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		*k = keyList{n.Value}
		return nil
	case yaml.SequenceNode:
		var l []string
		if err := n.Decode(&l); err != nil {
			return err
		}
		*k = l
		return nil
	}
	return fmt.Errorf("line %d: keys are a key or a list of keys, e.g. [up, k]", n.Line)
}

// colorValue is one colour for both backgrounds, or {light: C, dark: C}.
type colorValue struct {
	lipgloss.AdaptiveColor
	line int
}

func (c *colorValue) UnmarshalYAML(n *yaml.Node) error {
	c.line = n.Line
	switch n.Kind {
	case yaml.ScalarNode:
		c.Light, c.Dark = n.Value, n.Value
		return nil
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if v.Kind != yaml.ScalarNode {
				return fmt.Errorf("line %d: %s must be a colour", v.Line, k.Value)
			}
			switch k.Value {
			case "light":
				c.Light = v.Value
			case "dark":
				c.Dark = v.Value
			default:
				return fmt.Errorf("line %d: unknown field %q in a colour (light, dark)", k.Line, k.Value)
			}
		}
		if c.Light == "" || c.Dark == "" {
			return fmt.Errorf("line %d: a colour pair needs both light and dark", n.Line)
		}
		return nil
	}
	return fmt.Errorf("line %d: a colour is a value (\"12\", \"#5fafff\") or {light: …, dark: …}", n.Line)
}

// configPath is --config, else $XDG_CONFIG_HOME/licensesync/config.yml, else
// ~/.config/licensesync/config.yml. explicit says the file must exist.
func (a *app) configPath() (path string, explicit bool) {
	if a.configFile != "" {
		return a.configFile, true
	}
	if f := strings.TrimSpace(a.getenv("LICENSESYNC_CONFIG")); f != "" {
		return f, true // as KUBECONFIG: e.g. the fleet `sim --servers N` writes
	}
	dir := a.getenv("XDG_CONFIG_HOME")
	if dir == "" {
		home := a.getenv("HOME")
		if home == "" {
			h, err := os.UserHomeDir()
			if err != nil {
				return "", false
			}
			home = h
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "licensesync", "config.yml"), false
}

// config loads the configuration file once; a missing default file is an empty config.
func (a *app) config() (*fileConfig, error) {
	if a.cfgLoaded {
		return a.cfg, a.cfgErr
	}
	a.cfgLoaded = true
	path, explicit := a.configPath()
	a.cfg = &fileConfig{path: path}
	if path == "" {
		return a.cfg, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) && !explicit {
			return a.cfg, nil
		}
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		a.cfg, a.cfgErr = nil, usagef("config %s: %v", path, err)
		return nil, a.cfgErr
	}
	a.cfg, a.cfgErr = parseConfig(path, data)
	return a.cfg, a.cfgErr
}

var yamlUnknownField = regexp.MustCompile(`field (\S+) not found in type \S+`)

// parseConfig reads a configuration file strictly and checks what it can up front: the
// refresh, the colours, the key actions and key clashes.
func parseConfig(path string, data []byte) (*fileConfig, error) {
	cfg := &fileConfig{path: path}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(cfg); err != nil && err != io.EOF {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		msg = strings.TrimPrefix(msg, "unmarshal errors:\n  ")
		msg = strings.ReplaceAll(msg, "\n  ", "; ")
		msg = yamlUnknownField.ReplaceAllString(msg, `unknown field "$1"`)
		return nil, usagef("config %s: %s", path, msg)
	}
	cfg.path = path
	if cfg.Refresh != "" {
		d, err := time.ParseDuration(cfg.Refresh)
		if err != nil {
			return nil, usagef("config %s: refresh: %q is not a duration (e.g. 30s, 2m)", path, cfg.Refresh)
		}
		if d < time.Second {
			return nil, usagef("config %s: refresh: %s is too short; use 1s or more", path, d)
		}
		cfg.refresh = d
	}
	if _, err := cfg.theme(); err != nil {
		return nil, err
	}
	if _, err := cfg.keyMap(); err != nil {
		return nil, err
	}
	if err := cfg.checkFleet(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// keyMap is the default keys with the file's rebinds; nil when the file changes none.
func (c *fileConfig) keyMap() (*tui.KeyMap, error) {
	if c == nil || len(c.Keys) == 0 {
		return nil, nil
	}
	km := tui.DefaultKeyMap()
	names := make([]string, 0, len(c.Keys))
	for name := range c.Keys {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		keys := c.Keys[name]
		for _, k := range keys {
			if strings.TrimSpace(k) == "" {
				return nil, usagef("config %s: keys: %s has an empty key", c.path, name)
			}
		}
		if err := km.Rebind(name, keys...); err != nil {
			return nil, usagef("config %s: %v (actions: %s)", c.path, err, strings.Join(tui.ActionNames(), ", "))
		}
	}
	if errs := tui.CheckClashes(km); len(errs) > 0 {
		msgs := make([]string, len(errs))
		for i, e := range errs {
			msgs[i] = e.Error()
		}
		return nil, usagef("config %s: %s", c.path, strings.Join(msgs, "; "))
	}
	return &km, nil
}

// themeFields maps the file's colour names onto tui.Theme.
func themeFields(t *tui.Theme) map[string]*lipgloss.AdaptiveColor {
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
func (c *fileConfig) theme() (*tui.Theme, error) {
	if c == nil || len(c.Colors) == 0 {
		return nil, nil
	}
	t := tui.DefaultTheme()
	fields := themeFields(&t)
	names := make([]string, 0, len(c.Colors))
	for name := range c.Colors {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		v := c.Colors[name]
		f, ok := fields[name]
		if !ok {
			return nil, usagef("config %s: line %d: colors: unknown colour %q (colours: %s)", c.path, v.line, name, themeColour)
		}
		for _, col := range []string{v.Light, v.Dark} {
			if !hexColour.MatchString(col) && !ansiColour.MatchString(col) {
				return nil, usagef("config %s: line %d: colors: %s: %q is not a colour (an ANSI index 0-255 or #rrggbb)", c.path, v.line, name, col)
			}
		}
		*f = v.AdaptiveColor
	}
	return &t, nil
}
