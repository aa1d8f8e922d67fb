package reclaim

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/reclaim"
	"github.com/licensesync/licensesync/tui/common"
	"github.com/muesli/termenv"
)

// fakeServer is the server's users in memory, counting the writes per login.
type fakeServer struct {
	mu        sync.Mutex
	suspended map[string]bool
	writes    map[string]int
}

func newFakeServer() *fakeServer {
	return &fakeServer{suspended: map[string]bool{}, writes: map[string]int{}}
}

func (f *fakeServer) ServerUser(_ context.Context, login string) (*client.ServerUser, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	u := &client.ServerUser{Login: login}
	if f.suspended[login] {
		at := time.Now()
		u.SuspendedAt = &at
	}
	return u, nil
}

func (f *fakeServer) set(login string, suspended bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.suspended[login] = suspended
	f.writes[login]++
	return nil
}

func (f *fakeServer) SuspendUser(_ context.Context, login, _ string) error { return f.set(login, true) }
func (f *fakeServer) UnsuspendUser(_ context.Context, login, _ string) error {
	return f.set(login, false)
}

// fakeReclaimer plans the suspension of two dormant users, with a journal in a
// temporary folder and no wait between writes.
type fakeReclaimer struct {
	server  *fakeServer
	journal *reclaim.Journal
	// refusedOrgs organizations refused their invitations, each with a long reason.
	refusedOrgs int
}

func (r fakeReclaimer) Plan(context.Context) (*reclaim.Plan, error) {
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	used := 10
	facts := reclaim.Facts{Now: now, Server: "ghes.acme.test", ServerHosts: []string{"ghes.acme.test"}, ServerSeatsUsed: &used,
		Dormant: []client.DormantUser{
			{ID: 1, Login: "dchen", LastActive: now.AddDate(0, -6, 0)},
			{ID: 2, Login: "lina\x1b[31m", LastActive: now.AddDate(0, -5, 0)},
			{ID: 3, Login: "root", SiteAdmin: true},
		}}
	plan := reclaim.NewPlan(facts, reclaim.Filters{})
	for i := range r.refusedOrgs {
		plan.Unavailable = append(plan.Unavailable, reclaim.Skip{Lever: reclaim.LeverInvitations, Target: fmt.Sprintf("org-%d", i),
			Why: strings.Repeat("HTTP 403 Forbidden: an IP allow list is enabled and this address is not permitted. ", 3)})
	}
	return plan, nil
}

func (r fakeReclaimer) Engine(context.Context) (*reclaim.Engine, error) {
	return &reclaim.Engine{Server: r.server, Journal: r.journal, Host: "ghes.acme.test",
		Sleep: func(context.Context, time.Duration) error { return nil }}, nil
}

func testPane(t *testing.T, readOnly bool) (*Pane, *fakeServer) {
	t.Helper()
	return testPaneRefusing(t, readOnly, 0)
}

func testPaneRefusing(t *testing.T, readOnly bool, refusedOrgs int) (*Pane, *fakeServer) {
	t.Helper()
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	j, err := reclaim.OpenJournal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	server := newFakeServer()
	sh := &common.Shared{Renderer: r, Styles: common.NewStyles(r, common.DefaultTheme()), Keys: common.DefaultKeyMap(),
		Opts: common.Options{ServerURL: "https://ghes.acme.test", Reclaim: fakeReclaimer{server: server, journal: j, refusedOrgs: refusedOrgs}, ReadOnly: readOnly},
		Now:  time.Now}
	sh.Ctx, sh.Stop = context.WithCancel(context.Background())
	t.Cleanup(sh.Stop)
	return New(sh), server
}

// settle runs cmd and every command its answers start, as Bubble Tea would, until
// none is left.
func settle(t *testing.T, p *Pane, cmd tea.Cmd) {
	t.Helper()
	for i := 0; cmd != nil; i++ {
		if i > 100 {
			t.Fatal("the pane never settles")
		}
		msg := cmd()
		if batch, ok := msg.(tea.BatchMsg); ok {
			for _, c := range batch {
				settle(t, p, c)
			}
			return
		}
		var ours bool
		if cmd, ours = p.Update(msg); !ours {
			t.Fatalf("the pane does not take its own message %T", msg)
		}
	}
}

func press(t *testing.T, p *Pane, keys string) {
	t.Helper()
	for _, r := range keys {
		cmd, _ := p.HandleKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		settle(t, p, cmd)
	}
}

