package licensesync

import (
	"fmt"
	"go/build"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// module is the import path of this module: imports under it are the ones checked.
const module = "github.com/licensesync/licensesync"

// layers are the module's packages from the ground up, as docs/ARCHITECTURE.md draws
// them. A package belongs to the entry with the longest matching prefix (an entry
// "a/b" matches a/b and everything under it); it may import only packages of a lower
// layer, never one of its own layer or above, apart from itself. Every package must
// match an entry, so a new package is placed on purpose.
var layers = [][]string{
	{"client/textsafe", "client/atomicfile", "assets"},
	{"client/transport", "client/ghauth", "client/replay", "client/sim"},
	{"client"},
	{"client/snapshot", "client/seats"},
	{"client/appliance"},
	{"client/status"},
	{"client/frontend", "history", "metrics", "reclaim"},
	{"tui/common"},
	{"tui/setup", "tui/trend", "tui/reclaim"},
	{"tui"},
	{"cmd/licensesync/usage", "cmd/licensesync/shell"},
	{"cmd/screenshot", "cmd/licensesync/output", "cmd/licensesync/serve"},
	{"cmd/licensesync/check"},
	{"cmd/licensesync"},
}

// layerOf is the layer of package rel (a path inside the module) and the entry it
// matched; -1 when no entry matches.
func layerOf(rel string) (int, string) {
	best, entry := -1, ""
	for i, names := range layers {
		for _, name := range names {
			if (rel == name || strings.HasPrefix(rel, name+"/")) && len(name) > len(entry) {
				best, entry = i, name
			}
		}
	}
	return best, entry
}

// layerViolations lists, one line each, every import in the module under root that
// the layers forbid, and every package no layer places. Test files are not read:
// tests may reach across (an end-to-end test builds the whole binary).
func layerViolations(root string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(root, func(dir string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if name := d.Name(); dir != root && (strings.HasPrefix(name, ".") || name == "testdata") {
			return filepath.SkipDir
		}
		pkg, err := build.ImportDir(dir, 0)
		if err != nil {
			if _, none := err.(*build.NoGoError); none {
				return nil
			}
			return err
		}
		rel, _ := filepath.Rel(root, dir)
		rel = filepath.ToSlash(rel)
		if rel == "." {
			return nil // the root holds no code
		}
		from, fromEntry := layerOf(rel)
		if from < 0 {
			out = append(out, fmt.Sprintf("%s: no layer places this package (add it to layers and docs/ARCHITECTURE.md)", rel))
			return nil
		}
		for _, imp := range pkg.Imports {
			if !strings.HasPrefix(imp, module+"/") {
				continue
			}
			dep := strings.TrimPrefix(imp, module+"/")
			to, toEntry := layerOf(dep)
			switch {
			case to < 0:
				out = append(out, fmt.Sprintf("%s imports %s, which no layer places", rel, dep))
			case to > from:
				out = append(out, fmt.Sprintf("%s imports %s: %s (layer %d) is above %s (layer %d)", rel, dep, toEntry, to, fromEntry, from))
			case to == from && path.Clean(dep) != rel:
				out = append(out, fmt.Sprintf("%s imports %s: both are in layer %d (%s, %s); packages of one layer do not import each other", rel, dep, from, fromEntry, toEntry))
			}
		}
		return nil
	})
	slices.Sort(out)
	return out, err
}

func TestPackagesImportOnlyLowerLayers(t *testing.T) {
	bad, err := layerViolations(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range bad {
		t.Error(line)
	}
}

// TestLayerCheckFindsAPlantedImport plants the wrong imports the check exists for in a
// copy of the layout (the API client importing the console, a lower package importing
// one of its own layer, a package no layer places) and expects each to be named.
func TestLayerCheckFindsAPlantedImport(t *testing.T) {
	root := t.TempDir()
	plant := func(dir, src string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Join(root, dir), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, dir, "x.go"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	plant("tui", "package tui\n")
	plant("client/transport", "package transport\n")
	plant("client/textsafe", "package textsafe\n")
	plant("client", "package client\n\nimport (\n\t_ \""+module+"/tui\"\n\t_ \""+module+"/client/transport\"\n)\n")
	plant("client/ghauth", "package ghauth\n\nimport _ \""+module+"/client/transport\"\n")
	plant("client/sim", "package sim\n\nimport _ \""+module+"/client/textsafe\"\n") // allowed: a lower layer
	plant("newthing", "package newthing\n")
	got, err := layerViolations(root)
	if err != nil {
		t.Fatal(err)
	}
	tui, _ := layerOf("tui")
	api, _ := layerOf("client")
	low, _ := layerOf("client/transport")
	want := []string{
		fmt.Sprintf("client imports tui: tui (layer %d) is above client (layer %d)", tui, api),
		fmt.Sprintf("client/ghauth imports client/transport: both are in layer %d (client/ghauth, client/transport); packages of one layer do not import each other", low),
		"newthing: no layer places this package (add it to layers and docs/ARCHITECTURE.md)",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("violations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
