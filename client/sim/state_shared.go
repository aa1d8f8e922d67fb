package sim

// The state file shared between processes: every request reads what another process
// saved since, changes the state under s.mu and saves it unless another process
// saved first (then it starts over on that state).

import (
	"errors"
	"net/http"
	"time"
)

// errStateChanged: another process saved the state file since this one read it.
var errStateChanged = errors.New("sim: the state file changed in another process")

// saveTries bounds how often update starts over when other processes keep saving.
const saveTries = 5

// reload reads the state file again when another process changed it since this one
// last read or wrote it. s.mu must be held.
func (s *Sim) reload(real time.Time) error {
	if s.opts.StateFile == "" {
		return nil
	}
	changed, err := stateFileChanged(s.opts.StateFile, s.file)
	if err != nil || !changed {
		return err
	}
	st, file, err := loadState(s.opts.StateFile, s.opts, real)
	if err != nil {
		return err
	}
	s.st, s.file, s.consumed = st, file, nil
	return nil
}

// save writes the state file, when there is one, unless another process changed it
// since this one last read or wrote it: then errStateChanged, and nothing is written.
// s.mu must be held. (Two processes saving at the very same instant can still both
// pass the check; the file then holds one of the two.)
func (s *Sim) save() error {
	if s.opts.StateFile == "" {
		return nil
	}
	if changed, err := stateFileChanged(s.opts.StateFile, s.file); err != nil {
		return err
	} else if changed {
		return errStateChanged
	}
	file, err := saveState(s.opts.StateFile, s.st)
	if err != nil {
		return err
	}
	s.file = file
	return nil
}

// update brings the state up to date at real (reading what another process saved, and
// the jobs and schedule due), runs f on it and saves when anything changed (or always,
// with force). When another process saved meanwhile, it starts over on its state: f
// must change nothing but s.st (and what it returns through its closure). s.mu must
// be held.
func (s *Sim) update(real time.Time, force bool, f func(now time.Time) (mutated bool)) error {
	for try := 1; ; try++ {
		if err := s.reload(real); err != nil {
			return err
		}
		now := s.st.simNow(real)
		changed := s.advance(now)
		mutated := f(now)
		if !changed && !mutated && !force {
			return nil
		}
		err := s.save()
		if !errors.Is(err, errStateChanged) || try == saveTries {
			return err
		}
	}
}

// withState runs f under the state lock at the current sim time, after bringing
// the state up to date, and saves when anything changed. With a state file, the state
// is first read again if another process saved it since, and f runs again on that
// state if one saved while f ran: so f must change nothing but s.st.
func (s *Sim) withState(c *call, f func(now time.Time) (resp *response, mutated bool)) *response {
	s.mu.Lock()
	defer s.mu.Unlock()
	var resp *response
	err := s.update(c.real, false, func(now time.Time) bool {
		var mutated bool
		resp, mutated = f(now)
		return mutated
	})
	if err != nil {
		return errorResponse(http.StatusInternalServerError, "Server Error: the sim could not read or save its state", c.docs)
	}
	return resp
}
