package main

import "strings"

// shellQuote quotes a path for a POSIX shell line the user runs or pastes: the chmod
// that fixes a key file, sim --print-env's export lines. A path of plain characters is
// left as it is.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+~") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
