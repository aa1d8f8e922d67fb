package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every --jq and --template example in --help works on that command's own JSON: they
// all used to show users' '.[0].github_com_login', which fails on status's object.
func TestJQAndTemplateExamplesInHelpWork(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	if r := runBin(t, env, "enable", "--demo", "--yes"); r.code != 0 {
		t.Fatalf("enable:\n%s", r)
	}
	example := regexp.MustCompile(`e\.g\. '(.*)'$`)
	root := (&app{getenv: func(string) string { return "" }}).rootCommand()
	for _, c := range []struct {
		name  string
		extra []string
		codes string // the exit codes that are right for the demo at this point
	}{
		{"status", nil, "0"},
		{"users", nil, "0"},
		{"history", nil, "0"},
		{"sync", []string{"--wait"}, "0"},
		{"check", nil, "12"}, // WARNING or CRITICAL: the demo is over purchased after a sync
	} {
		cmd, _, err := root.Find([]string{c.name})
		if err != nil {
			t.Fatal(err)
		}
		for _, flag := range []string{"jq", "template"} {
			m := example.FindStringSubmatch(cmd.Flags().Lookup(flag).Usage)
			if m == nil {
				t.Fatalf("%s --%s: no example in %q", c.name, flag, cmd.Flags().Lookup(flag).Usage)
			}
			args := append([]string{c.name, "--demo", "--" + flag, m[1]}, c.extra...)
			r := runBin(t, env, args...)
			if !strings.Contains(c.codes, string(rune('0'+r.code))) || strings.TrimSpace(r.stdout) == "" || strings.Contains(r.stdout, "<no value>") {
				t.Errorf("%v: the help's example does not work:\n%s", args, r)
			}
		}
	}
	cmd, _, _ := root.Find([]string{"export"})
	for _, flag := range []string{"jq", "template"} {
		m := example.FindStringSubmatch(cmd.Flags().Lookup(flag).Usage)
		r := runBin(t, env, "export", "--demo", "-o", filepath.Join(t.TempDir(), "usage.json"), "--"+flag, m[1])
		if r.code != 0 || strings.TrimSpace(r.stdout) == "" {
			t.Errorf("export --%s %s:\n%s", flag, m[1], r)
		}
	}
}
