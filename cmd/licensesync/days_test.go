package main

import (
	"strings"
	"testing"
	"time"
)

func TestParseDaysTakesDaysAndHours(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]time.Duration{"8d": 8 * 24 * time.Hour, "36h": 36 * time.Hour, "2d12h": 60 * time.Hour, "0d": 0} {
		if got, err := parseDays(in); err != nil || got != want {
			t.Errorf("parseDays(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "x", "-1d", "d", "8days", "-5h"} {
		if _, err := parseDays(in); err == nil {
			t.Errorf("parseDays(%q) accepted", in)
		}
	}
}

// A day count that is a number but too large says so, rather than "is not a duration"
// (which sent the admin looking for a typo in "100000d").
func TestParseDaysSaysTooManyDays(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"100000d", "99999999999d"} {
		if _, err := parseDays(in); err == nil || !strings.Contains(err.Error(), "more than 36500 days") {
			t.Errorf("parseDays(%q) = %v; want it named too many days", in, err)
		}
	}
}
