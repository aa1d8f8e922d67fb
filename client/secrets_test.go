package client

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client/textsafe"
)

// tokenPieces are every minSecretFragment-long piece of tok: none may reach output.
func tokenPieces(tok string) []string {
	var out []string
	for i := 0; i+textsafe.MinSecretFragment <= len(tok); i++ {
		out = append(out, tok[i:i+textsafe.MinSecretFragment])
	}
	return out
}

func assertNoPiece(t *testing.T, what, s string, toks ...string) {
	t.Helper()
	for _, tok := range toks {
		for _, p := range tokenPieces(tok) {
			if strings.Contains(s, p) {
				t.Errorf("%s carries %q, a piece of a token:\n%s", what, p, s)
				return
			}
		}
	}
}

func TestRedactHidesTokensPiecesAndTokenShapes(t *testing.T) {
	tok := "0123456789abcdef0123456789abcdef01234567" // an old-style 40-hex token: no prefix
	cases := map[string]string{
		"whole":          "bad token " + tok + " given",
		"cut at the end": "bad token " + tok[:23],
		"cut at start":   tok[17:] + " was refused",
		"two pieces":     tok[:12] + " … " + tok[25:],
		"token shaped":   "someone else's ghp_AAAAbbbbCCCCdddd1234 and github_pat_11ABC_def and gho_x1",
	}
	for name, in := range cases {
		out := textsafe.Redact(in, tok, "")
		assertNoPiece(t, name, out, tok)
		for _, shape := range []string{"ghp_", "github_pat_", "gho_"} {
			if strings.Contains(out, shape) {
				t.Errorf("%s: %q keeps a token shape", name, out)
			}
		}
		if !strings.Contains(out, "[redacted]") {
			t.Errorf("%s: %q says nothing was hidden", name, out)
		}
	}
	if got := textsafe.Redact("nothing secret here", tok); got != "nothing secret here" {
		t.Errorf("clean text changed: %q", got)
	}
}

// A server that echoes the token in a long error message: the message is cut to 200
// characters, and the cut must not leave a piece of the token behind.
func TestLongErrorEchoingTheTokenLeavesNoPiece(t *testing.T) {
	for _, pad := range []int{150, 170, 185, 195} {
		c, trace := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
			echo := strings.Repeat("x", pad) + " " + strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
			status(403, `{"message":"`+echo+`"}`)(w, r)
		})
		_, err := c.Meta(context.Background())
		if err == nil {
			t.Fatal("a 403 succeeded")
		}
		assertNoPiece(t, "error", err.Error(), testServerToken, testCloudToken)
		assertNoPiece(t, "trace", trace.String(), testServerToken, testCloudToken)
	}
}

func TestDebugTraceShowsQueryNamesNotValues(t *testing.T) {
	var hops int
	c, trace := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		// A redirect on the same host whose query carries the token.
		if hops++; hops == 1 {
			http.Redirect(w, r, r.URL.Path+"?access_token="+testServerToken+"&note=ghp_someoneElsesToken99", http.StatusFound)
			return
		}
		status(200, `{"installed_version":"3.22.0"}`)(w, r)
	})
	if _, err := c.Meta(context.Background()); err != nil {
		t.Fatal(err)
	}
	out := trace.String()
	if !strings.Contains(out, "?access_token=…&note=…") {
		t.Errorf("the trace does not name the query parameters:\n%s", out)
	}
	assertNoPiece(t, "trace", out, testServerToken, "ghp_someoneElsesToken99")
}

func TestTokenWithInvisibleOrSpaceRunesRefused(t *testing.T) {
	for name, r := range map[string]string{
		"NBSP": "\u00a0", "line separator": "\u2028", "NEL": "\u0085", "zero-width space": "\u200b",
		"zero-width joiner": "\u200d", "BOM": "\ufeff", "RTL override": "\u202e", "word joiner": "\u2060",
		"tab inside": "\t", "ESC": "\x1b", "ideographic space": "\u3000", "not UTF-8": "\xff",
	} {
		for _, at := range []string{"start", "middle", "end"} {
			if r == "\t" && at != "middle" {
				continue // ASCII white space around a token is trimmed, as a file read leaves it
			}
			tok := "ghp_SECRETvalue0123456789"
			switch at {
			case "start":
				tok = r + tok
			case "middle":
				tok = tok[:10] + r + tok[10:]
			default:
				tok += r
			}
			_, err := New(Config{ServerURL: "https://ghes.acme.test", ServerToken: tok})
			if KindOf(err) != KindUsage || !strings.Contains(err.Error(), "GH_ENTERPRISE_TOKEN") || !strings.Contains(err.Error(), "U+") {
				t.Errorf("%s at the %s: err = %v", name, at, err)
				continue
			}
			assertNoToken(t, name, err.Error())
		}
	}
	// A line break at the end (a file read into the variable) is still trimmed.
	if _, err := New(Config{ServerURL: "https://ghes.acme.test", ServerToken: "ghp_SECRETvalue0123456789\n"}); err != nil {
		t.Errorf("a trailing newline: %v", err)
	}
}

// TestCleanNeverSplitsTheRedactionMarker: a message cut across "[redacted]" keeps it
// whole, so the reader sees what was hidden.
func TestCleanNeverSplitsTheRedactionMarker(t *testing.T) {
	c, _ := newHandlerClient(t, status(200, `{}`))
	for pad := 185; pad < 200; pad++ { // the marker starts before the cut at 200
		got := c.clean(strings.Repeat("x", pad) + testServerToken + strings.Repeat(" tail", 20))
		if !strings.Contains(got, "[redacted]") || strings.Contains(got, "[redacted]"[:4]+"…") {
			t.Errorf("pad %d: %q", pad, got[pad-5:])
		}
		assertNoPiece(t, "clean", got, testServerToken)
	}
}

// A token of a few characters (GH_ENTERPRISE_TOKEN=e, a placeholder) is hidden where it
// stands on its own, but not inside every word: the message stays readable. Before,
// "read the server version" came out as "r[r[r[redacted]dact…" (and a short token
// after a long one misplaced the long one's mask).
func TestRedactShortTokensOnlyWhole(t *testing.T) {
	msg := "read the server version: connection refused. Check --server."
	if got := textsafe.Redact(msg, "e", "e"); got != msg {
		t.Errorf("a one-letter token garbled the message: %q", got)
	}
	if got := textsafe.Redact("the token e was refused (?access_token=e)", "e"); got != "the token [redacted] was refused (?access_token=[redacted])" {
		t.Errorf("a short token standing alone must be hidden: %q", got)
	}
	long := "0123456789abcdefXYZ"
	if got := textsafe.Redact("x "+long+" y tok z", long, "tok"); got != "x [redacted] y [redacted] z" {
		t.Errorf("a long then a short token: %q", got)
	}
}
