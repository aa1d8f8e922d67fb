// Package usage owns the usage error: bad input on the command line, which the commands
// and serve return alike and main maps to exit code 2. It imports nothing of ours.
package usage

import "fmt"

// Error is bad input on the command line: exit 2.
type Error struct{ msg string }

func (e Error) Error() string { return e.msg }

// Errorf formats a usage error.
func Errorf(format string, a ...any) error { return Error{fmt.Sprintf(format, a...)} }
