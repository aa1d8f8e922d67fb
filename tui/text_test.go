package tui

import (
	"strings"
	"testing"
	"time"
)

// Ago and Span are the wording the commands share with the console.
func TestAgoAndSpan(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration // how long before now
		want string
	}{
		{0, "0s ago"},
		{5 * time.Second, "5s ago"},
		{59 * time.Second, "59s ago"},
		{3*time.Minute + 59*time.Second, "3m ago"},
		{2 * time.Hour, "2h ago"},
		{47 * time.Hour, "47h ago"},
		{4 * 24 * time.Hour, "4d ago"},
		{-6 * 24 * time.Hour, "in 6d"},
		{-90 * time.Second, "in 1m"},
	} {
		if got := Ago(testNow, testNow.Add(-c.d)); got != c.want {
			t.Errorf("Ago(now, now-%v) = %q, want %q", c.d, got, c.want)
		}
	}
	if got := Span(36 * time.Hour); got != "36h" {
		t.Errorf("Span(36h) = %q", got)
	}
}

func TestHangKeepsFlagsWhole(t *testing.T) {
	sh := &shared{renderer: asciiRenderer()}
	for w := 40; w <= 80; w++ {
		got := sh.hang(`globex: The appliance has no enterprise "globex"; check --enterprise.`, 12, w, sh.renderer.NewStyle())
		if !strings.Contains(got, "--enterprise.") || strings.Contains(got, "\u2011") {
			t.Fatalf("width %d: the flag was torn or the stand-in left behind:\n%s", w, got)
		}
	}
}
