package tui

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/client/snapshot"
	"github.com/licensesync/licensesync/client/status"
	"github.com/licensesync/licensesync/tui/common"
)

// consoleOn opens a new console's dashboard on b (nothing read yet) without running its
// commands, and reads the snapshot as its first frame does.
func consoleOn(t *testing.T, b common.Backend) (*Model, *dashboardPage, snapshotMsg) {
	t.Helper()
	m := New(common.Options{Backend: b, Renderer: asciiRenderer(), Now: func() time.Time { return testNow }})
	m.Update(windowSize(80, 24))
	m.goTo(common.StepDashboard)
	d := m.pages[common.StepDashboard].(*dashboardPage)
	return m, d, readSnapshot(m.sh, d.users.snapID, &d.users.table)().(snapshotMsg)
}

// tableLines is the users table's lines of a view: from its column header on.
func tableLines(t *testing.T, v string) []string {
	t.Helper()
	lines := strings.Split(v, "\n")
	for i, l := range lines {
		if strings.Contains(l, "LOGIN") && strings.Contains(l, "EMAILS") {
			return lines[i : i+5]
		}
	}
	t.Fatalf("no users table:\n%s", v)
	return nil
}

// The second console on a snapshot draws the first screen the whole table draws
// before it has read the whole (the kept first screen: the first users by login, with
// the columns of all of them), then the whole in its place, the cursor where it was. A
// new snapshot is not drawn from the first screen of the one before.
func TestFirstScreenIsDrawnBeforeTheWholeTable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	c, cfg := simClient(t, 1200, dir, 0)
	if _, err := c.ConsumedLicenses(context.Background(), nil); err != nil { // the snapshot
		t.Fatal(err)
	}
	fresh := func() common.Backend {
		cfg.Snapshots = snapshot.NewStore(dir)
		fc, err := client.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		return status.New(fc, nil)
	}

	m1, _, whole := consoleOn(t, fresh())
	if !whole.ok || whole.firstScreen {
		t.Fatalf("the first console drew a first screen (ok %v): none was kept", whole.ok)
	}
	m1.Update(whole)
	want := m1.View()

	m2, d2, first := consoleOn(t, fresh())
	if !first.ok || !first.firstScreen || len(first.table.rows) != firstScreenRows || first.total != len(whole.table.rows) {
		t.Fatalf("the second console: first screen %v of %d rows, total %d of %d", first.firstScreen, len(first.table.rows), first.total, len(whole.table.rows))
	}
	_, rest := m2.Update(first)
	v := m2.View()
	if got, wantRows := tableLines(t, v), tableLines(t, want); strings.Join(got, "\n") != strings.Join(wantRows, "\n") {
		t.Fatalf("the first screen\n%s\nis not the whole table's\n%s", strings.Join(got, "\n"), strings.Join(wantRows, "\n"))
	}
	total := fmt.Sprintf("Users 1 of %s · sort login ↑ · snapshot from", frontend.Thousands(len(whole.table.rows)))
	if !strings.Contains(v, total) || !strings.Contains(v, "reading the rest…") {
		t.Fatalf("the first screen's title:\n%s", v)
	}
	if rest == nil {
		t.Fatal("no read of the rest")
	}
	m2.Update(down)
	m2.Update(down)
	selected := d2.users.table.selected().login
	m2.Update(runCmd(t, rest))
	if d2.users.firstScreenOf != 0 || len(d2.users.table.rows) != len(whole.table.rows) || d2.users.table.selected().login != selected {
		t.Fatalf("after the rest: first screen of %d, %d rows, selected %q (was %q)", d2.users.firstScreenOf, len(d2.users.table.rows), d2.users.table.selected().login, selected)
	}
	if v := m2.View(); !strings.Contains(v, "Users 3 of "+frontend.Thousands(len(whole.table.rows))) || strings.Contains(v, "reading the rest") {
		t.Fatalf("after the rest:\n%s", v)
	}

	// Another snapshot: its first console reads the whole, and keeps its first screen.
	if err := writeChangedSnapshot(c); err != nil {
		t.Fatal(err)
	}
	if _, _, again := consoleOn(t, fresh()); again.firstScreen {
		t.Fatal("the first screen of the snapshot before was drawn for a new one")
	}
	if _, _, again := consoleOn(t, fresh()); !again.firstScreen {
		t.Fatal("the new snapshot's first screen was not kept")
	}
}

// writeChangedSnapshot has c read the users again into a new snapshot file.
func writeChangedSnapshot(c *status.Reader) error {
	_, err := c.ConsumedLicenses(context.Background(), nil)
	if err != nil {
		return err
	}
	cl, _, _ := c.CachedConsumedLicenses(context.Background())
	fp := cl.Fetch.Snapshot
	if err := os.Remove(c.SnapshotFile()); err != nil {
		return err
	}
	cl, err = c.ConsumedLicenses(context.Background(), nil)
	if err == nil && cl.Fetch.Snapshot == fp {
		err = fmt.Errorf("the new snapshot has the old fingerprint %s", fp)
	}
	return err
}

