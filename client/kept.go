package client

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/licensesync/licensesync/client/atomicfile"
)

// What is computed from a snapshot's users (a status's breakdown, the console's first
// screen of users) is kept next to the snapshot's file, under the names of exactly what
// it was computed from: the snapshot's content (Snapshot.Fingerprint) and the build
// that computed it (BuildIdentity). A later run that finds both unchanged takes it
// instead of decoding every user again; anything else is computed again and replaced.
// A kept file is a peer too: each reader checks what it takes.

// kept is the file of one kept thing: the names it was computed under, and its value.
type kept struct {
	Version  int             `json:"version"`  // the value's format, the reader's to name
	Build    string          `json:"build"`    // BuildIdentity of the build that computed it
	Snapshot string          `json:"snapshot"` // the snapshot's Fingerprint
	Value    json.RawMessage `json:"value"`
}

// KeptFile is the file beside this client's snapshot that keeps what is called name
// ("breakdown": the snapshot's file with ".breakdown" for ".snap"), "" without
// Config.Snapshots.
func (c *Client) KeptFile(name string) string {
	file := c.SnapshotFile()
	if file == "" {
		return ""
	}
	return strings.TrimSuffix(file, ".snap") + "." + name
}

// ReadKept decodes into v what Keep kept as name, in format version, for the snapshot
// whose Fingerprint is snapshot, by this build; false when there is no such file, it
// is larger than maxBytes, or it was kept under other names.
func (c *Client) ReadKept(name string, version int, snapshot string, maxBytes int64, v any) bool {
	file := c.KeptFile(name)
	if file == "" || snapshot == "" {
		return false
	}
	data, err := atomicfile.ReadRegular(file, maxBytes)
	if err != nil {
		return false
	}
	var k kept
	if json.Unmarshal(data, &k) != nil || k.Version != version || k.Build != BuildIdentity() || k.Snapshot != snapshot {
		return false
	}
	return json.Unmarshal(k.Value, v) == nil
}

// Keep keeps v as name, in format version, for the snapshot whose Fingerprint is
// snapshot: written atomically, 0600. Nothing is kept for no snapshot.
func (c *Client) Keep(name string, version int, snapshot string, v any) error {
	file := c.KeptFile(name)
	if file == "" || snapshot == "" {
		return nil
	}
	value, err := json.Marshal(v)
	if err != nil {
		return err
	}
	data, err := json.Marshal(kept{Version: version, Build: BuildIdentity(), Snapshot: snapshot, Value: value})
	if err != nil {
		return err
	}
	return atomicfile.Write(file, data, 0o600)
}

// ReadKeptForSnapshot is ReadKept for the snapshot CachedConsumedLicenses would read
// now, named from its head alone (no user is decoded); at is when that snapshot was
// last confirmed current.
func (c *Client) ReadKeptForSnapshot(ctx context.Context, name string, version int, maxBytes int64, v any) (at time.Time, ok bool) {
	head, ok := c.KeptSnapshotHead(ctx)
	if !ok || !c.ReadKept(name, version, head.Fingerprint(), maxBytes, v) {
		return time.Time{}, false
	}
	return head.Confirmed, true
}
