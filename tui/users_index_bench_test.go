package tui

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/client/sim"
	"github.com/licensesync/licensesync/client/snapshot"
	"github.com/licensesync/licensesync/client/status"
	"github.com/licensesync/licensesync/client/transport"
	"github.com/licensesync/licensesync/tui/common"
)

// simRoster is the consumed-licenses list of a simulated enterprise of cloudUsers
// members with license sync on (its server's users mixed in), fetched through a real
// client: the rows a site admin filters, not synthetic ones. Built once per size.
var simRoster = struct {
	sync.Mutex
	users map[int][]client.ConsumedUser
}{users: map[int][]client.ConsumedUser{}}

func simUsers(tb testing.TB, cloudUsers int) []client.ConsumedUser {
	tb.Helper()
	simRoster.Lock()
	defer simRoster.Unlock()
	if u, ok := simRoster.users[cloudUsers]; ok {
		return u
	}
	c, _ := simClient(tb, cloudUsers, "", 0)
	cl, err := c.ConsumedLicenses(context.Background(), nil)
	if err != nil || len(cl.Users) < cloudUsers {
		tb.Fatalf("the sim's roster was not read: %v", err)
	}
	simRoster.users[cloudUsers] = cl.Users
	return cl.Users
}

// simClient is a real client of a simulated enterprise of cloudUsers members with
// license sync on, served on 127.0.0.1 until the test ends, keeping snapshots in
// snapshotDir ("" for none) with the given max age, unpaced.
func simClient(tb testing.TB, cloudUsers int, snapshotDir string, maxAge time.Duration) (*status.Reader, client.Config) {
	tb.Helper()
	s, err := sim.New(sim.Options{CloudUsers: cloudUsers, LicenseSyncEnabled: true})
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	tb.Cleanup(srv.Close)
	cfg := client.Config{
		ServerURL: srv.URL, ServerToken: sim.ServerAdminToken, Enterprise: "acme",
		CloudURL: srv.URL + "/cloud/", CloudToken: sim.CloudAdminToken, CloudEnterprise: "acme-cloud",
		CloudPace: transport.Pace{Points: -1}, Concurrency: 16, SnapshotMaxAge: maxAge,
	}
	if snapshotDir != "" {
		cfg.Snapshots = snapshot.NewStore(snapshotDir)
	}
	c, err := client.New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return status.New(c, nil), cfg
}

// dashboardWithUsers returns a dashboard at 80×24 holding users, every sort order
// ready (as the loader leaves them).
func dashboardWithUsers(tb testing.TB, users []client.ConsumedUser) (*Model, *dashboardPage) {
	f := newFake()
	m := New(testOptions(f))
	m.Update(windowSize(80, 24))
	m.goTo(common.StepDashboard)
	d := m.pages[common.StepDashboard].(*dashboardPage)
	x := newUserIndex(newUserRows(users))
	for k := range sortKeys {
		x.order(k, false)
		x.order(k, true)
	}
	d.status.current = &f.status
	d.users.loaded = true
	d.users.table.setIndex(x)
	m.layout()
	return m, d
}

// BenchmarkFilterRealRows100k types a query into the dashboard's filter and deletes it
// again, one keystroke per iteration through Update, over the sim's 100,000-member
// roster, under every sort key; "sort" is the keystroke that changes the sort (o). Target:
// under 10 ms a keystroke (docs/PERFORMANCE.md).
func BenchmarkFilterRealRows100k(b *testing.B) {
	users := simUsers(b, 100_000)
	// A real person's login, typed letter by letter: it narrows from many rows to one.
	var query string
	for _, u := range users[len(users)/3:] {
		if len(u.GithubComLogin) >= 6 {
			query = u.GithubComLogin[:6]
			break
		}
	}
	for k := range sortKeys {
		b.Run("sort="+k.String(), func(b *testing.B) {
			m, d := dashboardWithUsers(b, users)
			for d.users.table.sort != k {
				d.users.table.cycleSort()
			}
			m.Update(runes("/"))
			if !d.users.filter.Focused() {
				b.Fatal("the filter did not open")
			}
			typeAndErase(b, m, query)
			if d.users.table.filter != "" && len(d.users.table.shown) == 0 {
				b.Fatalf("%q found nobody", d.users.table.filter)
			}
		})
	}
	b.Run("sort", func(b *testing.B) {
		m, d := dashboardWithUsers(b, users)
		before := d.users.table.sort
		m.Update(runes("o"))
		if d.users.table.sort == before {
			b.Fatal("o did not change the sort")
		}
		for b.Loop() {
			m.Update(runes("o"))
		}
		if len(d.users.table.shown) != len(users) {
			b.Fatalf("%d rows shown of %d", len(d.users.table.shown), len(users))
		}
	})
}