// While the first screen is drawn, a filter or another order is of every user: the
// table says it waits for them instead of filtering or sorting the first screen, and
// applies them when they come; an export waits too.
func TestFirstScreenWaitsForTheWholeToFilterSortOrExport(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		keys []string
		says string
	}{
		{"filter", []string{"/", "user-1"}, "filtering all"},
		{"sort", []string{"o"}, "sorting all"},
		{"reverse", []string{"O"}, "sorting all"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake()
			f.snapshot, f.snapshotID, f.snapshotAt = manyUsers(1000), "snap-1", testNow.Add(-3*time.Minute)
			m, _, whole := consoleOn(t, f)
			m.Update(whole) // keeps the first screen
			m, d, first := consoleOn(t, f)
			if !first.firstScreen {
				t.Fatal("no first screen kept")
			}
			_, rest := m.Update(first)
			m.Update(down)
			selected := d.users.table.selected().login
			for _, k := range tc.keys {
				m.Update(runes(k))
			}
			v := m.View()
			if !strings.Contains(v, tc.says+" 1,000 users once they are read…") || strings.Contains(v, "› ") {
				t.Fatalf("after %v on the first screen:\n%s", tc.keys, v)
			}
			m.Update(runCmd(t, rest))
			want := userTable{filter: d.users.table.filter, sort: d.users.table.sort, desc: d.users.table.desc}
			want.setIndex(newUserIndex(newUserRows(f.snapshot)))
			if got := d.users.table.shown; len(got) != len(want.shown) || len(got) == 0 || d.users.table.rows[got[0]].login != want.rows[want.shown[0]].login {
				t.Fatalf("after the rest %d shown, want %d", len(got), len(want.shown))
			}
			if now := d.users.table.selected().login; d.users.table.filter == "" && now != selected {
				t.Fatalf("after the rest %q is selected, was %q", now, selected)
			}
		})
	}

	f := newFake()
	f.snapshot, f.snapshotID, f.snapshotAt = manyUsers(1000), "snap-1", testNow.Add(-3*time.Minute)
	m, _, whole := consoleOn(t, f)
	m.Update(whole)
	m, d, first := consoleOn(t, f)
	m.Update(first)
	d.export()
	if d.toast.text != "Nothing to export yet: the users are being read (1,000)." {
		t.Fatalf("an export of the first screen: %q", d.toast.text)
	}
}

// The first screen gives way to what comes instead of the whole: a snapshot that can
// no longer be read leaves no row of it, a refresh's pages replace it, and what is kept
// is taken only when a first screen could be it.
func TestFirstScreenGivesWay(t *testing.T) {
	t.Parallel()
	setUp := func(t *testing.T) (*fakeBackend, *Model, *dashboardPage, snapshotMsg) {
		f := newFake()
		f.snapshot, f.snapshotID = manyUsers(700), "snap-1"
		m, _, whole := consoleOn(t, f)
		m.Update(whole)
		m, d, first := consoleOn(t, f)
		return f, m, d, first
	}
	t.Run("the snapshot goes", func(t *testing.T) {
		f, m, d, first := setUp(t)
		_, rest := m.Update(first)
		f.mu.Lock()
		f.snapshot = nil
		f.mu.Unlock()
		m.Update(runCmd(t, rest))
		if len(d.users.table.rows) != 0 || d.users.firstScreenOf != 0 || !d.users.loading {
			t.Fatalf("%d rows of a snapshot gone, first screen of %d, loading %v", len(d.users.table.rows), d.users.firstScreenOf, d.users.loading)
		}
	})
	t.Run("a refresh", func(t *testing.T) {
		_, m, d, first := setUp(t)
		m.Update(first)
		d.users.reload()
		if len(d.users.table.rows) != 0 || d.users.firstScreenOf != 0 {
			t.Fatalf("%d rows of the first screen under a refresh", len(d.users.table.rows))
		}
	})
	t.Run("what is kept", func(t *testing.T) {
		f, _, _, _ := setUp(t)
		good := f.kept[firstScreenName]
		for name, alter := range map[string]func(*firstScreen){
			"not by login":     func(k *firstScreen) { k.Users[0], k.Users[1] = k.Users[1], k.Users[0] },
			"fewer than total": func(k *firstScreen) { k.Total = len(k.Users) - 1 },
			"narrower":         func(k *firstScreen) { k.Login = 1 },
			"too wide":         func(k *firstScreen) { k.Name = maxKeptWidth + 1 },
			"short of a screen": func(k *firstScreen) {
				k.Users = k.Users[:10]
			},
		} {
			var k firstScreen
			if err := json.Unmarshal(good.value, &k); err != nil {
				t.Fatal(err)
			}
			alter(&k)
			if err := f.Keep(firstScreenName, firstScreenVersion, "snap-1", k); err != nil {
				t.Fatal(err)
			}
			if readFirstScreen(context.Background(), f) != nil {
				t.Errorf("%s: taken", name)
			}
		}
		f.kept[firstScreenName] = good
		f.snapshotID = "snap-2"
		if readFirstScreen(context.Background(), f) != nil {
			t.Error("another snapshot's first screen taken")
		}
	})
}

// manyUsers is n cloud users with logins that sort apart from their order here.
func manyUsers(n int) []client.ConsumedUser {
	users := make([]client.ConsumedUser, n)
	for i := range users {
		name := fmt.Sprintf("Person %d", i)
		users[i] = client.ConsumedUser{GithubComLogin: fmt.Sprintf("user-%d", (i*7919)%n), GithubComName: &name,
			GithubComUser: yes(), LicenseType: "enterprise"}
	}
	return users
}

// runCmd runs cmd as the program would and returns the snapshot message it yields
// (of a batch, the first).
func runCmd(t testing.TB, cmd tea.Cmd) tea.Msg {
	t.Helper()
	if cmd == nil {
		t.Fatal("no command")
	}
	switch msg := cmd().(type) {
	case snapshotMsg:
		return msg
	case tea.BatchMsg:
		for _, c := range msg {
			if c == nil {
				continue
			}
			if m, ok := c().(snapshotMsg); ok {
				return m
			}
		}
	}
	t.Fatal("no snapshot read")
	return nil
}
