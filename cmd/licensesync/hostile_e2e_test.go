package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/sim"
	"github.com/licensesync/licensesync/client/status"
	"github.com/licensesync/licensesync/tui"
	"github.com/licensesync/licensesync/tui/common"
)

// Terminal safety, end to end: names, logins and emails carrying escape sequences, bidi
// overrides and control characters (sim.HostilePayloads) are served by the sim, read by
// the real client, and must reach no screen, table, CSV or JSON output raw.

// rawControls are bytes and runes that must never be written raw to a terminal.
var rawControls = []string{"\x1b", "\x07", "\r", "\u009b", "\u0090", "\u009c", "\u202e"}

// sequenceBodies are what is left when an escape is dropped but not its sequence.
var sequenceBodies = []string{"]52;c;", "SGVsbG8=", "[2J", "#0;2;0;0;0", "31m"}

func assertTerminalSafe(t *testing.T, what, out string, bodies bool) {
	t.Helper()
	for _, c := range rawControls {
		if strings.Contains(out, c) {
			t.Errorf("%s carries %q raw", what, c)
		}
	}
	if bodies {
		for _, b := range sequenceBodies {
			if strings.Contains(out, b) {
				t.Errorf("%s carries the body %q of an escape sequence", what, b)
			}
		}
	}
}

func hostileWorld() sim.Options {
	return sim.Options{Seed: 5, Users: 300, CloudUsers: 200, LicenseSyncEnabled: true, HostileNames: true}
}

func TestHostileNamesNeverReachTheTerminal(t *testing.T) {
	t.Parallel()
	p := startInProcSim(t, baseEnv(t), hostileWorld(), nil)
	cases := []struct {
		args []string
		json bool
	}{
		{[]string{"status"}, false},
		{[]string{"users"}, false},
		{[]string{"users", "--csv"}, false},
		{[]string{"users", "--filter", "mallory"}, false},
		{[]string{"users", "--duplicates"}, false},
		{[]string{"users", "--duplicates", "--csv"}, false},
		{[]string{"users", "--json"}, true},
		{[]string{"users", "--duplicates", "--json"}, true},
		{[]string{"status", "--json"}, true},
		{[]string{"export"}, true},
	}
	for _, c := range cases {
		r := runBin(t, p.env, c.args...)
		if r.code != 0 {
			t.Errorf("%v:\n%s", c.args, r)
			continue
		}
		what := "licensesync " + strings.Join(c.args, " ")
		assertTerminalSafe(t, what+" (stdout)", r.stdout, !c.json)
		assertTerminalSafe(t, what+" (stderr)", r.stderr, true)
		if c.json && !json.Valid([]byte(r.stdout)) {
			t.Errorf("%s: not JSON", what)
		}
	}
	// The names are still there, made harmless.
	if r := runBin(t, p.env, "users", "--filter", "mallory"); !strings.Contains(r.stdout, "Mallory") {
		t.Errorf("the hostile users vanished from the table:\n%s", r)
	}
	// JSON keeps the data faithfully, escaped.
	r := runBin(t, p.env, "users", "--json")
	for _, esc := range []string{`\u001b]52;c;SGVsbG8=\u0007`, `\u001b[2J`, `\u202e`, `\u009b31m`, `\r`} {
		if !strings.Contains(r.stdout, esc) {
			t.Errorf("users --json lost %s", esc)
		}
	}
	var users []client.ConsumedUser
	if err := json.Unmarshal([]byte(r.stdout), &users); err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, u := range users {
		all.WriteString(u.GithubComLogin + " " + deref(u.GithubComName) + " " + strings.Join(u.EnterpriseServerEmails, " "))
	}
	for _, payload := range sim.HostilePayloads {
		if !strings.Contains(all.String(), payload) {
			t.Errorf("users --json does not decode back to the payload %q", payload)
		}
	}
	// An export file is the server's data as sent; it is still valid JSON with no raw ESC.
	out := filepath.Join(t.TempDir(), "usage.json")
	if r := runBin(t, p.env, "export", "-o", out); r.code != 0 {
		t.Fatalf("export:\n%s", r)
	}
	data, _ := os.ReadFile(out)
	if !json.Valid(data) || strings.ContainsAny(string(data), "\x1b\x07\r") {
		t.Errorf("the export file carries raw controls")
	}
}

// teaRunner runs a tui.Model as bubbletea would, without a terminal: commands run on
// goroutines and their messages are fed back in order of arrival.
type teaRunner struct {
	t    *testing.T
	m    tea.Model
	msgs chan tea.Msg
}

func newTeaRunner(t *testing.T, m tea.Model, w, h int) *teaRunner {
	r := &teaRunner{t: t, m: m, msgs: make(chan tea.Msg, 64)}
	r.exec(m.Init())
	r.send(tea.WindowSizeMsg{Width: w, Height: h})
	return r
}

func (r *teaRunner) exec(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		msg := cmd()
		if batch, ok := msg.(tea.BatchMsg); ok {
			for _, c := range batch {
				r.exec(c)
			}
			return
		}
		if msg != nil {
			r.msgs <- msg
		}
	}()
}

func (r *teaRunner) send(msg tea.Msg) {
	if _, ok := msg.(tea.QuitMsg); ok {
		return
	}
	m, cmd := r.m.Update(msg)
	r.m = m
	r.exec(cmd)
}

