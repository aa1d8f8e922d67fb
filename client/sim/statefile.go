package sim

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/licensesync/licensesync/client/atomicfile"
)

// stateFormat is the version of the state file layout.
const stateFormat = 1

// loadState reads the state file, or returns a fresh state when path is empty or
// the file does not exist yet. A file that cannot be used is an error, never
// silently replaced. It also returns the file as read (nil when there was none), for
// stateFileChanged.
func loadState(path string, opts Options, real time.Time) (*state, os.FileInfo, error) {
	if path == "" {
		return newState(opts, real), nil, nil
	}
	data, info, err := readStateFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return newState(opts, real), nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("sim: read state file: %w", err)
	}
	st, err := decodeState(path, data, opts, real)
	return st, info, err
}

// readStateFile reads the file at path and says which file it read: the same open file
// is read and examined, so the two agree even when another process replaces it meanwhile.
func readStateFile(path string) ([]byte, os.FileInfo, error) {
	f, err := atomicfile.OpenRegular(path) // a pipe or device there must not hold the demo
	if err != nil && errors.Is(err, atomicfile.ErrNotRegular) {
		return nil, nil, fmt.Errorf("%w (remove it, or use --state elsewhere)", err)
	}
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	data, err := io.ReadAll(f)
	return data, info, err
}

// decodeState checks and decodes a state file's content.
func decodeState(path string, data []byte, opts Options, real time.Time) (*state, error) {
	var st state
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, fmt.Errorf("sim: state file %s is corrupt (%v); remove it to start over", path, err)
	}
	switch {
	case st.Format != stateFormat:
		return nil, fmt.Errorf("sim: state file %s has format %d, want %d; remove it to start over", path, st.Format, stateFormat)
	case st.Seed != opts.Seed || st.Users != opts.Users || st.CloudUsers != opts.CloudUsers:
		return nil, fmt.Errorf("sim: state file %s belongs to another world (seed %d, %d users, %d cloud users); remove it to start over",
			path, st.Seed, st.Users, st.CloudUsers)
	case st.Features == nil || st.RealAnchor.IsZero() || st.Clock <= 0 || st.Version < 1:
		return nil, fmt.Errorf("sim: state file %s is corrupt (missing fields); remove it to start over", path)
	}
	if st.EnabledAt == nil {
		st.EnabledAt = map[string]time.Time{}
	}
	for _, f := range featureNames {
		if v := st.Features[f]; v != featureOn && v != featureOff {
			return nil, fmt.Errorf("sim: state file %s is corrupt (feature %s is %q); remove it to start over", path, f, v)
		}
	}
	st.reanchor(real, opts.Clock)
	return &st, nil
}

// saveState writes st to path atomically (temp file and rename), mode 0600, and
// returns the file written, for stateFileChanged.
func saveState(path string, st *state) (os.FileInfo, error) {
	data, err := json.Marshal(st)
	if err != nil {
		return nil, fmt.Errorf("sim: encode state: %w", err)
	}
	var info os.FileInfo
	err = atomicfile.WriteFunc(path, 0o600, func(f *os.File) error {
		if _, err := f.Write(data); err != nil {
			return err
		}
		info, err = f.Stat()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sim: save state: %w", err)
	}
	return info, nil
}

// stateFileChanged reports whether the file at path is no longer last, the one this
// process last read or wrote there (nil: there was none): another process saved since,
// or the file was removed. Every save puts a new file in place (a rename), so a change
// shows as another file even when its size and modification time are the same.
func stateFileChanged(path string, last os.FileInfo) (bool, error) {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return last != nil, nil
	}
	if err != nil {
		return false, fmt.Errorf("sim: read state file: %w", err)
	}
	return last == nil || !os.SameFile(last, info) || last.Size() != info.Size() || !last.ModTime().Equal(info.ModTime()), nil
}
