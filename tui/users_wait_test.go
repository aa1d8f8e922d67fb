package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client"
)

// A load over the cloud's rate limit that waits for the reset shows a countdown on the
// users' status line, not a load that seems to hang; the next page takes it away.
func TestLoadWaitingForTheRateLimitShowsACountdown(t *testing.T) {
	t.Parallel()
	f := newFake()
	m, d := openDashboard(t, f)
	m.Update(readSnapshot(m.sh, d.users.snapID, &d.users.table)())
	m.Update(usersPageMsg{id: d.users.id, progress: client.PageProgress{Page: 20, LastPage: 35, WaitingUntil: testNow.Add(12*time.Minute + 3*time.Second)},
		rows: newUserRows(f.users[:10])})
	if v := m.View(); !strings.Contains(v, "loading… page 20/35 · rate limit, 12m3s") {
		t.Fatalf("no countdown:\n%s", v)
	}
	m.Update(usersPageMsg{id: d.users.id, progress: client.PageProgress{Page: 21, LastPage: 35}})
	if v := m.View(); strings.Contains(v, "rate limit") || !strings.Contains(v, "loading… page 21/35") {
		t.Fatalf("the countdown outlives the wait:\n%s", v)
	}
}
