package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/licensesync/licensesync/client/atomicfile"
	"github.com/licensesync/licensesync/cmd/licensesync/usage"
)

// writeFileAtomic writes data to path with mode 0600 through a temporary file and a rename,
// so a reader never sees half a file. It refuses to replace an existing file unless force,
// even one that appears while data is written.
func writeFileAtomic(path string, data []byte, force bool) error {
	// Said before writing: --force cannot replace a folder, and a missing folder would
	// otherwise be reported by the name of the temporary file.
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return usage.Errorf("%s is a folder; give -o the name of a file (e.g. one in %s)", path, path)
	}
	if dir := filepath.Dir(path); dir != "" {
		if info, err := os.Stat(dir); err != nil {
			return usage.Errorf("cannot write %s: the folder %s does not exist; create it or choose another -o", path, dir)
		} else if !info.IsDir() {
			return usage.Errorf("cannot write %s: %s is not a folder; choose another -o", path, dir)
		}
	}
	write := atomicfile.WriteNew
	if force {
		write = atomicfile.Write
	}
	err := write(path, data, 0o600)
	switch {
	case err == nil:
		return nil
	case !force && errors.Is(err, fs.ErrExist):
		return usage.Errorf("%s already exists; pass --force to replace it, or choose another name with -o", path)
	}
	return fmt.Errorf("cannot write %s: %w", path, err)
}
