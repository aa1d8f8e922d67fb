package output

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/client/transport"
)

// FetchProgress draws one line on a terminal while consumed-licenses pages arrive (a
// 300,000-seat enterprise is 3,000 pages: over three minutes under GitHub's limit):
//
//	page 1,234 of 3,000 · 123,400 users · about 2m10s left
//
// at most ten times a second, and clears it at the end (docs/PERFORMANCE.md).
type FetchProgress struct {
	w     io.Writer
	pace  transport.Pace // resolved: Points 0 means none
	now   func() time.Time
	start time.Time
	drawn time.Time
	width int // of the last line drawn, to clear it
}

func NewFetchProgress(w io.Writer, pace transport.Pace, now func() time.Time) *FetchProgress {
	switch {
	case pace.Points < 0:
		pace = transport.Pace{}
	case pace.Points == 0:
		pace.Points = transport.DefaultCloudPace.Points
	}
	if pace.Window <= 0 {
		pace.Window = transport.DefaultCloudPace.Window
	}
	return &FetchProgress{w: w, pace: pace, now: now, start: now()}
}

// Page is the callback of ConsumedLicenses.
func (p *FetchProgress) Page(pr client.PageProgress) {
	if !pr.WaitingUntil.IsZero() {
		return // the wait draws its own countdown (Config.OnWait)
	}
	now := p.now()
	if pr.Page != pr.LastPage && now.Sub(p.drawn) < 100*time.Millisecond {
		return
	}
	p.drawn = now
	line := "page " + frontend.Thousands(pr.Page)
	if pr.LastPage > 0 {
		line += " of " + frontend.Thousands(pr.LastPage)
	}
	line += " · " + frontend.Thousands(pr.UsersSoFar) + " users"
	if left := p.eta(now, pr.Page, pr.LastPage); left > 0 {
		line += " · about " + frontend.Span(left) + " left"
	}
	fmt.Fprintf(p.w, "\r%-*s", p.width, line)
	p.width = len([]rune(line))
}

// Done clears the line.
func (p *FetchProgress) Done() {
	if p.width > 0 {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", p.width))
	}
}

// eta is how long the last page is still away: the pages' rate so far, and no sooner
// than the pace allows (one request a page, Points a Window, the first window opened
// by the first request).
func (p *FetchProgress) eta(now time.Time, done, last int) time.Duration {
	if last <= 0 || done <= 0 || done >= last {
		return 0
	}
	elapsed := now.Sub(p.start)
	left := time.Duration(float64(elapsed) / float64(done) * float64(last-done))
	if p.pace.Points > 0 {
		byPace := p.start.Add(time.Duration((last-1)/p.pace.Points) * p.pace.Window).Sub(now)
		left = max(left, byPace)
	}
	return left
}
