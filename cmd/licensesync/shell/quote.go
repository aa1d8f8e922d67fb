// Package shell owns quoting for the shell lines licensesync prints for the user to run
// or paste. It imports nothing of ours.
package shell

import "strings"

// Quote quotes a path for a POSIX shell line the user runs or pastes: the chmod
// that fixes a key file, sim --print-env's export lines. A path of plain characters is
// left as it is.
func Quote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+~") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
