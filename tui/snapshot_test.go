package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/tui/common"
)

// openDashboard opens the dashboard without running its commands, so each step of the
// load can be fed by hand.
func openDashboard(t *testing.T, f *fakeBackend) (*Model, *dashboardPage) {
	t.Helper()
	m := New(testOptions(f))
	m.Update(windowSize(80, 24))
	m.goTo(common.StepDashboard)
	d := m.pages[common.StepDashboard].(*dashboardPage)
	m.Update(statusMsg{id: d.status.id, status: &f.status})
	return m, d
}

// The snapshot is on screen before any request, marked with its age; the revalidation
// shows its pages and then says the list is current.
func TestSnapshotShownAtOnceThenRevalidated(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.snapshot = demoUsers()
	f.snapshotAt = testNow.Add(-3 * time.Minute)
	m, d := openDashboard(t, f)
	if v := m.View(); !strings.Contains(v, "reading the snapshot…") {
		t.Fatalf("no sign of the snapshot being read:\n%s", v)
	}
	m.Update(readSnapshot(m.sh, d.users.snapID, &d.users.table)())
	v := m.View()
	if !strings.Contains(v, "Users 1 of 24 · sort login ↑ · snapshot from 3m ago · checking…") || !strings.Contains(v, "› abel") {
		t.Fatalf("snapshot not shown at once:\n%s", v)
	}
	if !d.users.loading {
		t.Fatal("the snapshot was not revalidated")
	}
	m.Update(usersPageMsg{id: d.users.id, progress: client.PageProgress{Page: 2, LastPage: 3}, rows: []userRow{newUserRow(f.users[0])}})
	if v := m.View(); !strings.Contains(v, "snapshot from 3m ago · checking… page 2/3") || len(d.users.table.rows) != 24 {
		t.Fatalf("progress not shown, or a page mixed into the snapshot (%d rows):\n%s", len(d.users.table.rows), v)
	}
	users := append(demoUsers(), client.ConsumedUser{GithubComLogin: "zed", GithubComUser: yes()})
	done := usersDoneMsg{id: d.users.id, users: &client.ConsumedLicenses{Users: users,
		Fetch: client.FetchStats{Pages: 3, NotModified: 2}}, index: newUserIndex(newUserRows(users))}
	m.Update(done)
	if v := m.View(); !strings.Contains(v, "Users 1 of 25 · sort login ↑ · up to date · changes read 0s ago") || strings.Contains(v, "snapshot") {
		t.Fatalf("revalidated list not shown as current:\n%s", v)
	}
}

// Through the whole program: every page unchanged says so; without a snapshot the
// load itself fills the table.
func TestSnapshotEndToEnd(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.snapshot, f.snapshotAt, f.unchanged = demoUsers(), testNow.Add(-time.Hour), true
	h := newHarness(t, testOptions(f), 80, 24)
	h.toDashboard()
	if v := h.m.View(); !strings.Contains(v, "Users 1 of 24 · sort login ↑ · up to date · checked 0s ago") {
		t.Fatalf("not current:\n%s", v)
	}
	if f.loads != 1 {
		t.Fatalf("%d loads, want one revalidation", f.loads)
	}
	h.keys(esc, enter) // back and in again: no second snapshot read, one reload
	if f.loads != 2 {
		t.Fatalf("%d loads after reopening", f.loads)
	}
}

func TestNoSnapshotLoadShowsPages(t *testing.T) {
	t.Parallel()
	f := newFake()
	m, d := openDashboard(t, f)
	m.Update(readSnapshot(m.sh, d.users.snapID, &d.users.table)())
	if !d.users.loading || d.users.loaded {
		t.Fatal("no load after no snapshot")
	}
	m.Update(usersPageMsg{id: d.users.id, progress: client.PageProgress{Page: 1, LastPage: 1_000}, rows: newUserRows(f.users[:10])})
	if v := m.View(); !strings.Contains(v, "Users 1 of 10 · sort login ↑ · loading… page 1/1,000") {
		t.Fatalf("no progress:\n%s", v)
	}
}

// A failed revalidation keeps the snapshot on screen and says how old it is.
func TestSnapshotKeptWhenCheckFails(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.snapshot, f.snapshotAt = demoUsers(), testNow.Add(-2*time.Hour)
	m, d := openDashboard(t, f)
	m.Update(readSnapshot(m.sh, d.users.snapID, &d.users.table)())
	m.Update(usersDoneMsg{id: d.users.id, err: &client.Error{Kind: client.KindUnreachable, Hint: "Check the network to api.github.com."}})
	v := m.View()
	flat := strings.Join(strings.Fields(v), " ")
	if !strings.Contains(flat, "Users are the snapshot from 2h ago; checking it with the cloud failed: Check the network") ||
		!strings.Contains(v, "Users 1 of 24") || !strings.Contains(v, "not checked") {
		t.Fatalf("snapshot not kept or not marked:\n%s", v)
	}
}

// A long load (GitHub's rate limit holds 100,000 users over a minute) shows its age, so
// the screen visibly goes on while no page arrives.
func TestLongLoadShowsHowLongItHasTaken(t *testing.T) {
	t.Parallel()
	f := newFake()
	m, d := openDashboard(t, f)
	m.Update(readSnapshot(m.sh, d.users.snapID, &d.users.table)())
	m.Update(usersPageMsg{id: d.users.id, progress: client.PageProgress{Page: 899, LastPage: 1_000}, rows: newUserRows(f.users[:10])})
	if v := m.View(); strings.Contains(v, "page 899/1,000 ·") {
		t.Fatalf("a fresh load shows an age:\n%s", v)
	}
	d.users.started = testNow.Add(-65 * time.Second)
	if v := m.View(); !strings.Contains(v, "loading… page 899/1,000 · 1m") {
		t.Fatalf("a load of 65s does not say so:\n%s", v)
	}
}

// The snapshot's users are counted as soon as they are shown, not after every page is
// checked; a check that leaves them unchanged (the same snapshot) does not count them
// again, one that changed them does.
func TestBreakdownCountsTheSnapshotWhileItIsChecked(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.snapshot, f.snapshotAt, f.snapshotID = demoUsers(), testNow.Add(-3*time.Minute), "snapshot 1"
	m, d := openDashboard(t, f)
	snap := readSnapshot(m.sh, d.users.snapID, &d.users.table)().(snapshotMsg)
	d.users.update(snap) // shown, and its check begun (not run here)
	cmd, _ := d.twice.rec.update(snap)
	if cmd == nil {
		t.Fatal("the snapshot's users were not counted when shown")
	}
	m.Update(cmd())
	if d.twice.rec.r == nil || d.twice.rec.r.Listed != len(f.snapshot) || !d.users.loading {
		t.Fatalf("no breakdown of the snapshot while it is checked (loading %v): %+v", d.users.loading, d.twice.rec.r)
	}
	same := &client.ConsumedLicenses{Users: demoUsers(), Fetch: client.FetchStats{Pages: 3, NotModified: 3, Snapshot: "snapshot 1"}}
	if cmd, _ := d.twice.rec.update(usersDoneMsg{id: d.users.id, users: same}); cmd != nil {
		t.Fatal("the same snapshot's users counted again")
	}
	changed := &client.ConsumedLicenses{Users: demoUsers()[:3], Fetch: client.FetchStats{Pages: 3, NotModified: 2, Snapshot: "snapshot 2"}}
	if cmd, _ := d.twice.rec.update(usersDoneMsg{id: d.users.id, users: changed}); cmd == nil {
		t.Fatal("changed users not counted")
	}
}
