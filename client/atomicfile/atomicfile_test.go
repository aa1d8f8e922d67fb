package atomicfile

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// onlyFiles fails unless dir holds exactly the names given: no temporary file left.
func onlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if len(got) != len(names) {
		t.Fatalf("dir holds %q, want %q", got, names)
	}
	for i := range names {
		if got[i] != names[i] {
			t.Fatalf("dir holds %q, want %q", got, names)
		}
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWriteMode(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes")
	}
	dir := t.TempDir()
	for _, perm := range []os.FileMode{0o600, 0o644, 0o640} {
		for name, w := range map[string]func(string, []byte, os.FileMode) error{"Write": Write, "WriteNew": WriteNew} {
			path := filepath.Join(dir, name+perm.String())
			if err := w(path, []byte("x"), perm); err != nil {
				t.Fatal(err)
			}
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != perm {
				t.Errorf("%s with %v: mode %v", name, perm, fi.Mode().Perm())
			}
		}
	}
}

func TestWriteReplacesAtomically(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f.json")
	if err := Write(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A reader that opened the old file keeps reading the old content: the new file is
	// renamed over it, not written into it.
	r, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := Write(path, []byte("new content"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, path); got != "new content" {
		t.Errorf("path holds %q", got)
	}
	if old, _ := io.ReadAll(r); string(old) != "old" {
		t.Errorf("the open reader read %q, want the old content", old)
	}
	onlyFiles(t, dir, "f.json")
}

func TestWriteFunc(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	var written os.FileInfo
	err := WriteFunc(path, 0o600, func(f *os.File) error {
		if _, err := io.Copy(f, bytes.NewReader(bytes.Repeat([]byte("ab"), 100000))); err != nil {
			return err
		}
		var err error
		written, err = f.Stat()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, path); len(got) != 200000 {
		t.Errorf("wrote %d bytes", len(got))
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(written, fi) || written.Size() != fi.Size() || !written.ModTime().Equal(fi.ModTime()) {
		t.Errorf("the file at path (%v, %v) is not the one written (%v, %v)", fi.Size(), fi.ModTime(), written.Size(), written.ModTime())
	}
	onlyFiles(t, dir, "f")
}

func TestWriteNewNoClobber(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	if err := WriteNew(path, []byte("first"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := WriteNew(path, []byte("second"), 0o600)
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("err = %v, want fs.ErrExist", err)
	}
	if got := readFile(t, path); got != "first" {
		t.Errorf("path holds %q, want the first content", got)
	}
	onlyFiles(t, dir, "out.csv")
}

// TestWriteNewLosesNoRace: a file that appears after WriteNew looked (here: write is
// called as WriteNew calls it, with the file already there) is not replaced.
func TestWriteNewLosesNoRace(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	if err := os.WriteFile(path, []byte("theirs"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := write(path, 0o600, dataFiller([]byte("ours")), true)
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("err = %v, want fs.ErrExist", err)
	}
	if got := readFile(t, path); got != "theirs" {
		t.Errorf("path holds %q", got)
	}
	onlyFiles(t, dir, "out.csv")
}

func TestFailureLeavesNoTempFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	if err := Write(path, []byte("kept"), 0o600); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := WriteFunc(path, 0o600, func(f *os.File) error {
		f.Write([]byte("half"))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if got := readFile(t, path); got != "kept" {
		t.Errorf("path holds %q after a failed write", got)
	}
	onlyFiles(t, dir, "f")

	// The rename fails: a directory is in the way.
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(sub, "x"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Write(sub, []byte("x"), 0o600); err == nil {
		t.Fatal("Write over a non-empty directory succeeded")
	}
	onlyFiles(t, dir, "f", "sub")

	// No directory to write into.
	if err := Write(filepath.Join(dir, "missing", "f"), []byte("x"), 0o600); err == nil {
		t.Fatal("Write into a missing directory succeeded")
	}
	onlyFiles(t, dir, "f", "sub")
}
