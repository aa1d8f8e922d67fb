package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// dayDuration is a duration flag that also takes whole days ("8d", "90d"), which
// time.ParseDuration does not; "36h" and "90m" work as usual.
type dayDuration struct{ d *time.Duration }

func newDayDuration(d *time.Duration, def time.Duration) dayDuration {
	*d = def
	return dayDuration{d}
}

func (v dayDuration) String() string {
	if v.d == nil {
		return ""
	}
	return formatDays(*v.d)
}

func (v dayDuration) Set(s string) error {
	d, err := parseDays(s)
	if err != nil {
		return err
	}
	*v.d = d
	return nil
}

func (v dayDuration) Type() string { return "duration" }

// maxDays bounds a day count, so that days never overflow a time.Duration.
const maxDays = 36500

// parseDays reads "8d", "2d12h", "36h"; never negative.
func parseDays(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("%q is not a duration: write days or hours, e.g. 8d, 90d or 36h", s)
	var days time.Duration
	if i := strings.IndexByte(s, 'd'); i >= 0 {
		n, err := strconv.Atoi(s[:i])
		if err == nil && n > maxDays {
			return 0, fmt.Errorf("%q is more than %d days (a hundred years): give fewer days", s, maxDays)
		}
		if err != nil || n < 0 {
			return 0, bad
		}
		days, s = time.Duration(n)*24*time.Hour, s[i+1:]
		if s == "" {
			return days, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, bad
	}
	return days + d, nil
}

// formatDays writes whole days as "8d", anything else as Go does.
func formatDays(d time.Duration) string {
	if d > 0 && d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	}
	return d.String()
}
