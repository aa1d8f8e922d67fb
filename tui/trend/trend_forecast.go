package trend

import (
	"fmt"
	"math"
	"time"
)

// The forecast's rules: a least-squares line through the cloud's consumed seats of the
// last forecastWindow, extended to the purchased seats.
const (
	forecastWindow    = 28 * 24 * time.Hour
	forecastMinPoints = 3
	forecastMinSpan   = 2 * 24 * time.Hour
	forecastHorizon   = 5 * 365 * 24 * time.Hour
)

// trendPoint is one reading of a number.
type trendPoint struct {
	at time.Time
	v  float64
}

// forecast is when consumed reaches purchased at the recent rate, or why it cannot
// be said.
type forecast struct {
	ok       bool
	over     bool    // already at or over purchased
	rising   bool    // the rate is above zero
	perDay   float64 // the fitted rate
	at       time.Time
	n        int // readings the line was fitted to
	from, to time.Time
}

// forecastReach fits v = a + b·t (t in days) by least squares to the points of the
// last forecastWindow before now and solves it for target.
func forecastReach(points []trendPoint, target float64, now time.Time) forecast {
	var f forecast
	var recent []trendPoint
	for _, p := range points {
		if !p.at.Before(now.Add(-forecastWindow)) && !p.at.After(now) {
			recent = append(recent, p)
		}
	}
	f.n = len(recent)
	if f.n == 0 {
		return f
	}
	f.from, f.to = recent[0].at, recent[len(recent)-1].at
	if last := recent[len(recent)-1].v; last >= target {
		f.over = true
		return f
	}
	if f.n < forecastMinPoints || f.to.Sub(f.from) < forecastMinSpan {
		return f
	}
	var sx, sy, sxx, sxy float64
	for _, p := range recent {
		x := p.at.Sub(f.from).Hours() / 24
		sx, sy, sxx, sxy = sx+x, sy+p.v, sxx+x*x, sxy+x*p.v
	}
	n := float64(f.n)
	den := n*sxx - sx*sx
	if den == 0 {
		return f
	}
	f.perDay = (n*sxy - sx*sy) / den
	a := (sy - f.perDay*sx) / n
	f.rising = f.perDay > 1e-9
	if !f.rising {
		return f
	}
	days := (target - a) / f.perDay
	if days-now.Sub(f.from).Hours()/24 > forecastHorizon.Hours()/24 {
		return f // also keeps the duration below overflows
	}
	at := f.from.Add(time.Duration(days * 24 * float64(time.Hour)))
	if at.Before(now) {
		at = now // the line is past the target though the last reading is not
	}
	f.ok, f.at = true, at
	return f
}

// text says the forecast in one line, with its basis: it is an estimate.
func (f forecast) text() string {
	basis := fmt.Sprintf("least squares over %d readings, %s–%s", f.n, f.from.UTC().Format("01-02"), f.to.UTC().Format("01-02"))
	switch {
	case f.over:
		return "consumed is at or over purchased already"
	case f.n < forecastMinPoints || f.to.Sub(f.from) < forecastMinSpan:
		return fmt.Sprintf("too few readings for an estimate (%d in %d days; needs %d over %d days)",
			f.n, int(forecastWindow.Hours()/24), forecastMinPoints, int(forecastMinSpan.Hours()/24))
	case !f.rising:
		return fmt.Sprintf("not rising (%s/day, %s): no date at this rate", signed(f.perDay), basis)
	case !f.ok:
		return fmt.Sprintf("not within %d years at %s/day (%s)", int(forecastHorizon.Hours()/24/365), signed(f.perDay), basis)
	}
	return fmt.Sprintf("reaches purchased ≈ %s (estimate: %s/day, %s)", f.at.UTC().Format("2006-01-02"), signed(f.perDay), basis)
}

func signed(v float64) string {
	if math.Abs(v) < 0.05 {
		return "±0"
	}
	return fmt.Sprintf("%+.1f", v)
}
