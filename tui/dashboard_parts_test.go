package tui

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/client/status"
	"github.com/licensesync/licensesync/tui/common"
)

// The rule the console is built on: each part remembers the id of its latest request
// and drops every answer that carries another, so a slow old answer never overwrites
// a newer one. Each of the dashboard's id checks is tried with an answer to an earlier request.
func TestDashboardStaleAnswersAreDropped(t *testing.T) {
	t.Parallel()
	stale := &client.Error{Kind: client.KindServer, Hint: "an old answer"}

	t.Run("status", func(t *testing.T) {
		f := newFake()
		m, d := openDashboard(t, f)
		old := d.status.id
		d.status.refresh()
		m.Update(statusMsg{id: old, err: stale})
		m.Update(statusMsg{id: old, status: &status.Status{Server: status.ServerStatus{Hostname: "old.example"}}})
		if d.status.err != nil || d.status.current != &f.status || !d.status.refreshing {
			t.Fatalf("an old status answer was taken: err %v, host %q", d.status.err, d.status.current.Server.Hostname)
		}
	})

	t.Run("users pages and end", func(t *testing.T) {
		m, d := openDashboard(t, newFake())
		d.users.reload()
		old := d.users.id
		d.users.reload()
		m.Update(usersPageMsg{id: old, rows: newUserRows(demoUsers()[:3])})
		m.Update(usersDoneMsg{id: old, users: &client.ConsumedLicenses{Users: demoUsers()}})
		if len(d.users.table.rows) != 0 || d.users.loaded || !d.users.loading {
			t.Fatalf("an old load was taken: %d rows, loaded %v, loading %v", len(d.users.table.rows), d.users.loaded, d.users.loading)
		}
		m.Update(usersDoneMsg{id: old, err: stale})
		if d.users.err != nil {
			t.Fatalf("an old load's error was taken: %v", d.users.err)
		}
		d.users.cancel()
	})

	t.Run("snapshot read twice", func(t *testing.T) {
		f := newFake()
		f.snapshot = demoUsers()
		m, d := openDashboard(t, f)
		read := readSnapshot(m.sh, d.users.snapID, &d.users.table)
		m.Update(snapshotMsg{id: d.users.snapID + 100, ok: true, users: &client.ConsumedLicenses{Users: demoUsers()[:1]}})
		if d.users.loaded {
			t.Fatal("a snapshot answer with another id was taken")
		}
		first := read()
		m.Update(first)
		d.users.table.setRows(nil) // what a second delivery would bring back
		m.Update(first)
		if len(d.users.table.rows) != 0 {
			t.Fatalf("the snapshot was taken twice: %d rows", len(d.users.table.rows))
		}
		d.users.cancel()
	})

	t.Run("counted twice", func(t *testing.T) {
		m, d := openDashboard(t, newFake())
		loadAll := func() {
			d.users.reload()
			d.users.cancel()
			m.Update(usersDoneMsg{id: d.users.id, users: &client.ConsumedLicenses{Users: demoUsers()}, index: newUserIndex(newUserRows(demoUsers()))})
		}
		loadAll()
		m.Update(runes("d"))
		old := d.twice.rec.id
		loadAll() // a reload computes the people again
		if d.twice.rec.id == old {
			t.Fatal("the people were not computed again after a reload")
		}
		m.Update(reconcileMsg{id: old, r: seats.NewReconcile(seats.ReconcileInput{Licenses: &client.ConsumedLicenses{Users: demoUsers()}})})
		if len(d.twice.list.rows) != 0 || !d.twice.rec.loading || d.twice.rec.r != nil {
			t.Fatalf("an old computation was taken: %v", d.twice.list.rows)
		}
	})

	t.Run("sync job and poll", func(t *testing.T) {
		f := newFake()
		f.jobs = []client.SyncJob{{ID: 1, State: client.JobSucceeded, UsersUploaded: 1}}
		m, d := openDashboard(t, f)
		d.sync.start(false)
		old := d.sync.id
		m.Update(syncJobMsg{id: old, job: &f.jobs[0]})
		d.sync.start(false)
		m.Update(syncJobMsg{id: old, job: &client.SyncJob{State: client.JobFailed, Error: "old"}})
		if !d.sync.running || d.sync.result != "" {
			t.Fatalf("an old job report was taken: running %v, result %q", d.sync.running, d.sync.result)
		}
		if _, cmd := m.Update(syncPollMsg{id: old}); cmd != nil {
			t.Fatal("an old poll asked about the job again")
		}
	})

	t.Run("copy and toast", func(t *testing.T) {
		m, d := openDashboard(t, newFake())
		d.toast.copy([]string{"first"})
		old := d.toast.action
		d.toast.copy([]string{"second"})
		m.Update(copiedMsg{id: old, text: "first", err: errors.New("old")})
		if d.toast.text != "" {
			t.Fatalf("an old copy's outcome was shown: %q", d.toast.text)
		}
		m.Update(copiedMsg{id: d.toast.action, text: "second"})
		if !strings.Contains(d.toast.text, "second") {
			t.Fatalf("the latest copy's outcome was not shown: %q", d.toast.text)
		}
		// The first toast's timer ends after a second toast went up: it stays.
		first := d.toast.id
		d.toast.show("newer", true)
		m.Update(toastExpiredMsg{id: first})
		if d.toast.text != "newer" {
			t.Fatalf("an older toast's timer took down a newer one: %q", d.toast.text)
		}
		m.Update(toastExpiredMsg{id: d.toast.id})
		if d.toast.text != "" {
			t.Fatalf("the toast outlived its timer: %q", d.toast.text)
		}
	})
}

