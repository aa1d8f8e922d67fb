package textsafe

import "testing"

func TestCSVCellNeutralisesFormulasAfterSanitising(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1":                       "'=1+1",
		"+cmd|' /C calc'!A0":         "'+cmd|' /C calc'!A0",
		"-2+3":                       "'-2+3",
		"@SUM(A1:A9)":                "'@SUM(A1:A9)",
		"\t=HYPERLINK(\"x\")":        "'=HYPERLINK(\"x\")", // the tab is stripped, then the formula neutralised
		"\r=1":                       "'=1",
		"\x1b[31m=1":                 "'=1", // an escape sequence before the formula
		"\x1b=1":                     "1",   // ESC = is a two-byte escape: dropped whole
		"\u200b=1":                   "'=1", // zero-width space before the formula
		"\ufeff@x":                   "'@x",
		"\u2060+x":                   "'+x",
		"monalisa":                   "monalisa",
		"a=b":                        "a=b",
		"mona\u200dlisa\u2062\u202e": "monalisa",
		"":                           "",
	} {
		if got := CSVCell(in); got != want {
			t.Errorf("CSVCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestInvisibleFormatCharactersAreStripped(t *testing.T) {
	for _, r := range []rune{0x200b, 0x200c, 0x200d, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xfeff, 0x202e, 0x2066, 0x061c} {
		if got := Sanitize("a" + string(r) + "b"); got != "ab" {
			t.Errorf("U+%04X: Sanitize = %q", r, got)
		}
	}
}
