package sim

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/licensesync/licensesync/client/atomicfile"
)

// stateFormat is the version of the state file layout.
const stateFormat = 1

// loadState reads the state file, or returns a fresh state when path is empty or
// the file does not exist yet. A file that cannot be used is an error, never
// silently replaced.
func loadState(path string, opts Options, real time.Time) (*state, error) {
	if path == "" {
		return newState(opts, real), nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return newState(opts, real), nil
	}
	if err != nil {
		return nil, fmt.Errorf("sim: read state file: %w", err)
	}
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

// saveState writes st to path atomically (temp file and rename), mode 0600.
func saveState(path string, st *state) error {
	data, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("sim: encode state: %w", err)
	}
	if err := atomicfile.Write(path, data, 0o600); err != nil {
		return fmt.Errorf("sim: save state: %w", err)
	}
	return nil
}
