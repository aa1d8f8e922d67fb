package client

import (
	"testing"
	"time"
)

// TestSnapshotMaxAge: how long a snapshot is trusted, from the configuration and the
// server's Cache-Control.
func TestSnapshotMaxAge(t *testing.T) {
	for _, tc := range []struct {
		config, server, want time.Duration
	}{
		{0, 0, DefaultSnapshotMaxAge}, {0, time.Minute, time.Minute}, {0, -1, 0},
		{time.Hour, time.Minute, time.Hour}, {-1, time.Minute, 0},
	} {
		c := &Client{cfg: Config{SnapshotMaxAge: tc.config}}
		if got := c.snapshotMaxAge(pageMeta{maxAge: tc.server}); got != tc.want {
			t.Errorf("config %v, server %v: %v, want %v", tc.config, tc.server, got, tc.want)
		}
	}
}

func TestSnapshotETagOfAPageItDoesNotHold(t *testing.T) {
	s := &Snapshot{Head: SnapshotHead{Pages: []SnapshotPage{{ETag: `"a"`}}}}
	if s.etag(1) != `"a"` || s.etag(0) != "" || s.etag(2) != "" || (*Snapshot)(nil).etag(1) != "" {
		t.Fatal("etag of a page the snapshot does not hold")
	}
}
