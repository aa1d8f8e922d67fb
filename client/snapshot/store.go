package snapshot

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/atomicfile"
)

// DefaultDir is where the commands keep consumed-licenses snapshots:
// $XDG_CACHE_HOME/licensesync, else the system's user cache directory
// (~/.cache/licensesync on Linux).
func DefaultDir() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "licensesync"), nil
}

// Store reads and writes snapshot files (codec.go) in one directory: the
// client.SnapshotStore of the commands and the console.
// A file's modification time is when it was last confirmed current. The last file read
// or written is kept in memory, so that the console's first frame and the revalidation
// after it decode it once and share it.
var _ client.SnapshotStore = (*Store)(nil)

type Store struct {
	dir     string
	mu      sync.Mutex // one writer per process; guards last
	reading sync.Mutex // one whole read at a time: a second waits, then finds it in memory

	last     *client.Snapshot // the last file read whole or written, while unchanged on disk
	lastFile string
	lastSize int64
}

// NewStore keeps snapshots in dir, which is made when the first one is saved.
func NewStore(dir string) *Store { return &Store{dir: dir} }

// Path is the file of one enterprise. key names the enterprise: its slug when
// configured, else the server whose GitHub Connect names it.
func (st *Store) Path(cloudURL, key string) string {
	sum := sha256.Sum256([]byte(cloudURL + "\x00" + key))
	name := key
	if strings.HasPrefix(name, "connect:") || !isSlug(name) {
		name = "connected"
	}
	return filepath.Join(st.dir, "consumed-"+name+"-"+hex.EncodeToString(sum[:6])+".snap")
}

func isSlug(s string) bool {
	if s == "" || len(s) > 100 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// Load reads a snapshot; headOnly stops after the head (no checksum is checked then).
// A missing file is (nil, nil).
func (st *Store) Load(file string, headOnly bool) (*client.Snapshot, error) {
	f, err := atomicfile.OpenRegular(file) // a pipe or device there must not hold us
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if headOnly {
		head, err := readSnapshotHead(bufio.NewReaderSize(f, 64<<10))
		if err != nil {
			return nil, err
		}
		var sum [4]byte // the checksum the file ends with (not checked: the users are not read)
		if _, err := f.ReadAt(sum[:], info.Size()-4); err != nil {
			return nil, client.ErrSnapshotCorrupt
		}
		return &client.Snapshot{Head: head, Confirmed: info.ModTime(), Checksum: binary.BigEndian.Uint32(sum[:]), Size: info.Size()}, nil
	}
	if info.Size() > client.MaxFetchBytes {
		return nil, fmt.Errorf("%w: %d bytes, more than a fetch may hold", client.ErrSnapshotCorrupt, info.Size())
	}
	st.reading.Lock()
	defer st.reading.Unlock()
	if s := st.remembered(file, info); s != nil {
		return s, nil
	}
	s, err := readSnapshot(f, info.Size())
	if err != nil {
		return nil, err
	}
	s.Confirmed = info.ModTime()
	st.remember(file, s, info.Size())
	return s, nil
}

// remembered is the snapshot in memory when file is still the one it was read from.
func (st *Store) remembered(file string, info os.FileInfo) *client.Snapshot {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.last == nil || st.lastFile != file || st.lastSize != info.Size() || !st.last.Confirmed.Equal(info.ModTime()) {
		return nil
	}
	return st.last
}

func (st *Store) remember(file string, s *client.Snapshot, size int64) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.last, st.lastFile, st.lastSize = s, file, size
}

// Save writes a snapshot atomically (a temporary file in the same directory, then a
// rename), readable by the owner only, confirmed at the given time, and returns the
// Fingerprint of the file written. all, when not nil, is every page's users in one
// list (what snapshot.all is), kept with it in memory.
func (st *Store) Save(file string, head client.SnapshotHead, pages [][]client.ConsumedUser, all []client.ConsumedUser, confirmed time.Time) (string, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.last = nil
	if err := os.MkdirAll(st.dir, 0o700); err != nil {
		return "", err
	}
	var sum uint32
	if err := atomicfile.WriteFunc(file, 0o600, func(w *os.File) (err error) { sum, err = writeSnapshot(w, head, pages); return err }); err != nil {
		return "", err
	}
	if err := os.Chtimes(file, confirmed, confirmed); err != nil {
		return "", err
	}
	info, err := os.Stat(file)
	if err != nil {
		return "", err
	}
	st.last, st.lastFile, st.lastSize = &client.Snapshot{Head: head, Pages: pages, All: all, Confirmed: info.ModTime(), Checksum: sum, Size: info.Size()}, file, info.Size()
	return st.last.Fingerprint(), nil
}

// Confirm marks the snapshot current without rewriting it.
func (st *Store) Confirm(file string, now time.Time) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	if err := os.Chtimes(file, now, now); err != nil {
		st.last = nil
		return err
	}
	if info, err := os.Stat(file); err == nil && st.last != nil && st.lastFile == file && st.lastSize == info.Size() {
		kept := *st.last // others may hold the old one: it is never changed
		kept.Confirmed = info.ModTime()
		st.last = &kept
	} else {
		st.last = nil
	}
	return nil
}
