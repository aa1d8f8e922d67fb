package transport

import (
	"context"
	"testing"
	"time"
)

func TestPaceResolve(t *testing.T) {
	for _, tc := range []struct {
		in, def, want Pace
	}{
		{Pace{}, DefaultCloudPace, Pace{900, time.Minute}},
		{Pace{}, Pace{}, Pace{0, time.Minute}},
		{Pace{Points: -1}, DefaultCloudPace, Pace{}},
		{Pace{Points: 90, Window: 6 * time.Second}, DefaultCloudPace, Pace{90, 6 * time.Second}},
		{Pace{Window: 6 * time.Second}, DefaultCloudPace, Pace{900, 6 * time.Second}},
	} {
		if got := tc.in.Resolve(tc.def); got != tc.want {
			t.Errorf("%+v.resolve(%+v) = %+v, want %+v", tc.in, tc.def, got, tc.want)
		}
	}
}

// TestPacerSlidingLog checks the schedule on a fake clock: P points leave at once,
// the next only a window (and the margin) after the first.
func TestPacerSlidingLog(t *testing.T) {
	p := NewPacer(Pace{Points: 3, Window: time.Second})
	now := time.Unix(1000, 0)
	p.now = func() time.Time { return now }
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // wait returns ctx.Err() instead of sleeping
	for i := range 3 {
		if err := p.wait(ctx, "GET x", 1); err != nil {
			t.Fatalf("point %d waited: %v", i, err)
		}
		p.done("GET x", false, 0)
		now = now.Add(10 * time.Millisecond)
	}
	if err := p.wait(ctx, "GET x", 1); err == nil {
		t.Fatal("a 4th point within the window was spent")
	}
	if err := p.wait(ctx, "GET y", 1); err != nil {
		t.Fatal("another endpoint has its own budget")
	}
	p.done("GET y", false, 0)
	now = time.Unix(1000, 0).Add(time.Second + p.margin)
	if err := p.wait(ctx, "GET x", 1); err != nil {
		t.Fatalf("after the window: %v", err)
	}
	p.done("GET x", true, 5*time.Second)
	now = now.Add(2 * time.Second)
	if err := p.wait(ctx, "GET x", 1); err == nil {
		t.Fatal("spent during a hold after a limit response")
	}
	now = now.Add(3 * time.Second)
	if err := p.wait(ctx, "GET x", 1); err != nil {
		t.Fatalf("after the hold: %v", err)
	}
	if p.LimitHits.Load() != 1 {
		t.Fatalf("limit hits %d", p.LimitHits.Load())
	}
	// After the refusal one request at a time, until a success raises the cap.
	if err := p.wait(ctx, "GET x", 1); err == nil {
		t.Fatal("two in flight right after a limit response")
	}
	p.done("GET x", false, 0)
	if err := p.wait(ctx, "GET x", 1); err != nil {
		t.Fatalf("after a success: %v", err)
	}
	p.done("GET x", false, 0)
}
