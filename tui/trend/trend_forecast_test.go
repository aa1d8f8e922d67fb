package trend

import (
	"strings"
	"testing"
	"time"

	"github.com/licensesync/licensesync/history"
)

var trendNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// dailySeries is one reading a day for days days up to now, v(day) for day 0 (oldest) on.
func dailySeries(days int, v func(day int) float64) []history.Point {
	var out []history.Point
	for d := range days {
		out = append(out, history.Point{At: trendNow.AddDate(0, 0, d-days+1), V: v(d)})
	}
	return out
}

func TestForecastOnSyntheticSeries(t *testing.T) {
	t.Parallel()
	t.Run("rising reaches purchased where the line says", func(t *testing.T) {
		// 1000 + 5/day: today (day 20) is 1100; 1200 is 20 days on.
		f := history.Reach(dailySeries(21, func(d int) float64 { return 1000 + 5*float64(d) }), 1200, trendNow)
		if !f.OK || f.At.Format(time.DateOnly) != "2026-03-21" || f.N != 21 || !strings.Contains(forecastText(f), "≈ 2026-03-21 (estimate: +5.0/day, least squares over 21 readings") {
			t.Fatalf("%+v %q", f, forecastText(f))
		}
	})
	t.Run("noisy rising fits the trend", func(t *testing.T) {
		f := history.Reach(dailySeries(28, func(d int) float64 { return 1000 + 10*float64(d) + float64(d%3-1)*4 }), 1500, trendNow)
		if !f.OK || f.PerDay < 9.5 || f.PerDay > 10.5 {
			t.Fatalf("%+v", f)
		}
	})
	t.Run("flat has no date", func(t *testing.T) {
		f := history.Reach(dailySeries(28, func(int) float64 { return 1000 }), 1200, trendNow)
		if f.OK || f.Rising || !strings.Contains(forecastText(f), "not rising (±0/day") {
			t.Fatalf("%+v %q", f, forecastText(f))
		}
	})
	t.Run("falling has no date", func(t *testing.T) {
		f := history.Reach(dailySeries(28, func(d int) float64 { return 1100 - 2*float64(d) }), 1200, trendNow)
		if f.OK || !strings.Contains(forecastText(f), "not rising (-2.0/day") {
			t.Fatalf("%+v %q", f, forecastText(f))
		}
	})
	t.Run("too few points", func(t *testing.T) {
		for _, pts := range [][]history.Point{nil, dailySeries(2, func(d int) float64 { return float64(d) }),
			{{At: trendNow.Add(-time.Hour), V: 1}, {At: trendNow.Add(-30 * time.Minute), V: 2}, {At: trendNow, V: 3}}} {
			f := history.Reach(pts, 1200, trendNow)
			if f.OK || !strings.Contains(forecastText(f), "too few readings") {
				t.Fatalf("%d points: %+v %q", len(pts), f, forecastText(f))
			}
		}
	})
	t.Run("readings older than the window are left out", func(t *testing.T) {
		old := dailySeries(60, func(d int) float64 { return 1000 - 10*float64(d) })[:30] // falling, long ago
		recent := dailySeries(20, func(d int) float64 { return 700 + 5*float64(d) })
		f := history.Reach(append(old, recent...), 1000, trendNow)
		if !f.OK || f.N != 20 || f.PerDay != 5 {
			t.Fatalf("%+v", f)
		}
	})
	t.Run("already over", func(t *testing.T) {
		f := history.Reach(dailySeries(5, func(int) float64 { return 1300 }), 1200, trendNow)
		if f.OK || !f.Over || !strings.Contains(forecastText(f), "over purchased already") {
			t.Fatalf("%+v", f)
		}
	})
	t.Run("too slow to say", func(t *testing.T) {
		f := history.Reach(dailySeries(28, func(d int) float64 { return 1000 + 0.05*float64(d) }), 100000, trendNow)
		if f.OK || !strings.Contains(forecastText(f), "not within 5 years") {
			t.Fatalf("%+v %q", f, forecastText(f))
		}
	})
}
