package textsafe

import (
	"regexp"
	"strings"
)

// minSecretFragment is the shortest piece of a token Redact hides on its own: any run
// of this many characters of a known token is taken for a piece of it.
const MinSecretFragment = 8

// tokenShaped matches what looks like a GitHub token whoever it belongs to: the
// prefixes of personal (ghp_), OAuth (gho_), user-to-server (ghu_), server-to-server
// (ghs_) and refresh (ghr_) tokens, and fine-grained tokens (github_pat_).
var tokenShaped = regexp.MustCompile(`(?:gh[pousr]_|github_pat_)[A-Za-z0-9_]+`)

// redacted replaces every secret, or piece of one, in text.
const Redacted = "[redacted]"

// Redact hides secrets in s: each of the given tokens, every piece of one at least
// minSecretFragment characters long (a token cut by truncation or wrapping), and
// anything shaped like a GitHub token. It runs before anything is truncated, wrapped
// or sanitized, so that no cut can leave a piece of a token behind.
func Redact(s string, secrets ...string) string {
	var mask []bool
	var short []string
	for _, tok := range secrets {
		if len(tok) < MinSecretFragment {
			if tok != "" {
				short = append(short, tok) // after the mask, which indexes s as it is now
			}
			continue
		}
		for i := 0; i+MinSecretFragment <= len(tok); i++ {
			frag := tok[i : i+MinSecretFragment]
			for from := 0; ; {
				j := strings.Index(s[from:], frag)
				if j < 0 {
					break
				}
				if mask == nil {
					mask = make([]bool, len(s))
				}
				for k := from + j; k < from+j+MinSecretFragment; k++ {
					mask[k] = true
				}
				from += j + 1
			}
		}
	}
	if mask != nil {
		var b strings.Builder
		for i := 0; i < len(s); {
			if !mask[i] {
				b.WriteByte(s[i])
				i++
				continue
			}
			b.WriteString(Redacted)
			for i < len(s) && mask[i] {
				i++
			}
		}
		s = b.String()
	}
	for _, tok := range short {
		s = redactWhole(s, tok)
	}
	return tokenShaped.ReplaceAllString(s, Redacted)
}

// redactWhole hides each occurrence of a short secret that stands on its own, not one
// inside a longer word: a token of one or a few characters (a placeholder, a typo) is
// hidden where it appears, and every "e" of a message is not.
func redactWhole(s, tok string) string {
	var b strings.Builder
	for from := 0; ; {
		j := strings.Index(s[from:], tok)
		if j < 0 {
			b.WriteString(s[from:])
			return b.String()
		}
		start, end := from+j, from+j+len(tok)
		whole := (start == 0 || !isTokenByte(s[start-1])) && (end == len(s) || !isTokenByte(s[end]))
		b.WriteString(s[from:start])
		if whole {
			b.WriteString(Redacted)
		} else {
			b.WriteString(tok)
		}
		from = end
	}
}

// isTokenByte reports a byte that can be part of a token's word: letters, digits, _ and -.
func isTokenByte(c byte) bool {
	return c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
