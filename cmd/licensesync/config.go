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
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"gopkg.in/yaml.v3"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/atomicfile"
	"github.com/licensesync/licensesync/cmd/licensesync/usage"
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
//	theme: light                      # auto (the default), light or dark
//	server: https://ghes.example.com
//	enterprise: acme
//	cloud: https://api.github.com
//	cloud_enterprise: acme-cloud
type fileConfig struct {
	path string

	Keys            map[string]keyList    `yaml:"keys"`
	Colors          map[string]colorValue `yaml:"colors"`
	Refresh         string                `yaml:"refresh"`
	Theme           string                `yaml:"theme"`
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

// maxConfigBytes bounds the configuration file; a real one is a few kilobytes.
const maxConfigBytes = 1 << 20

// unwrapPath drops the path an fs.PathError repeats.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
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
	data, err := atomicfile.ReadRegular(path, maxConfigBytes) // never a pipe or device
	if err != nil {
		if errors.Is(err, os.ErrNotExist) && !explicit {
			return a.cfg, nil
		}
		if errors.Is(err, atomicfile.ErrNotRegular) && !explicit {
			fmt.Fprintf(a.io.err, "licensesync: note: %s is skipped: %v\n", path, unwrapPath(err))
			return a.cfg, nil
		}
		a.cfg, a.cfgErr = nil, usage.Errorf("config %s: %v", path, unwrapPath(err))
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
		return nil, usage.Errorf("config %s: %s", path, msg)
	}
	cfg.path = path
	slugs := [][2]string{{"enterprise", cfg.Enterprise}, {"cloud_enterprise", cfg.CloudEnterprise}}
	for i, srv := range cfg.Servers {
		slugs = append(slugs, [2]string{fmt.Sprintf("servers[%d].enterprise", i), srv.Enterprise},
			[2]string{fmt.Sprintf("servers[%d].cloud_enterprise", i), srv.CloudEnterprise})
	}
	for _, slug := range slugs {
		if err := client.CheckSlug(slug[1], "config "+path+": "+slug[0]); err != nil {
			return nil, err
		}
	}
	if cfg.Refresh != "" {
		d, err := time.ParseDuration(cfg.Refresh)
		if err != nil {
			return nil, usage.Errorf("config %s: refresh: %q is not a duration (e.g. 30s, 2m)", path, cfg.Refresh)
		}
		if d < time.Second {
			return nil, usage.Errorf("config %s: refresh: %s is too short; use 1s or more", path, d)
		}
		cfg.refresh = d
	}
	if cfg.Theme != "" {
		if err := checkTheme(cfg.Theme); err != nil {
			return nil, usage.Errorf("config %s: %v", path, err)
		}
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
