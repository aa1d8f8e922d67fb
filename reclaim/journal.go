package reclaim

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Run kinds.
const (
	RunApply = "apply"
	RunUndo  = "undo"
)

// Outcomes of an action in the journal.
const (
	OutcomeDone    = "done"    // written by this run and read back
	OutcomeAlready = "already" // the live state already was what the action wanted: nothing written
	OutcomeRefused = "refused" // GitHub said no (its words in Detail)
	OutcomeFailed  = "failed"  // no answer, or the read-back disagreed; a re-run tries again
)

// Journal is the directory of run files, one per run, `RUN_ID.jsonl`: a line per
// event, each written and fsync'd before the next step. A run's first line names its
// actions; each action then gets an "intent" line before its write and an "outcome"
// line after the read-back; a finished run ends with "end".
type Journal struct{ dir string }

// OpenJournal uses (and creates, 0700) dir for the run files.
func OpenJournal(dir string) (*Journal, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("cannot create the reclaim journal's folder %s: %w", dir, err)
	}
	return &Journal{dir: dir}, nil
}

// Dir is the journal's folder.
func (j *Journal) Dir() string { return j.dir }

// entry is one line of a run file.
type entry struct {
	At      time.Time `json:"at"`
	Event   string    `json:"event"` // run, intent, outcome, end
	Run     *header   `json:"run,omitempty"`
	Action  string    `json:"action,omitempty"`
	Outcome string    `json:"outcome,omitempty"`
	Detail  string    `json:"detail,omitempty"`
}

// header is a run's first line.
type header struct {
	ID      string   `json:"id"`
	Kind    string   `json:"kind"`
	UndoOf  string   `json:"undo_of,omitempty"`
	Server  string   `json:"server"`
	Actions []Action `json:"actions"`
}

// Run is a run as its file tells it.
type Run struct {
	ID      string
	Kind    string
	UndoOf  string
	Server  string
	Started time.Time
	Actions []Action
	// Outcomes is each action's final outcome by action id; Details its words.
	Outcomes map[string]string
	Details  map[string]string
	// Open are the actions whose intent was written without an outcome: the run
	// stopped between the write and its answer.
	Open     map[string]bool
	Finished bool
}

// Count is how many actions of r ended with outcome.
func (r *Run) Count(outcome string) int {
	n := 0
	for _, o := range r.Outcomes {
		if o == outcome {
			n++
		}
	}
	return n
}

// runIDPattern is what a run id looks like: its start in UTC and four random bytes.
var runIDPattern = regexp.MustCompile(`^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$`)

// ValidRunID reports whether id can name a run (and so a file in the journal).
func ValidRunID(id string) bool { return runIDPattern.MatchString(id) }

// newRunID is a fresh id for a run started at now.
func newRunID(now time.Time) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return now.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
}

// runFile is an open run file being appended to.
type runFile struct {
	f   *os.File
	now func() time.Time
}

// begin creates the file of a new run and writes its header.
func (j *Journal) begin(h header, now func() time.Time) (*runFile, error) {
	f, err := os.OpenFile(filepath.Join(j.dir, h.ID+".jsonl"), os.O_WRONLY|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("cannot start the reclaim journal: %w", err)
	}
	rf := &runFile{f: f, now: now}
	if err := rf.append(entry{Event: "run", Run: &h}); err != nil {
		f.Close()
		return nil, err
	}
	return rf, nil
}

// reopen opens the file of an unfinished run to continue it.
func (j *Journal) reopen(id string, now func() time.Time) (*runFile, error) {
	f, err := os.OpenFile(filepath.Join(j.dir, id+".jsonl"), os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("cannot continue the reclaim journal: %w", err)
	}
	return &runFile{f: f, now: now}, nil
}

// append writes one line and waits until it is on disk.
func (rf *runFile) append(e entry) error {
	e.At = rf.now().UTC()
	line, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if _, err := rf.f.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("cannot write the reclaim journal %s: %w", rf.f.Name(), err)
	}
	if err := rf.f.Sync(); err != nil {
		return fmt.Errorf("cannot write the reclaim journal %s: %w", rf.f.Name(), err)
	}
	return nil
}

func (rf *runFile) close() error { return rf.f.Close() }

// ErrNoRun is returned for a run id the journal does not hold.
var ErrNoRun = errors.New("no such run in the reclaim journal")

// Read reads run id. A last line cut short (a crash while writing it) is ignored.
func (j *Journal) Read(id string) (*Run, error) {
	if !ValidRunID(id) {
		return nil, fmt.Errorf("%q is not a run id (they look like 20261207T101500Z-1a2b3c4d; see reclaim --history)", id)
	}
	data, err := os.ReadFile(filepath.Join(j.dir, id+".jsonl"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s (see reclaim --history)", ErrNoRun, id)
	}
	if err != nil {
		return nil, err
	}
	return parseRun(id, data)
}

// parseRun reads a run file's lines.
func parseRun(id string, data []byte) (*Run, error) {
	r := &Run{ID: id, Outcomes: map[string]string{}, Details: map[string]string{}, Open: map[string]bool{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 64<<20)
	lines := 0
	for sc.Scan() {
		lines++
		var e entry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			continue // a torn line: its step is redone from the live state
		}
		switch e.Event {
		case "run":
			if e.Run != nil {
				r.Kind, r.UndoOf, r.Server, r.Actions, r.Started = e.Run.Kind, e.Run.UndoOf, e.Run.Server, e.Run.Actions, e.At
			}
		case "intent":
			r.Open[e.Action] = true
		case "outcome":
			delete(r.Open, e.Action)
			r.Outcomes[e.Action], r.Details[e.Action] = e.Outcome, e.Detail
		case "end":
			r.Finished = true
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("cannot read run %s of the reclaim journal: %w", id, err)
	}
	if r.Kind == "" {
		return nil, fmt.Errorf("run %s of the reclaim journal has no header; remove the file if it is of no use", id)
	}
	return r, nil
}

// Runs lists the journal's runs, oldest first. Files that are not runs are left out.
func (j *Journal) Runs() ([]*Run, error) {
	names, err := os.ReadDir(j.dir)
	if err != nil {
		return nil, err
	}
	var runs []*Run
	for _, d := range names {
		id, ok := strings.CutSuffix(d.Name(), ".jsonl")
		if !ok || !ValidRunID(id) || !d.Type().IsRegular() {
			continue
		}
		r, err := j.Read(id)
		if err != nil {
			continue
		}
		runs = append(runs, r)
	}
	slices.SortFunc(runs, func(a, b *Run) int {
		if c := a.Started.Compare(b.Started); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return runs, nil
}

// unfinished is the newest unfinished run of kind on server, nil when none.
func (j *Journal) unfinished(kind, server string) (*Run, error) {
	runs, err := j.Runs()
	if err != nil {
		return nil, err
	}
	for i := len(runs) - 1; i >= 0; i-- {
		if r := runs[i]; r.Kind == kind && !r.Finished && strings.EqualFold(r.Server, server) {
			return r, nil
		}
	}
	return nil, nil
}
