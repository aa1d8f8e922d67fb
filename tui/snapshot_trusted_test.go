package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client"
)

// When the client trusted a fresh snapshot after an unchanged page 1, the title says
// so and how old the other pages are, not that they changed.
func TestTrustedSnapshotSaysHowOld(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.snapshot = demoUsers()
	f.snapshotAt = testNow.Add(-3 * time.Minute)
	m, d := openDashboard(t, f)
	m.Update(readSnapshot(m.sh, d.users.snapID, &d.users.table)())
	users := demoUsers()
	m.Update(usersDoneMsg{id: d.users.id, users: &client.ConsumedLicenses{Users: users,
		Fetch: client.FetchStats{Pages: 3, NotModified: 1, Trusted: 2, ConfirmedAt: f.snapshotAt}}, index: newUserIndex(newUserRows(users))})
	v := m.View()
	if !strings.Contains(v, "page 1 unchanged · snapshot from 3m ago") || strings.Contains(v, "changed)") {
		t.Fatalf("a trusted snapshot is not shown as such:\n%s", v)
	}
}
