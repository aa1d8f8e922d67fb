package main

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommittedScreensAreCurrent: every committed capture renders to exactly its committed
// SVG, so the README's pictures cannot drift from the renderer (docs/screens/generate.sh
// redraws both).
func TestCommittedScreensAreCurrent(t *testing.T) {
	captures, err := filepath.Glob("../../docs/screens/*.ans")
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, c := range captures {
		names[strings.TrimSuffix(filepath.Base(c), ".ans")] = true
		ans, err := os.ReadFile(c)
		if err != nil {
			t.Fatal(err)
		}
		svg, err := os.ReadFile(strings.TrimSuffix(c, ".ans") + ".svg")
		if err != nil {
			t.Fatalf("%s has no SVG: %v (run go run ./cmd/screenshot docs/screens/*.ans)", c, err)
		}
		if !bytes.Equal(renderSVG(ans), svg) {
			t.Errorf("%s is not what the renderer makes of %s: run go run ./cmd/screenshot docs/screens/*.ans (or docs/screens/generate.sh)",
				strings.TrimSuffix(c, ".ans")+".svg", c)
		}
	}
	for _, want := range []string{"wizard", "dropdown", "dashboard", "stock", "error"} {
		if !names[want] {
			t.Errorf("no docs/screens/%s.ans", want)
		}
	}
}

func TestApplySGR(t *testing.T) {
	for _, tc := range []struct {
		from   style
		params string
		want   style
	}{
		{style{}, "1;94", style{bold: true, fg: palette16[12]}},
		{style{}, "31", style{fg: palette16[1]}},
		{style{}, "38;5;196", style{fg: "#ff0000"}},
		{style{}, "38;5;244", style{fg: "#808080"}},
		{style{}, "48;5;4", style{bg: palette16[4]}},
		{style{}, "38;2;1;2;3;4", style{fg: "#010203", under: true}},
		{style{}, "38:2:1:2:3", style{fg: "#010203"}},
		{style{bold: true, fg: "#111111"}, "0", style{}},
		{style{bold: true, fg: "#111111"}, "", style{}},
		{style{bold: true, fg: "#111111", bg: "#222222"}, "22;39;49", style{}},
		{style{}, "7;2;3", style{reverse: true, faint: true, italic: true}},
		{style{reverse: true, under: true, italic: true}, "27;24;23", style{}},
		{style{}, "105", style{bg: palette16[13]}},
	} {
		if got := applySGR(tc.from, tc.params); got != tc.want {
			t.Errorf("applySGR(%+v, %q) = %+v, want %+v", tc.from, tc.params, got, tc.want)
		}
	}
}

func TestParseScreen(t *testing.T) {
	rows := parseScreen("\x1b[1mab\x1b[0m表c\x1b]0;title\x07\x1b[2K\x1b]8;;http://x\x1b\\\x1b(B\x1b==\n\x1b[31mx\r\ny\n\n")
	if len(rows) != 3 {
		t.Fatalf("%d rows, want 3 (trailing empty lines dropped)", len(rows))
	}
	var text []string
	for _, r := range rows {
		var b strings.Builder
		for _, c := range r {
			if !c.skip {
				b.WriteRune(c.r)
			}
		}
		text = append(text, b.String())
	}
	if text[0] != "ab表c=" {
		t.Errorf("row 0 = %q, want the text without any escape sequence", text[0])
	}
	if len(rows[0]) < 5 || !rows[0][3].skip || rows[0][2].r != '表' {
		t.Error("a wide rune takes two cells")
	}
	if !rows[0][0].st.bold || rows[0][2].st.bold {
		t.Error("bold does not stop at the reset")
	}
	if text[1] != "x" || text[2] != "y" || rows[2][0].st.fg != palette16[1] {
		t.Errorf("the colour carries over lines as in a terminal: %q %+v", text, rows[2])
	}
}

func TestRenderSVG(t *testing.T) {
	svg := string(renderSVG([]byte("\x1b[1;94mlicensesync\x1b[0m <a&b>\n\x1b[7m selected \x1b[0m\n┌─┐\n│ │\n└─┘\n")))
	dec := xml.NewDecoder(strings.NewReader(svg))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, svg)
		}
	}
	for _, want := range []string{
		`font-weight="bold"`,           // SGR 1
		`fill="` + palette16[12] + `"`, // SGR 94
		`&lt;a&amp;b&gt;`,              // escaped text
		`<rect x="12" y="30" width="84" height="18" fill="` + defaultFG + `"/>`, // reverse: a light bar
		`fill="` + defaultBG + `"`,            // with dark text
		`<path d="M16.2 57H20.4 M16.2 57V66 `, // ┌ drawn
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("the SVG lacks %q:\n%s", want, svg)
		}
	}
	if strings.Contains(svg, "┌") || strings.Contains(svg, "│") {
		t.Error("box-drawing runes are typed instead of drawn")
	}
	// The picture is as wide as the widest row (17 cells) and as high as its 5 rows.
	if !strings.Contains(svg, `viewBox="0 0 166.8 114"`) {
		t.Errorf("size: %s", svg[:strings.Index(svg, "\n")])
	}
}
