package output

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// FuzzJSONOutput: what the commands print as JSON decodes to exactly the data given,
// and carries no raw control, C1 or bidi character.
func FuzzJSONOutput(f *testing.F) {
	for _, s := range []string{"plain", "Mallory\x1b]52;c;SGVsbG8=\x07", "\x1b[2J", "\x1bPq\x1b\\", "\u202e", "\u009b31m", "\r\n", "\u2028", "<&>", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var buf bytes.Buffer
		in := map[string]any{"name": s, "list": []string{s, "x"}}
		if err := WriteJSON(&buf, in); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		for _, r := range out {
			if (r < 0x20 && r != '\n') || (r >= 0x7f && r <= 0x9f) || needsJSONEscape(r) {
				t.Fatalf("raw %U in %q", r, out)
			}
		}
		var back map[string]any
		if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		want := string([]rune(s)) // each invalid byte becomes U+FFFD, as the encoder does
		if back["name"] != want {
			t.Fatalf("name %q came back as %q", want, back["name"])
		}
	})
}

// TestEachNoteIsPrintedOnce: a gap met twice is said once.
func TestEachNoteIsPrintedOnce(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	PrintGaps(&buf, []string{"no console API", "no cloud token", "no console API"})
	if got := buf.String(); strings.Count(got, "no console API") != 1 || strings.Count(got, "\n") != 2 {
		t.Fatalf("want two notes, each once:\n%s", got)
	}
}
