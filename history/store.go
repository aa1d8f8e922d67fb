package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	// The pure-Go SQLite: no cgo, so licensesync stays one static binary.
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrNewerSchema: the database was written by a newer licensesync. It is left alone.
var ErrNewerSchema = errors.New("the history database was written by a newer licensesync")

// busyTimeout is how long a writer waits for another process's transaction.
const busyTimeout = 10 * time.Second

// Store is an open history database.
type Store struct {
	db   *sql.DB
	path string
	now  func() time.Time
}

// Open opens (creating, migrating) the database at path. When the file is not a
// readable database it is moved aside (path.corrupt-TIME, with its -wal and -shm), a
// new one is started and notice says so in one sentence; nothing else is touched.
func Open(ctx context.Context, path string) (s *Store, notice string, err error) {
	s, err = open(ctx, path, SchemaVersion)
	if err == nil || errors.Is(err, ErrNewerSchema) || !unreadable(err) {
		if err != nil {
			return nil, "", fmt.Errorf("history %s: %w", path, err)
		}
		return s, "", nil
	}
	aside := path + ".corrupt-" + time.Now().UTC().Format("20060102T150405")
	if mvErr := os.Rename(path, aside); mvErr != nil {
		return nil, "", fmt.Errorf("history %s cannot be read (%v) nor moved aside: %w", path, err, mvErr)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		_ = os.Rename(path+suffix, aside+suffix) // absent when the file was never opened in WAL
	}
	notice = fmt.Sprintf("the history %s could not be read (%s); it was moved aside to %s and a new history started", path, reason(err), aside)
	s, err = open(ctx, path, SchemaVersion)
	if err != nil {
		return nil, notice, fmt.Errorf("history %s: %w", path, err)
	}
	return s, notice, nil
}

// open opens path and migrates it to schema version upTo (tests use older ones). SQLite
// does not call its busy handler everywhere (switching a new file to WAL while another
// process opens it answers SQLITE_BUSY at once), so a busy open is tried again, with
// short pauses, for as long as a writer would wait anyway (busyTimeout).
func open(ctx context.Context, path string, upTo int) (*Store, error) {
	deadline := time.Now().Add(busyTimeout)
	for {
		s, err := openOnce(ctx, path, upTo)
		if err == nil || !busy(err) || time.Now().After(deadline) {
			return s, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// busy says whether err is SQLite's "database is locked" (SQLITE_BUSY, or one of its
// extended codes).
func busy(err error) bool {
	var e *sqlite.Error
	return errors.As(err, &e) && e.Code()&0xff == sqlite3.SQLITE_BUSY
}

// openOnce is one try of open.
func openOnce(ctx context.Context, path string, upTo int) (*Store, error) {
	// Created private (SQLite gives its -wal and -shm the database's permissions).
	if f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, 0o600); err == nil {
		f.Close()
	} else {
		return nil, err
	}
	dsn := path + fmt.Sprintf("?_pragma=busy_timeout(%d)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate", busyTimeout.Milliseconds())
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	if err := check(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	if err := migrate(ctx, db, upTo); err != nil {
		db.Close()
		return nil, err
	}
	return &Store{db: db, path: path, now: time.Now}, nil
}

// check reads the file's header and pages: a file that is not SQLite, or a damaged
// one, fails here rather than on some later write.
func check(ctx context.Context, db *sql.DB) error {
	var result string
	if err := db.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&result); err != nil {
		return err
	}
	if result != "ok" {
		return fmt.Errorf("%w: %s", errCorrupt, result)
	}
	return nil
}

var errCorrupt = errors.New("database disk image is malformed")

// unreadable says whether err means the file is not a usable SQLite database.
func unreadable(err error) bool {
	if errors.Is(err, errCorrupt) {
		return true
	}
	msg := err.Error()
	for _, s := range []string{"file is not a database", "malformed", "SQLITE_NOTADB", "SQLITE_CORRUPT"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

func reason(err error) string {
	if strings.Contains(err.Error(), "not a database") {
		return "not a database"
	}
	return "damaged"
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }
