package tui

import (
	"context"
	"testing"
	"time"

	"github.com/licensesync/licensesync/tui/common"
)

// runLoad runs a users load to its end, as the program would, and returns its last message.
func runLoad(t *testing.T, b common.Backend, shown shownUsers) (usersDoneMsg, int) {
	t.Helper()
	next, cancel := loadUsers(context.Background(), b, 1, shown)
	defer cancel()
	rowsMade := 0
	for {
		switch msg := next().(type) {
		case usersPageMsg:
			rowsMade += len(msg.rows)
			next = msg.next
		case usersDoneMsg:
			return msg, rowsMade
		default:
			t.Fatalf("unexpected message %T", msg)
		}
	}
}

// Revalidating or trusting the snapshot on screen hands back the very users shown: the
// load makes no rows and ends with the index already shown. A load of other users (no
// snapshot shown) makes rows of its own.
func TestLoadOfTheUsersShownKeepsTheirIndex(t *testing.T) {
	t.Parallel()
	for name, maxAge := range map[string]time.Duration{"trusted": time.Hour, "revalidated": -1} {
		t.Run(name, func(t *testing.T) {
			c, _ := simClient(t, 350, t.TempDir(), maxAge)
			if _, err := c.ConsumedLicenses(context.Background(), nil); err != nil { // writes the snapshot
				t.Fatal(err)
			}
			cl, _, ok := c.CachedConsumedLicenses(context.Background())
			if !ok {
				t.Fatal("no snapshot")
			}
			shown := shownUsers{cl.Users, newUserIndex(newUserRows(cl.Users))}
			done, rowsMade := runLoad(t, c, shown)
			if done.err != nil || done.index != shown.index || rowsMade != 0 {
				t.Fatalf("err %v, index kept %v, rows made %d", done.err, done.index == shown.index, rowsMade)
			}

			done, rowsMade = runLoad(t, c, shownUsers{})
			if done.err != nil || len(done.index.rows) != len(cl.Users) || rowsMade != len(cl.Users) {
				t.Fatalf("without users shown: err %v, %d rows made of %d", done.err, rowsMade, len(cl.Users))
			}
		})
	}
}

// A snapshot preloaded while the console starts is what the dashboard's first frame
// shows, taken once; a later read reads the snapshot again, and a preload of another
// backend is not taken.
func TestPreloadedSnapshotIsTakenOnce(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.snapshot = demoUsers()
	f.snapshotAt = testNow.Add(-3 * time.Minute)
	if takeSnapshotRead(PreloadSnapshot(context.Background(), newFake()), f) != nil {
		t.Fatal("another backend's preload was taken")
	}
	opts := testOptions(f)
	read := make(chan struct{})
	opts.Preload = common.StartPreload(f, func() any { // as PreloadSnapshot does, saying when it has read
		defer close(read)
		r := startSnapshotRead(context.Background(), f, sortLogin)
		snap := <-r.rest // every row made
		r.rest <- snap
		return r
	})
	<-read
	m := New(opts)
	m.Update(windowSize(80, 24))
	m.goTo(common.StepDashboard)
	d := m.pages[common.StepDashboard].(*dashboardPage)
	f.snapshot = append(f.snapshot, demoUsers()[0]) // read after the preload: not in it
	msg := readSnapshot(m.sh, d.users.snapID, &d.users.table)().(snapshotMsg)
	if !msg.ok || len(msg.table.rows) != len(demoUsers()) || !msg.at.Equal(f.snapshotAt) {
		t.Fatalf("preloaded snapshot: ok %v, %d rows", msg.ok, len(msg.table.rows))
	}
	if again := readSnapshot(m.sh, d.users.snapID, &d.users.table)().(snapshotMsg); len(again.table.rows) != len(f.snapshot) {
		t.Fatalf("a second read used the preload: %d rows", len(again.table.rows))
	}
}