// The auto-refresh tick reads the status (not the users: that is a key away) and sets
// the next tick; the dashboard opened again does not start a second timer.
func TestAutoRefreshTickReadsStatusAndRearms(t *testing.T) {
	t.Parallel()
	f := newFake()
	opts := testOptions(f)
	opts.Refresh = time.Nanosecond // the next tick fires at once, so it can be seen
	m := New(opts)
	m.Update(windowSize(80, 24))
	m.goTo(common.StepDashboard)
	d := m.pages[common.StepDashboard].(*dashboardPage)
	loads, reads := f.loads, f.statusN
	_, cmd := m.Update(refreshTickMsg{})
	batch, ok := cmd().(tea.BatchMsg)
	if !ok {
		t.Fatalf("the tick answered %T, not a status read and the next tick", cmd())
	}
	var got []tea.Msg
	for _, c := range batch {
		if c != nil {
			got = append(got, c())
		}
	}
	if !slices.ContainsFunc(got, func(m tea.Msg) bool { s, ok := m.(statusMsg); return ok && s.id == d.status.id }) ||
		!slices.ContainsFunc(got, func(m tea.Msg) bool { _, ok := m.(refreshTickMsg); return ok }) {
		t.Fatalf("the tick did not read the status and set the next tick: %#v", got)
	}
	if f.statusN != reads+1 || f.loads != loads {
		t.Fatalf("status read %d times, users loaded %d times", f.statusN-reads, f.loads-loads)
	}
	if d.status.startTicking() != nil {
		t.Fatal("a second timer was started")
	}
}

// A snapshot read while the admin changes the filter or the sort is shown as they are
// now, not as they were when the read began.
func TestSnapshotAfterFilterOrSortChanged(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.snapshot = demoUsers()
	m, d := openDashboard(t, f)
	read := readSnapshot(m.sh, d.users.snapID, &d.users.table) // filter "", sort login
	m.Update(runes("o"))
	m.Update(runes("/"))
	m.Update(runes("a"))
	msg := read()
	m.Update(msg)
	want := userTable{filter: "a", sort: sortName}
	want.setRows(newUserRows(demoUsers()))
	if !d.users.loaded || !slices.Equal(d.users.table.shown, want.shown) {
		t.Fatalf("shown %v, want %v", d.users.table.shown, want.shown)
	}
	if v := m.View(); !strings.Contains(v, "sort name") || !strings.Contains(v, "Users 1 of "+frontend.Thousands(len(want.shown))) {
		t.Fatalf("the title does not say the filter and sort in use:\n%s", v)
	}
	d.users.cancel()
}

// Copy writes nothing for an empty pane, and the outcome goes at the next key.
func TestCopyOutcomeLastsOneKey(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	opts := testOptions(newFake())
	opts.Output = &out
	h := newHarness(t, opts, 80, 24)
	h.toDashboard()
	h.keys(runes("c"))
	if !strings.Contains(h.m.View(), "Copied") {
		t.Fatalf("no outcome:\n%s", h.m.View())
	}
	h.keys(down)
	if strings.Contains(h.m.View(), "Copied") {
		t.Fatalf("the outcome outlived the next key:\n%s", h.m.View())
	}
}
