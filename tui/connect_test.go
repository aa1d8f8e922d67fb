package tui

import (
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/tui/common"
)

// checkMarks reads the four checks' marks off the screen, e.g. "✓✓✗-".
func checkMarks(t *testing.T, v string) string {
	t.Helper()
	var marks string
	for _, name := range []string{"reachable", "TLS", "token valid", "site admin"} {
		found := false
		for _, l := range strings.Split(v, "\n") {
			if len(l) > 0 && strings.HasPrefix(strings.TrimLeft(l[strings.IndexRune(l, ' ')+1:], " "), name) {
				marks += strings.SplitN(l, " ", 2)[0]
				found = true
				break
			}
		}
		if !found {
			t.Fatalf("no %q check:\n%s", name, v)
		}
	}
	return marks
}

// Each failure is blamed on the check it proves wrong: an answer of any kind proves
// the server reachable and its TLS sound.
func TestConnectChecksBlameTheRightStep(t *testing.T) {
	t.Parallel()
	const hint = "Do exactly this to fix it."
	for _, tc := range []struct {
		name       string
		meta, user client.Kind // the failure of Meta, or else of Viewer
		serverURL  string
		marks      string
		detail     string // shown beside the passed TLS check, when not the hint
	}{
		{name: "unreachable", meta: client.KindUnreachable, marks: "✗---"},
		{name: "tls", meta: client.KindTLS, marks: "✓✗--"},
		{name: "proxy page", meta: client.KindBadResponse, marks: "✗---"},
		{name: "401 on meta", meta: client.KindUnauthorized, marks: "✓✓✗-", detail: "certificate trusted"},
		{name: "401 on meta over http", meta: client.KindUnauthorized, serverURL: "http://127.0.0.1:8080", marks: "✓✓✗-", detail: "plain HTTP"},
		{name: "401 on user", user: client.KindUnauthorized, marks: "✓✓✗-"},
		{name: "not site admin on meta", meta: client.KindNotSiteAdmin, marks: "✓✓✓✗"},
		{name: "not site admin on user", user: client.KindNotSiteAdmin, marks: "✓✓✓✗"},
		{name: "server error on user", user: client.KindServer, marks: "✓✓✗-"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake()
			err := &client.Error{Op: "read", Hint: hint}
			if tc.meta != 0 {
				err.Kind = tc.meta
				f.metaErr = err
			} else {
				err.Kind = tc.user
				f.viewerErr = err
			}
			opts := testOptions(f)
			if tc.serverURL != "" {
				opts.ServerURL = tc.serverURL
			}
			h := newHarness(t, opts, 80, 24)
			v := h.m.View()
			if got := checkMarks(t, v); got != tc.marks {
				t.Fatalf("marks %s, want %s:\n%s", got, tc.marks, v)
			}
			if n := strings.Count(v, hint); n != 1 {
				t.Fatalf("the hint is shown %d times:\n%s", n, v)
			}
			if !strings.Contains(v, tc.detail) {
				t.Fatalf("no %q:\n%s", tc.detail, v)
			}
			h.keys(enter)
			if h.m.step != common.StepConnect {
				t.Fatal("enter passed failed checks")
			}
		})
	}
}

// A hint longer than the line is wrapped under the detail column, never cut.
func TestConnectHintIsWrappedNotCut(t *testing.T) {
	t.Parallel()
	f := newFake()
	hint := "The token from the console was refused: create a classic token with site_admin on the server's Settings → Developer settings page, then set the console to a valid one."
	f.viewerErr = &client.Error{Kind: client.KindUnauthorized, Status: 401, Op: "read the token's user", Hint: hint}
	h := newHarness(t, testOptions(f), 80, 24)
	v := h.m.View()
	if strings.Contains(v, "…") {
		t.Fatalf("something is cut:\n%s", v)
	}
	if !strings.Contains(strings.Join(strings.Fields(v), " "), hint) {
		t.Fatalf("hint not shown whole:\n%s", v)
	}
	for _, l := range strings.Split(v, "\n") {
		if strings.Contains(l, "then set") && !strings.HasPrefix(l, strings.Repeat(" ", 15)) {
			t.Fatalf("continuation not under the detail column (15 cells in): %q", l)
		}
	}
}
