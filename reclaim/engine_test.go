package reclaim

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/sim"
)

// fakeServer is accounts with a suspension each and a count of writes per login. A
// write to crashOn is made and then the run is killed (cancel), before any answer.
type fakeServer struct {
	mu        sync.Mutex
	suspended map[string]bool
	writes    map[string]int
	crashOn   string
	cancel    context.CancelFunc
	// clock is the engine's clock; writeTimes when each write was made on it.
	clock      func() time.Time
	writeTimes []time.Time
}

func newFake(logins ...string) *fakeServer {
	f := &fakeServer{suspended: map[string]bool{}, writes: map[string]int{}}
	for _, l := range logins {
		f.suspended[l] = false
	}
	return f
}

func (f *fakeServer) ServerUser(ctx context.Context, login string) (*client.ServerUser, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.suspended[login]
	if !ok {
		return nil, &client.Error{Kind: client.KindNotFound, Op: "read " + login}
	}
	u := &client.ServerUser{Login: login}
	if s {
		at := planNow
		u.SuspendedAt = &at
	}
	return u, nil
}

func (f *fakeServer) set(ctx context.Context, login string, to bool) error {
	f.mu.Lock()
	f.writes[login]++
	f.suspended[login] = to
	if f.clock != nil {
		f.writeTimes = append(f.writeTimes, f.clock())
	}
	crash := login == f.crashOn
	f.mu.Unlock()
	if crash {
		f.cancel()
		return ctx.Err()
	}
	return nil
}

func (f *fakeServer) SuspendUser(ctx context.Context, login, _ string) error {
	return f.set(ctx, login, true)
}

func (f *fakeServer) UnsuspendUser(ctx context.Context, login, _ string) error {
	return f.set(ctx, login, false)
}

// planOf suspends logins.
func planOf(logins ...string) *Plan {
	p := &Plan{}
	for _, l := range logins {
		p.Actions = append(p.Actions, Action{ID: KindSuspend + ":" + l, Lever: LeverDormant, Kind: KindSuspend, Target: l, ServerSeat: 1})
	}
	return p
}

// testEngine acts on srv with a journal in dir, on a clock of its own that moves
// 10 ms a reading and sleeps by moving forward.
func testEngine(t *testing.T, srv Server, dir string) *Engine {
	t.Helper()
	j, err := OpenJournal(dir)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	now := planNow
	return &Engine{Server: srv, Journal: j, Host: "ghes.test",
		Now: func() time.Time {
			mu.Lock()
			defer mu.Unlock()
			now = now.Add(10 * time.Millisecond)
			return now
		},
		Sleep: func(ctx context.Context, d time.Duration) error {
			mu.Lock()
			now = now.Add(d)
			mu.Unlock()
			return ctx.Err()
		}}
}

func TestApplyKilledBetweenWriteAndAnswerContinuesWithEveryActionOnce(t *testing.T) {
	srv := newFake("a", "b", "c")
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	srv.crashOn, srv.cancel = "b", cancel
	e := testEngine(t, srv, dir)
	srv.clock = e.Now
	res, err := e.Apply(ctx, planOf("a", "b", "c"), nil)
	if err != nil || !res.Interrupted || len(res.Outcomes) != 1 {
		t.Fatalf("first run: %+v, %v; want interrupted after a", res, err)
	}
	if len(srv.writeTimes) != 2 || srv.writeTimes[1].Sub(srv.writeTimes[0]) < MinGap {
		t.Errorf("writes at %v, want two at least %s apart", srv.writeTimes, MinGap)
	}
	pending, err := e.Pending(RunApply)
	if err != nil || pending == nil || !pending.Open["suspend:b"] {
		t.Fatalf("the journal should hold b's intent without an outcome: %+v, %v", pending, err)
	}

	srv.crashOn = ""
	e2 := testEngine(t, srv, dir) // a new process
	var last Progress
	res, err = e2.Apply(context.Background(), planOf("z"), func(p Progress) { last = p })
	if err != nil || res.Interrupted || !res.Resumed || res.RunID != pending.ID {
		t.Fatalf("re-run: %+v, %v; want the same run continued", res, err)
	}
	for _, l := range []string{"a", "b", "c"} {
		if srv.writes[l] != 1 || !srv.suspended[l] {
			t.Errorf("%s: %d writes, suspended %v; want exactly one write", l, srv.writes[l], srv.suspended[l])
		}
	}
	if srv.writes["z"] != 0 {
		t.Error("a new plan was applied before the unfinished run was")
	}
	if res.Count(OutcomeDone) != 3 || last.Done != 3 || last.Total != 3 {
		t.Errorf("outcomes %+v, last progress %+v", res.Outcomes, last)
	}
	if p, _ := e2.Pending(RunApply); p != nil {
		t.Errorf("run still pending after it finished: %+v", p)
	}

	// Undo puts every suspension back, once, and leaves nothing more to undo.
	target, err := e2.UndoTarget("")
	if err != nil || target.ID != res.RunID {
		t.Fatalf("undo target %+v, %v", target, err)
	}
	undo, err := e2.Undo(context.Background(), target, UndoPlan(target), nil)
	if err != nil || undo.Count(OutcomeDone) != 3 || undo.UndoOf != target.ID {
		t.Fatalf("undo: %+v, %v", undo, err)
	}
	for _, l := range []string{"a", "b", "c"} {
		if srv.writes[l] != 2 || srv.suspended[l] {
			t.Errorf("%s after undo: %d writes, suspended %v", l, srv.writes[l], srv.suspended[l])
		}
	}
	if _, err := e2.UndoTarget(""); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("second undo target: %v, want ErrNothingToUndo", err)
	}
	runs, err := e2.Journal.Runs()
	if err != nil || len(runs) != 2 || runs[0].Kind != RunApply || runs[1].Kind != RunUndo || !runs[0].Finished || !runs[1].Finished {
		t.Errorf("history %+v, %v", runs, err)
	}
}

