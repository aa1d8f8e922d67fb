package main

import (
	"errors"
	"regexp"
	"strings"
)

// cobraExclusive is cobra's message for flags of a mutually exclusive group given
// together: "if any flags in the group [json csv] are set none of the others can be;
// [csv json] were all set".
var cobraExclusive = regexp.MustCompile(`^if any flags in the group \[[^\]]*\] are set none of the others can be; \[([^\]]*)\] were all set$`)

// plainFlagGroupError words cobra's clash of exclusive flags as the rest of the
// errors are worded: which flags, and what to do ("--csv and --json go separately:
// pick one"). Any other error is returned as it is.
func plainFlagGroupError(err error) error {
	m := cobraExclusive.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	flags := strings.Fields(m[1])
	for i, f := range flags {
		flags[i] = "--" + f
	}
	return errors.New(strings.Join(flags, " and ") + " go separately: pick one")
}
