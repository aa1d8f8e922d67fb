package textsafe

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSanitize(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "Mona Lisa", "Mona Lisa"},
		{"unicode kept", "Zoë 日本 🙂", "Zoë 日本 🙂"},
		{"CSI colour", "\x1b[31mred\x1b[0m", "red"},
		{"CSI cursor", "a\x1b[2J\x1b[1;1Hb", "ab"},
		{"OSC 52 clipboard BEL", "x\x1b]52;c;ZWNobyBoaQ==\x07y", "xy"},
		{"OSC title ST", "x\x1b]0;pwned\x1b\\y", "xy"},
		{"OSC 8 link", "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"OSC unterminated", "x\x1b]52;c;AAAA", "x"},
		{"DCS", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
		{"APC PM SOS", "a\x1b_apc\x1b\\b\x1b^pm\x1b\\c\x1bXsos\x1b\\d", "abcd"},
		{"C1 CSI", "a\u009b31mb", "ab"},
		{"C1 OSC ended by C1 ST", "a\u009d0;t\u009cb", "ab"},
		{"other C1", "a\u0085b\u0080c", "abc"},
		{"lone ESC", "abc\x1b", "abc"},
		{"two-byte escapes", "a\x1bcb\x1b(Bc\x1b7d", "abcd"},
		{"C0 and DEL", "a\x00b\x07c\x08d\x7fe", "abcde"},
		{"tab newline CR", "a\tb\nc\rd", "abcd"},
		{"bidi overrides", "user\u202egnp.exe\u202c \u2066x\u2069\u200e\u200f", "usergnp.exe x"},
		{"arabic letter mark", "a\u061cb", "ab"},
		{"line and paragraph separators", "one\u2028two\u2029three", "onetwothree"},
		{"neighbours of the invisible kept", "\u061b\u061d\u2027\u202f\u2065\u206a\u00a0", "\u061b\u061d\u2027\u202f\u2065\u206a\u00a0"},
		{"invalid UTF-8", "a\xffb\xc3", "a\uFFFDb\uFFFD"},
		{"ESC aborts OSC and starts CSI", "a\x1b]0;t\x1b[31mb", "ab"},
	} {
		if got := Sanitize(tc.in); got != tc.want {
			t.Errorf("%s: Sanitize(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

func TestIsInvisible(t *testing.T) {
	invisible := []rune{0, '\t', '\n', '\r', 0x1b, 0x1f, 0x7f, 0x80, 0x85, 0x9b, 0x9f,
		0x61c, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202e, 0x2060, 0x2064, 0x2066, 0x2069, 0xfeff}
	visible := []rune{' ', 'a', '~', 0xa0, 0xe9, 0x61b, 0x61d, 0x200a, 0x2010, 0x2027, 0x202f, 0x205f, 0x2065, 0x206a, 0xfefe, 0xff00, 0xfffd, 0x1f642}
	for _, r := range invisible {
		if !IsInvisible(r) {
			t.Errorf("IsInvisible(%U) = false, want true", r)
		}
	}
	for _, r := range visible {
		if IsInvisible(r) {
			t.Errorf("IsInvisible(%U) = true, want false", r)
		}
	}
}

func TestSanitizeCleanStringNotCopied(t *testing.T) {
	s := strings.Repeat("monalisa@github.com ", 10)
	if n := testing.AllocsPerRun(100, func() { _ = Sanitize(s) }); n != 0 {
		t.Errorf("Sanitize allocated %v times on a clean string", n)
	}
}

func BenchmarkSanitize(b *testing.B) {
	clean := strings.Repeat("Mona Lisa <monalisa@github.com> ", 8)
	dirty := strings.Repeat("Mona \x1b[31mLisa\x1b[0m \u202e<x>", 8)
	b.Run("clean", func(b *testing.B) {
		for b.Loop() {
			Sanitize(clean)
		}
	})
	b.Run("dirty", func(b *testing.B) {
		for b.Loop() {
			Sanitize(dirty)
		}
	})
}

// checkSanitized fails when out could still move the cursor or reorder text.
func checkSanitized(t *testing.T, in, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("Sanitize(%q) = %q: invalid UTF-8", in, out)
	}
	for _, r := range out {
		if IsInvisible(r) {
			t.Fatalf("Sanitize(%q) = %q: still holds %U", in, out, r)
		}
	}
	if again := Sanitize(out); again != out {
		t.Fatalf("Sanitize is not idempotent on %q: %q then %q", in, out, again)
	}
}