// pump feeds messages until ok(View) or the timeout; it returns the last view.
func (r *teaRunner) pump(timeout time.Duration, ok func(string) bool) string {
	deadline := time.After(timeout)
	for {
		v := r.m.View()
		if ok != nil && ok(v) {
			return v
		}
		select {
		case msg := <-r.msgs:
			r.send(msg)
		case <-deadline:
			return r.m.View()
		}
	}
}

func (r *teaRunner) key(s string) {
	switch s {
	case "enter":
		r.send(tea.KeyMsg{Type: tea.KeyEnter})
	case "esc":
		r.send(tea.KeyMsg{Type: tea.KeyEsc})
	default:
		r.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)})
	}
}

// consoleOn opens the console with the real client against the sim at env, walks the
// wizard to the dashboard, and waits for its users.
func consoleOn(t *testing.T, env []string) (*teaRunner, *client.Client) {
	t.Helper()
	c, err := client.New(client.Config{
		ServerURL: envValue(env, "LICENSESYNC_SERVER"), ServerToken: sim.ServerAdminToken, ServerTokenSource: "GH_ENTERPRISE_TOKEN",
		Enterprise: "acme", CloudURL: envValue(env, "LICENSESYNC_CLOUD"), CloudToken: sim.CloudAdminToken,
		CloudTokenSource: "GH_TOKEN", CloudEnterprise: "acme-cloud",
	})
	if err != nil {
		t.Fatal(err)
	}
	rend := lipgloss.NewRenderer(io.Discard)
	rend.SetColorProfile(termenv.Ascii)
	m := tui.New(common.Options{Backend: status.New(c, nil), Renderer: rend, ServerURL: envValue(env, "LICENSESYNC_SERVER"),
		Enterprise: "acme", TokenSource: "GH_ENTERPRISE_TOKEN", Refresh: time.Hour})
	r := newTeaRunner(t, m, 100, 30)
	loaded := func(v string) bool {
		return strings.Contains(v, "Dashboard") && strings.Contains(v, " used") &&
			!strings.Contains(v, "reading…") && !strings.Contains(v, "loading…")
	}
	for range 8 {
		onDashboard := func(v string) bool { return strings.Contains(v, "Dashboard") }
		if v := r.pump(400*time.Millisecond, onDashboard); onDashboard(v) { // or let the step load
			break
		}
		r.key("enter")
	}
	v := r.pump(15*time.Second, loaded)
	if !loaded(v) {
		t.Fatalf("did not reach the dashboard:\n%s", v)
	}
	return r, c
}

func TestHostileNamesNeverReachTheConsole(t *testing.T) {
	t.Parallel()
	p := startInProcSim(t, baseEnv(t), hostileWorld(), nil)
	r, _ := consoleOn(t, p.env)
	views := []string{r.m.View()}
	r.key("/")
	for _, ch := range "mallory" {
		r.key(string(ch))
	}
	r.key("enter")
	v := r.pump(2*time.Second, func(v string) bool { return strings.Contains(v, "Mallory") })
	if !strings.Contains(v, "Mallory") {
		t.Errorf("the hostile users are not shown at all:\n%s", v)
	}
	views = append(views, v)
	r.key("esc")
	r.key("d")
	looked := func(v string) bool {
		return (strings.Contains(v, "Counted twice") || strings.Contains(v, "Projected: counted twice")) &&
			!strings.Contains(v, "looking…")
	}
	v = r.pump(10*time.Second, looked)
	if !looked(v) {
		t.Fatalf("d did not show the counted-twice view, done looking:\n%s", v)
	}
	views = append(views, v)
	for i, v := range views {
		assertTerminalSafe(t, "console view "+string(rune('0'+i)), v, true)
	}
}

// TestConsoleKeepsRunningWhenTheServerFails: the dashboard is loaded, then every request
// fails; a refresh keeps the data, says it is stale and why, and the console goes on.
func TestConsoleKeepsRunningWhenTheServerFails(t *testing.T) {
	t.Parallel()
	var failing atomic.Bool
	breaker := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if failing.Load() {
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(http.StatusBadGateway)
				io.WriteString(w, "<html><body><h1>502 Bad Gateway</h1></body></html>")
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	p := startInProcSim(t, baseEnv(t), sim.Options{Seed: 2, Users: 200, CloudUsers: 150, LicenseSyncEnabled: true}, breaker)
	r, _ := consoleOn(t, p.env)
	before := r.m.View()
	failing.Store(true)
	r.key("r")
	v := r.pump(20*time.Second, func(v string) bool { return strings.Contains(v, "Stale") })
	if !strings.Contains(v, "Stale") || !strings.Contains(v, "Dashboard") {
		t.Fatalf("no degraded state shown after the server failed:\nbefore:\n%s\nafter:\n%s", before, v)
	}
	if !strings.Contains(v, "used") {
		t.Errorf("the last good data was dropped:\n%s", v)
	}
	// It recovers when the server does.
	failing.Store(false)
	r.key("r")
	v = r.pump(10*time.Second, func(v string) bool { return !strings.Contains(v, "Stale") })
	if strings.Contains(v, "Stale") {
		t.Errorf("still stale after the server came back:\n%s", v)
	}
}
