// Package atomicfile writes whole files so that a reader sees either the old content or
// the new, never a part: the data goes to a temporary file in the same directory, which
// is given its mode, written, flushed to disk (fsync) and closed, then renamed into
// place (Write, WriteFunc) or hard-linked there only if nothing is there yet (WriteNew).
// On failure the temporary file is removed and the target is left as it was.
package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// Write writes data to path atomically, replacing any file there. The file gets mode
// perm exactly (the umask does not apply).
func Write(path string, data []byte, perm os.FileMode) error {
	return write(path, perm, dataFiller(data), false)
}

// WriteFunc is Write for content produced by a function: fill writes it to f, the
// temporary file (unbuffered; fill must not close it). An error from fill is returned
// and nothing is replaced. What f.Stat reports once fill is done, the file at path has
// after the rename, bar its name: the same file (os.SameFile), size and modification time.
func WriteFunc(path string, perm os.FileMode, fill func(f *os.File) error) error {
	return write(path, perm, fill, false)
}

// WriteNew writes data to a new file at path atomically, never replacing one: when a
// file (or anything else) is at path already, or appears there while data is written,
// it fails with an error that satisfies errors.Is(err, fs.ErrExist). On a file system
// without hard links it falls back to a check and a rename, which a file that appears
// between the two would lose to.
func WriteNew(path string, data []byte, perm os.FileMode) error {
	if _, err := os.Lstat(path); err == nil {
		return existErr(path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return write(path, perm, dataFiller(data), true)
}

func dataFiller(data []byte) func(*os.File) error {
	return func(f *os.File) error {
		_, err := f.Write(data)
		return err
	}
}

func existErr(path string) error {
	return &fs.PathError{Op: "create", Path: path, Err: fs.ErrExist}
}

// write does the work of the exported functions; noClobber links instead of renaming.
func write(path string, perm os.FileMode, fill func(*os.File) error, noClobber bool) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	name := tmp.Name()
	// After a rename this fails harmlessly; after a link it drops the temporary name.
	defer os.Remove(name)
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if err := fill(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if !noClobber {
		return os.Rename(name, path)
	}
	// A hard link fails when path exists, even one created since WriteNew looked.
	err = os.Link(name, path)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, fs.ErrExist):
		return existErr(path)
	}
	// No hard links here (some network and FAT file systems): check, then rename.
	if _, lerr := os.Lstat(path); lerr == nil {
		return existErr(path)
	}
	return os.Rename(name, path)
}
