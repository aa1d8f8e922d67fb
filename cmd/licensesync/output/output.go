package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/licensesync/licensesync/client/textsafe"
)

// WriteJSON writes v as indented JSON: the scriptable form of every command. The data is
// kept faithfully, but nothing in it can act on a terminal the JSON is shown on: Go's
// encoder escapes C0 controls (ESC included) as \u001b; C1 controls and the bidi
// controls, which it writes raw, are escaped here as \u009b, \u202e and so on.
func WriteJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(EscapeInvisible(buf.Bytes()))
	return err
}

// EscapeInvisible rewrites DEL, C1 controls and bidi controls in encoded JSON as \uXXXX
// escapes. They can only occur inside JSON strings, where the escape means the same.
func EscapeInvisible(js []byte) []byte {
	if !bytes.ContainsFunc(js, needsJSONEscape) {
		return js
	}
	out := make([]byte, 0, len(js)+32)
	for len(js) > 0 {
		r, size := utf8.DecodeRune(js)
		if needsJSONEscape(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, js[:size]...)
		}
		js = js[size:]
	}
	return out
}

// needsJSONEscape is textsafe.IsInvisible less the C0 controls: the encoder already escapes
// those inside strings, and outside them the newlines and spaces are the indentation.
func needsJSONEscape(r rune) bool {
	return r >= 0x20 && textsafe.IsInvisible(r)
}

// PrintGaps says on stderr what could not be read, one sanitized line each, each note
// once however many times the reading met it, with anything shaped like a token hidden
// (the client's errors hide its own already).
func PrintGaps(w io.Writer, gaps []string) {
	said := make(map[string]bool, len(gaps))
	for _, g := range gaps {
		line := "licensesync: note: " + textsafe.Redact(textsafe.Sanitize(g))
		if !said[line] {
			said[line] = true
			fmt.Fprintln(w, line)
		}
	}
}

// OrDash renders an empty value as a dash, sanitized.
func OrDash(s string) string {
	if s == "" {
		return "-"
	}
	return textsafe.Sanitize(s)
}

// ErrorSuffix renders an error the server reported as " (error)", sanitized; no error,
// nothing.
func ErrorSuffix(e string) string {
	if strings.TrimSpace(e) == "" {
		return ""
	}
	return " (" + textsafe.Sanitize(e) + ")"
}