func TestPaneAppliesOnlyTheChosenActionsAndUndoesThem(t *testing.T) {
	p, server := testPane(t, false)
	settle(t, p, p.Open())
	view := p.View(80, 20)
	for _, want := range []string{"Reclaim on ghes.acme.test · 2 of 2 chosen · frees 2 server, 0 cloud seats",
		"[x] suspend   dchen", "[x] suspend   lina "} {
		if !strings.Contains(view, want) {
			t.Errorf("the plan lacks %q:\n%s", want, view)
		}
	}
	if strings.Contains(view, "\x1b") || strings.Contains(view, "root") {
		t.Errorf("an escape reached the screen, or the site admin is planned:\n%q", view)
	}
	press(t, p, " ") // drop dchen
	if view := p.View(80, 20); !strings.Contains(view, "1 of 2 chosen") || !strings.Contains(view, "[ ] suspend   dchen") {
		t.Fatalf("space did not drop the selected action:\n%s", view)
	}
	press(t, p, "a")
	if view := p.View(80, 20); !strings.Contains(view, "Take these 1 action on ghes.acme.test?") {
		t.Fatalf("apply does not ask first:\n%s", view)
	}
	if len(server.writes) != 0 {
		t.Fatalf("the question already wrote: %v", server.writes)
	}
	press(t, p, "y")
	if got := server.writes; len(got) != 1 || got["lina\x1b[31m"] != 1 { // the login as GitHub has it, shown sanitized
		t.Fatalf("writes = %v, want one suspension of the chosen user only", got)
	}
	if view := p.View(80, 20); !strings.Contains(view, ": 1 done, 0 already so, 0 refused, 0 failed") {
		t.Fatalf("the outcome is not said:\n%s", view)
	}
	press(t, p, "U")
	if view := p.View(80, 20); !strings.Contains(view, "Undo run ") || !strings.Contains(view, "unsuspend") {
		t.Fatalf("U does not plan the undo:\n%s", view)
	}
	press(t, p, "ay")
	if server.suspended["lina\x1b[31m"] || server.writes["lina\x1b[31m"] != 2 {
		t.Fatalf("the undo did not reverse the suspension once: %v %v", server.suspended, server.writes)
	}
	if view := p.View(80, 20); !strings.Contains(view, "Undo run ") || !strings.Contains(view, "1 done") {
		t.Fatalf("the undo's outcome is not said:\n%s", view)
	}
}

func TestPaneAnswerNoChangesNothing(t *testing.T) {
	p, server := testPane(t, false)
	settle(t, p, p.Open())
	press(t, p, "an")
	if len(server.writes) != 0 || !strings.Contains(p.View(80, 20), "Nothing was changed.") {
		t.Fatalf("n after a wrote %v or did not say so:\n%s", server.writes, p.View(80, 20))
	}
}

func TestReadOnlyPaneShowsThePlanButNeverActs(t *testing.T) {
	p, server := testPane(t, true)
	settle(t, p, p.Open())
	for _, k := range []string{"a", "y", "U", "y"} {
		press(t, p, k)
		if view := p.View(80, 20); k != "y" && !strings.Contains(view, "may look but not act") {
			t.Errorf("after %s the read-only console does not say why it will not act:\n%s", k, view)
		}
	}
	if len(server.writes) != 0 {
		t.Fatalf("a read-only console wrote: %v", server.writes)
	}
	if view := p.View(80, 20); !strings.Contains(view, "[x] suspend   dchen") {
		t.Fatalf("the read-only console does not show the plan:\n%s", view)
	}
}

func TestPaneFitsEightyColumns(t *testing.T) {
	p, _ := testPane(t, false)
	settle(t, p, p.Open())
	for _, room := range []int{-3, 0, 1, 4, 12} { // the full help can leave less than nothing
		lines := strings.Split(p.View(80, room), "\n")
		if len(lines) > max(room, 0)+1 {
			t.Errorf("room %d: %d lines drawn", room, len(lines))
		}
		for _, l := range lines {
			if w := lipgloss.Width(l); w > 80 {
				t.Errorf("a line is %d columns wide: %q", w, l)
			}
		}
	}
}

// TestPaneSaysWhatWasNotPlannedInALineEachAndKeepsItsAnswer: many refusing
// organizations take a line each, then a count, and never push the answer to a key
// (here a read-only refusal) off the pane.
func TestPaneSaysWhatWasNotPlannedInALineEachAndKeepsItsAnswer(t *testing.T) {
	p, _ := testPaneRefusing(t, true, 5)
	settle(t, p, p.Open())
	press(t, p, "a")
	view := p.View(80, 8)
	for _, want := range []string{"Pending invitations in org-0: not planned:", "and 2 more not planned", "may look but not act"} {
		if !strings.Contains(view, want) {
			t.Errorf("the pane lacks %q:\n%s", want, view)
		}
	}
	if strings.Contains(view, "org-3") || len(strings.Split(view, "\n")) > 9 {
		t.Errorf("the refusals are not bounded:\n%s", view)
	}
}
