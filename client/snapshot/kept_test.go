package snapshot

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/licensesync/licensesync/client/sim"
)

// What is kept beside a snapshot is taken only under the names it was kept under: the
// snapshot's content, the format's version and the build; a file larger than asked, a
// changed build or something not a regular file is not taken (and never blocks).
func TestKeptIsTakenOnlyUnderItsNames(t *testing.T) {
	dir := t.TempDir()
	c, _ := newSimClient(t, sim.Options{CloudUsers: 250}, dir, nil)
	cl, err := c.ConsumedLicenses(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	fp := cl.Fetch.Snapshot
	if fp == "" {
		t.Fatal("a read that saved a snapshot names no fingerprint")
	}
	type value struct{ N int }
	if err := c.Keep("thing", 3, fp, value{N: 7}); err != nil {
		t.Fatal(err)
	}
	file := c.KeptFile("thing")
	if !strings.HasSuffix(file, ".thing") || !strings.HasPrefix(file, strings.TrimSuffix(c.SnapshotFile(), ".snap")) {
		t.Fatalf("kept file %q beside %q", file, c.SnapshotFile())
	}
	if info, err := os.Stat(file); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("the kept file: %v %v", info, err)
	}
	read := func(version int, snapshot string, maxBytes int64) (value, bool) {
		var v value
		ok := c.ReadKept("thing", version, snapshot, maxBytes, &v)
		return v, ok
	}
	if v, ok := read(3, fp, 1<<10); !ok || v.N != 7 {
		t.Fatalf("kept %+v, ok %v", v, ok)
	}
	for name, ok := range map[string]bool{
		"another snapshot": func() bool { _, ok := read(3, fp+"x", 1<<10); return ok }(),
		"another version":  func() bool { _, ok := read(4, fp, 1<<10); return ok }(),
		"too large":        func() bool { _, ok := read(3, fp, 16); return ok }(),
		"no snapshot":      func() bool { _, ok := read(3, "", 1<<10); return ok }(),
	} {
		if ok {
			t.Errorf("%s: taken", name)
		}
	}

	var k map[string]any
	if err := json.Unmarshal(must(os.ReadFile(file)), &k); err != nil {
		t.Fatal(err)
	}
	k["build"] = "another build"
	if err := os.WriteFile(file, must(json.Marshal(k)), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, ok := read(3, fp, 1<<10); ok {
		t.Error("another build's value taken")
	}

	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(file, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, ok := read(3, fp, 1<<10); ok {
		t.Error("a named pipe taken")
	}

	none, _ := newSimClient(t, sim.Options{CloudUsers: 5}, "", nil)
	if f := none.KeptFile("thing"); f != "" {
		t.Errorf("without snapshots a kept file %q", f)
	}
	if err := none.Keep("thing", 3, fp, value{}); err != nil {
		t.Errorf("keeping without snapshots: %v", err)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
