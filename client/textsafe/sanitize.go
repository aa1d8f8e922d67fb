package textsafe

import (
	"strings"
	"unicode/utf8"
)

// Sanitize makes a string from an API safe to put on a terminal line or in a CSV cell.
// It removes escape sequences (CSI, OSC ended by BEL or ST, DCS, APC, PM, SOS, and
// two-byte escapes; also when introduced by their C1 forms), a lone ESC, and every
// other rune IsInvisible reports: C0 controls (tab, newline and carriage return
// included: the fields are single-line), DEL, C1 controls, the line and paragraph
// separators U+2028 and U+2029, and the bidi controls. Invalid UTF-8 becomes U+FFFD.
// A string with nothing to strip is returned as is, unallocated.
func Sanitize(s string) string {
	i := firstUnsafe(s)
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			b.WriteByte(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune(utf8.RuneError)
			i++
		case r == 0x1b:
			i = skipEscape(s, i+1)
		case r >= 0x80 && r <= 0x9f:
			i = skipC1(s, r, i+size)
		case IsInvisible(r):
			i += size
		default:
			b.WriteString(s[i : i+size])
			i += size
		}
	}
	return b.String()
}

// firstUnsafe returns the index of the first byte Sanitize must look at closely, or
// len(s) when the string is clean.
func firstUnsafe(s string) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		if c < 0x80 {
			return i
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size <= 1) || IsInvisible(r) {
			return i
		}
		i += size
	}
	return len(s)
}

// IsInvisible reports whether r must not reach a terminal raw: a C0 control (U+0000–
// U+001F, tab and newline included), DEL (U+007F), a C1 control (U+0080–U+009F), a line
// or paragraph separator (U+2028, U+2029: line breaks to some terminals and editors),
// a bidi control, the invisible direction marks, embeddings, overrides and isolates
// that can make text read differently from what it is (U+061C, U+200E, U+200F,
// U+202A–U+202E, U+2066–U+2069), or an invisible format character that can hide or
// join text (zero-width space, non-joiner and joiner U+200B–U+200D, word joiner and
// invisible operators U+2060–U+2064, the byte order mark U+FEFF). Sanitize removes
// these runes; the JSON output escapes them.
func IsInvisible(r rune) bool {
	switch {
	case r < 0x20 || (r >= 0x7f && r <= 0x9f):
		return true
	case r < 0x61c:
		return false
	}
	return r == 0x61c || (r >= 0x200b && r <= 0x200f) || (r >= 0x2028 && r <= 0x202e) ||
		(r >= 0x2060 && r <= 0x2064) || (r >= 0x2066 && r <= 0x2069) || r == 0xfeff
}

// skipEscape returns the index after the escape sequence whose ESC ended just before i.
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i // a lone ESC at the end
	}
	switch s[i] {
	case '[':
		return skipCSI(s, i+1)
	case ']', 'P', 'X', '^', '_':
		return skipString(s, i+1)
	}
	// nF / Fp / Fe / Fs escapes: intermediates 0x20–0x2F, then one final byte.
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipC1 handles a C1 control r that ended just before i: the 8-bit forms of CSI, OSC,
// DCS, SOS, PM and APC swallow their sequence; any other C1 control is dropped alone.
func skipC1(s string, r rune, i int) int {
	switch r {
	case 0x9b:
		return skipCSI(s, i)
	case 0x9d, 0x90, 0x98, 0x9e, 0x9f:
		return skipString(s, i)
	}
	return i
}

// skipCSI skips parameter and intermediate bytes and the final byte of a control
// sequence. A byte that cannot belong to one ends it without being consumed.
func skipCSI(s string, i int) int {
	for i < len(s) {
		c := s[i]
		switch {
		case c >= 0x20 && c <= 0x3f:
			i++
		case c >= 0x40 && c <= 0x7e:
			return i + 1
		default:
			return i
		}
	}
	return i
}

// skipString skips the body of an OSC, DCS, SOS, PM or APC string up to and including
// its terminator: BEL, ESC \ or the C1 ST (U+009C). An unterminated string runs to the end.
func skipString(s string, i int) int {
	for i < len(s) {
		switch {
		case s[i] == 0x07:
			return i + 1
		case s[i] == 0x1b:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i // ESC aborts the string and starts a new sequence
		case strings.HasPrefix(s[i:], "\u009c"):
			return i + len("\u009c")
		}
		i++
	}
	return i
}
