package history

import (
	"slices"
	"time"
)

// The forecast's rules: a least-squares line through the cloud's consumed seats of the
// last ForecastWindow, extended to the purchased seats. The console's trend pane and
// the exporter's run-out series both say this one estimate.
const (
	ForecastWindow    = 28 * 24 * time.Hour
	ForecastMinPoints = 3
	ForecastMinSpan   = 2 * 24 * time.Hour
	ForecastHorizon   = 5 * 365 * 24 * time.Hour
)

// Point is one reading of a number.
type Point struct {
	At time.Time
	V  float64
}

// Points is one number of server's samples (empty server: every sample), oldest first:
// a folded sample counts at both ends of its span; a sample without the number is left out.
func Points(samples []Sample, server string, value func(Sample) *int) []Point {
	var out []Point
	for _, smp := range samples {
		v := value(smp)
		if v == nil || server != "" && smp.Server != server {
			continue
		}
		out = append(out, Point{smp.At, float64(*v)})
		if smp.Until.After(smp.At) {
			out = append(out, Point{smp.Until, float64(*v)})
		}
	}
	slices.SortStableFunc(out, func(a, b Point) int { return a.At.Compare(b.At) })
	return out
}

// Forecast is when consumed reaches purchased at the recent rate, or why it cannot be
// said.
type Forecast struct {
	OK       bool      // At is the estimate
	Over     bool      // already at or over purchased
	Rising   bool      // the rate is above zero
	PerDay   float64   // the fitted rate
	At       time.Time // when the line reaches the target (now when it is past it)
	N        int       // readings the line was fitted to
	From, To time.Time // the first and last of them
}

// TooFew reports whether there were too few readings, or too short a span, to fit a line.
func (f Forecast) TooFew() bool {
	return f.N < ForecastMinPoints || f.To.Sub(f.From) < ForecastMinSpan
}

// Reach fits v = a + b·t (t in days) by least squares to the points of the last
// ForecastWindow before now and solves it for target.
func Reach(points []Point, target float64, now time.Time) Forecast {
	var f Forecast
	var recent []Point
	for _, p := range points {
		if !p.At.Before(now.Add(-ForecastWindow)) && !p.At.After(now) {
			recent = append(recent, p)
		}
	}
	f.N = len(recent)
	if f.N == 0 {
		return f
	}
	f.From, f.To = recent[0].At, recent[len(recent)-1].At
	if last := recent[len(recent)-1].V; last >= target {
		f.Over = true
		return f
	}
	if f.TooFew() {
		return f
	}
	var sx, sy, sxx, sxy float64
	for _, p := range recent {
		x := p.At.Sub(f.From).Hours() / 24
		sx, sy, sxx, sxy = sx+x, sy+p.V, sxx+x*x, sxy+x*p.V
	}
	n := float64(f.N)
	den := n*sxx - sx*sx
	if den == 0 {
		return f
	}
	f.PerDay = (n*sxy - sx*sy) / den
	a := (sy - f.PerDay*sx) / n
	f.Rising = f.PerDay > 1e-9
	if !f.Rising {
		return f
	}
	days := (target - a) / f.PerDay
	if days-now.Sub(f.From).Hours()/24 > ForecastHorizon.Hours()/24 {
		return f // also keeps the duration below overflows
	}
	at := f.From.Add(time.Duration(days * 24 * float64(time.Hour)))
	if at.Before(now) {
		at = now // the line is past the target though the last reading is not
	}
	f.OK, f.At = true, at
	return f
}
