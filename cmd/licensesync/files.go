package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// writeFileAtomic writes data to path with mode 0600 through a temporary file and a rename,
// so a reader never sees half a file. It refuses to replace an existing file unless force.
func writeFileAtomic(path string, data []byte, force bool) error {
	if !force {
		if _, err := os.Lstat(path); err == nil {
			return usagef("%s already exists; pass --force to replace it, or choose another name with -o", path)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("cannot check %s: %w", path, err)
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write next to %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if force {
		return os.Rename(tmp.Name(), path)
	}
	// A hard link fails when path exists, even one created since the check above: a file
	// that appears meanwhile is never replaced. Where links are not supported, rename.
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return usagef("%s already exists; pass --force to replace it, or choose another name with -o", path)
		}
		return os.Rename(tmp.Name(), path)
	}
	return nil
}