// BenchmarkSortOrdersRealRows100k is the work done once per load, off the UI
// goroutine: the sim's 100,000-member roster sorted by each key.
func BenchmarkSortOrdersRealRows100k(b *testing.B) {
	rows := newUserRows(simUsers(b, 100_000))
	for k := range sortKeys {
		b.Run("sort="+k.String(), func(b *testing.B) {
			for b.Loop() {
				sortedOrder(rows, k, false)
			}
		})
	}
}

// BenchmarkScaleRealRows is the scaling table of docs/PERFORMANCE.md: for the sim's
// roster at each size, the first dashboard frame from its snapshot (a new client each
// time, as a new console has: the kept first screen), the whole table in its place, and
// a filter keystroke (typing a real login's first letters and deleting them, under the
// login sort).
func BenchmarkScaleRealRows(b *testing.B) {
	for _, n := range []int{10_000, 30_000, 100_000, 300_000} {
		b.Run(fmt.Sprintf("users=%d/frame", n), func(b *testing.B) { benchFirstFrame(b, n, false) })
		b.Run(fmt.Sprintf("users=%d/whole", n), func(b *testing.B) { benchFirstFrame(b, n, true) })
		b.Run(fmt.Sprintf("users=%d/filter", n), func(b *testing.B) {
			users := simUsers(b, n)
			query := users[len(users)/3].GithubComLogin
			query = query[:min(len(query), 6)]
			m, d := dashboardWithUsers(b, users)
			m.Update(runes("/"))
			typeAndErase(b, m, query)
			if !d.users.filter.Focused() {
				b.Fatal("the filter closed")
			}
		})
	}
}

// benchFirstFrame writes a snapshot of the sim's roster of n members, whose first
// screen that read keeps, then times a new console and client (nothing in memory, as a
// new console has) up to the dashboard's first View with the snapshot's users: the kept
// first screen, or with whole every user of the snapshot in the table.
func benchFirstFrame(b *testing.B, n int, whole bool) {
	dir := b.TempDir()
	c, cfg := simClient(b, n, dir, 0)
	cl, err := c.ConsumedLicenses(context.Background(), nil) // writes the snapshot
	if err != nil {
		b.Fatal(err)
	}
	x := newUserIndex(newUserRows(cl.Users))
	keepFirstScreen(c, cl, x) // as the console that read it does
	for b.Loop() {
		cfg.Snapshots = snapshot.NewStore(dir) // nothing read yet
		fresh, err := client.New(cfg)
		if err != nil {
			b.Fatal(err)
		}
		m := New(common.Options{Backend: status.New(fresh, nil), Renderer: asciiRenderer(), ServerURL: cfg.ServerURL, Enterprise: "acme"})
		m.Update(windowSize(80, 24))
		m.goTo(common.StepDashboard)
		d := m.pages[common.StepDashboard].(*dashboardPage)
		msg := readSnapshot(m.sh, d.users.snapID, &d.users.table)().(snapshotMsg)
		if !msg.firstScreen {
			b.Fatal("no first screen kept")
		}
		_, rest := m.Update(msg)
		if whole {
			m.Update(runCmd(b, rest))
			rest = nil
		}
		v := m.View()
		if d.users.cancel != nil {
			d.users.cancel() // the revalidation that follows is not part of the frame
		}
		if !strings.Contains(v, "1 of "+frontend.Thousands(len(cl.Users))+" · sort login ↑ · snapshot from") {
			b.Fatalf("no snapshot on the first frame:\n%s", v)
		}
		if whole && len(d.users.table.rows) != len(cl.Users) {
			b.Fatalf("%d rows in the whole table of %d", len(d.users.table.rows), len(cl.Users))
		}
		// The rest of the rows and the other sort orders go on being made after the
		// frame; a console opens once, so the next one must not meet this one's
		// leftover work.
		b.StopTimer()
		if rest != nil {
			m.Update(runCmd(b, rest))
		}
		for k := range sortKeys {
			d.users.table.index.order(k, false)
			d.users.table.index.order(k, true)
		}
		b.StartTimer()
	}
}
