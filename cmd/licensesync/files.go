package main

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/licensesync/licensesync/client/atomicfile"
)

// writeFileAtomic writes data to path with mode 0600 through a temporary file and a rename,
// so a reader never sees half a file. It refuses to replace an existing file unless force,
// even one that appears while data is written.
func writeFileAtomic(path string, data []byte, force bool) error {
	write := atomicfile.WriteNew
	if force {
		write = atomicfile.Write
	}
	err := write(path, data, 0o600)
	switch {
	case err == nil:
		return nil
	case !force && errors.Is(err, fs.ErrExist):
		return usagef("%s already exists; pass --force to replace it, or choose another name with -o", path)
	}
	return fmt.Errorf("cannot write %s: %w", path, err)
}
