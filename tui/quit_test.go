package tui

import (
	"context"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/tui/common"
)

// stuckUsers is a backend whose users load hands over two pages and then waits for
// its context: a 100,000-user fetch caught mid-way.
type stuckUsers struct {
	*fakeBackend
	sent  chan struct{} // the second page's onPage returned
	ended chan error    // ConsumedLicenses returned, with its context's error
}

func (s *stuckUsers) ConsumedLicenses(ctx context.Context, onPage func(client.PageProgress)) (*client.ConsumedLicenses, error) {
	users := demoUsers()
	onPage(client.PageProgress{Page: 1, LastPage: 1000, Users: users[:1]})
	onPage(client.PageProgress{Page: 2, LastPage: 1000, Users: users[1:2]}) // nobody reads this one
	close(s.sent)
	<-ctx.Done()
	s.ended <- ctx.Err()
	return nil, ctx.Err()
}

// Quitting mid-load cancels the fetch, and the goroutine streaming it ends even though
// nobody reads its next page: a session that ends during a load leaks nothing.
func TestQuitStopsTheUsersLoad(t *testing.T) {
	t.Parallel()
	ctrlC := tea.KeyMsg{Type: tea.KeyCtrlC}
	for name, quit := range map[string]func(m *Model, cancel context.CancelFunc){
		"q":       func(m *Model, _ context.CancelFunc) { wantQuit(t, m, runes("q")) },
		"ctrl+c":  func(m *Model, _ context.CancelFunc) { wantQuit(t, m, ctrlC) },
		"QuitMsg": func(m *Model, _ context.CancelFunc) { m.Update(tea.QuitMsg{}) },
		// serve --ssh: the session's context ends with the session.
		"session ends": func(_ *Model, cancel context.CancelFunc) { cancel() },
	} {
		t.Run(name, func(t *testing.T) {
			b := &stuckUsers{fakeBackend: newFake(), sent: make(chan struct{}), ended: make(chan error, 1)}
			session, cancel := context.WithCancel(context.Background())
			defer cancel()
			opts := testOptions(b.fakeBackend)
			opts.Backend, opts.Context = b, session
			m := New(opts)
			m.Update(windowSize(80, 24))
			m.goTo(common.StepDashboard)
			d := m.pages[common.StepDashboard].(*dashboardPage)
			next := d.users.reload()
			if _, ok := next().(usersPageMsg); !ok {
				t.Fatal("the load did not start with a page")
			}
			// The UI takes the first page and then quits without asking for the next.
			quit(m, cancel)

			const patience = 10 * time.Second // generous: failing means it never ends
			select {
			case err := <-b.ended:
				if err != context.Canceled {
					t.Fatalf("the fetch ended with %v, want context.Canceled", err)
				}
			case <-time.After(patience):
				t.Fatal("the fetch's context was never cancelled")
			}
			<-b.sent // the unread page's send gave up (it returned before the fetch ended)
			// The stream's goroutine closes its channel as it ends: reading drains at
			// most what raced the cancellation, then nil.
			closed := make(chan struct{})
			go func() {
				for next() != nil {
				}
				close(closed)
			}()
			select {
			case <-closed:
			case <-time.After(patience):
				t.Fatal("the stream's goroutine never ended")
			}
		})
	}
}

func wantQuit(t *testing.T, m *Model, k tea.KeyMsg) {
	t.Helper()
	_, cmd := m.Update(k)
	if cmd == nil {
		t.Fatalf("%s did not quit", k)
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatalf("%s did not quit", k)
	}
}
