package output

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/transport"
)

// The progress line says the page, the users and how long is left: no sooner than the
// pace allows (3,000 pages at 900 a minute: the last window opens 3 minutes after the
// first), and it is cleared at the end.
func TestFetchProgressSaysHowLongIsLeft(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 11, 26, 1, 0, 0, 0, time.UTC)
	now := start
	var out bytes.Buffer
	p := NewFetchProgress(&out, transport.Pace{}, func() time.Time { return now })
	now = start.Add(10 * time.Second) // the first 900 pages arrive at once
	p.Page(client.PageProgress{Page: 900, LastPage: 3000, UsersSoFar: 90_000})
	if got := out.String(); !strings.Contains(got, "page 900 of 3,000 · 90,000 users · about 2m left") {
		t.Fatalf("progress %q", got)
	}
	now = now.Add(10 * time.Millisecond)
	p.Page(client.PageProgress{Page: 901, LastPage: 3000, UsersSoFar: 90_100})
	if strings.Contains(out.String(), "901") {
		t.Fatal("drawn more than ten times a second")
	}
	now = start.Add(170 * time.Second) // unpaced, the pages' own rate decides
	q := NewFetchProgress(&bytes.Buffer{}, transport.Pace{Points: -1}, func() time.Time { return start })
	if left := q.eta(now, 1000, 3000); left != 340*time.Second {
		t.Fatalf("unpaced eta %v", left)
	}
	p.Done()
	if !strings.HasSuffix(out.String(), "\r") || strings.Count(out.String(), "\r") != 3 {
		t.Fatalf("the line was not cleared: %q", out.String())
	}
}
