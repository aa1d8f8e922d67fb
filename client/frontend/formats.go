package frontend

import (
	"fmt"
	"time"

	"github.com/licensesync/licensesync/client/seats"
)

// Date is t's calendar day in UTC: 2026-11-26.
func Date(t time.Time) string { return t.UTC().Format("2006-01-02") }

// DateTime is t to the minute in UTC, saying so: 2026-11-26 01:15 UTC.
func DateTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// Thousands writes a number with thousands separators: 12,345 (client.Thousands, so
// the client's own words and both front ends write numbers alike).
func Thousands(n int) string { return seats.Thousands(n) }

// Ago says how far t is from now, coarsely: "5s ago", "3m ago", "2h ago", "4d ago", or
// "in 6d" for a time still ahead.
func Ago(now, t time.Time) string {
	d := now.Sub(t)
	if d < 0 {
		return "in " + Span(-d)
	}
	return Span(d) + " ago"
}

// Span is a duration in its largest whole unit: "45s", "12m", "36h" (hours up to two
// days), "9d". Negative durations are the caller's to word (see Ago).
func Span(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	default:
		return fmt.Sprintf("%dd", int(d.Hours()/24))
	}
}
