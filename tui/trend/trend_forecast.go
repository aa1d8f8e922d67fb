package trend

import (
	"fmt"
	"math"

	"github.com/licensesync/licensesync/history"
)

// forecastText says the forecast (history.Reach) in one line, with its basis: it is an
// estimate.
func forecastText(f history.Forecast) string {
	basis := fmt.Sprintf("least squares over %d readings, %s–%s", f.N, f.From.UTC().Format("01-02"), f.To.UTC().Format("01-02"))
	switch {
	case f.Over:
		return "consumed is at or over purchased already"
	case f.TooFew():
		return fmt.Sprintf("too few readings for an estimate (%d in %d days; needs %d over %d days)",
			f.N, int(history.ForecastWindow.Hours()/24), history.ForecastMinPoints, int(history.ForecastMinSpan.Hours()/24))
	case !f.Rising:
		return fmt.Sprintf("not rising (%s/day, %s): no date at this rate", signed(f.PerDay), basis)
	case !f.OK:
		return fmt.Sprintf("not within %d years at %s/day (%s)", int(history.ForecastHorizon.Hours()/24/365), signed(f.PerDay), basis)
	}
	return fmt.Sprintf("reaches purchased ≈ %s (estimate: %s/day, %s)", f.At.UTC().Format("2006-01-02"), signed(f.PerDay), basis)
}

func signed(v float64) string {
	if math.Abs(v) < 0.05 {
		return "±0"
	}
	return fmt.Sprintf("%+.1f", v)
}