func TestApplyAlreadyDoneWritesNothingAndRefusalsDoNotStopTheRest(t *testing.T) {
	srv := newFake("a", "c")
	srv.suspended["a"] = true
	e := testEngine(t, srv, t.TempDir())
	res, err := e.Apply(context.Background(), planOf("a", "missing", "c"), nil)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, o := range res.Outcomes {
		got = append(got, o.Action.Target+"="+o.Outcome)
	}
	if strings.Join(got, " ") != "a=already missing=refused c=done" {
		t.Errorf("outcomes %v", got)
	}
	if srv.writes["a"] != 0 || srv.writes["c"] != 1 {
		t.Errorf("writes %v", srv.writes)
	}
}

// TestApplyLostAnswerIsReadBackAndCountedOnce runs against the simulator with its
// first write's answer lost: the suspension happened, the client cannot know, and the
// read-back must decide without a second write.
func TestApplyLostAnswerIsReadBackAndCountedOnce(t *testing.T) {
	s, err := sim.Start(sim.Options{Users: 200, CloudUsers: 100, LostWriteReplies: 1}, "127.0.0.1:0", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	c, err := client.New(client.Config{ServerURL: s.ServerURL(), ServerToken: sim.ServerAdminToken, Enterprise: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var report []client.DormantUser
	for range 2 { // the first answer is a 202: the report is being generated
		if report, err = c.DormantUsers(ctx); err == nil {
			break
		}
		if !errors.Is(err, client.ErrReportGenerating) {
			t.Fatal(err)
		}
	}
	v, _ := c.Viewer(ctx)
	p := NewPlan(Facts{Now: time.Now(), Server: "ghes", Viewer: v.Login, Dormant: report}, Filters{})
	if len(p.Actions) < 2 {
		t.Fatalf("the sim's report gives %d actions, want at least 2", len(p.Actions))
	}
	p.Actions = p.Actions[:2]
	e := testEngine(t, c, t.TempDir())
	res, err := e.Apply(ctx, p, nil)
	if err != nil || res.Count(OutcomeDone) != 2 {
		t.Fatalf("apply: %+v, %v", res, err)
	}
	st := s.Stats()
	if st.LostReplies != 1 {
		t.Errorf("lost replies %d, want 1", st.LostReplies)
	}
	for _, a := range p.Actions {
		if n := st.ByTarget["PUT server users/"+a.Target+"/suspended"]; n != 1 {
			t.Errorf("%s: %d writes, want 1 (%v)", a.Target, n, st.ByTarget)
		}
		if u, err := c.ServerUser(ctx, a.Target); err != nil || u.SuspendedAt == nil {
			t.Errorf("%s not suspended: %+v, %v", a.Target, u, err)
		}
	}
}

// TestRunFileCutShortByACrashIsReadAndContinued appends half a line, as a crash while
// writing leaves it: the run still reads, and continuing it writes each action once.
func TestRunFileCutShortByACrashIsReadAndContinued(t *testing.T) {
	srv := newFake("a", "b")
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	srv.crashOn, srv.cancel = "a", cancel
	e := testEngine(t, srv, dir)
	res, err := e.Apply(ctx, planOf("a", "b"), nil)
	if err != nil || !res.Interrupted {
		t.Fatalf("first run: %+v, %v", res, err)
	}
	f, err := os.OpenFile(filepath.Join(dir, res.RunID+".jsonl"), os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"at":"2026-12-07T10:00:00Z","event":"outc`)
	f.Close()
	srv.crashOn = ""
	res, err = testEngine(t, srv, dir).Apply(context.Background(), planOf(), nil)
	if err != nil || !res.Resumed || res.Count(OutcomeDone) != 2 || srv.writes["a"] != 1 || srv.writes["b"] != 1 {
		t.Fatalf("continued: %+v, %v, writes %v", res, err, srv.writes)
	}
}

// TestApplyNeverSuspendsAnAccountThatBecameSiteAdmin reads the account just before
// the write: promoted since the plan, it is refused, not written.
func TestApplyNeverSuspendsAnAccountThatBecameSiteAdmin(t *testing.T) {
	srv := &adminFake{fakeServer: newFake("a")}
	res, err := testEngine(t, srv, t.TempDir()).Apply(context.Background(), planOf("a"), nil)
	if err != nil || res.Count(OutcomeRefused) != 1 || srv.writes["a"] != 0 {
		t.Fatalf("%+v, %v, writes %v", res, err, srv.writes)
	}
}

// adminFake is a fakeServer whose accounts are all site admins.
type adminFake struct{ *fakeServer }

func (f *adminFake) ServerUser(ctx context.Context, login string) (*client.ServerUser, error) {
	u, err := f.fakeServer.ServerUser(ctx, login)
	if u != nil {
		u.SiteAdmin = true
	}
	return u, err
}
