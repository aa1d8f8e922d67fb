package trend

import (
	"math"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"github.com/licensesync/licensesync/history"
)

// eighths are the partial blocks a chart cell is drawn with, from empty to full.
var eighths = []rune(" ▁▂▃▄▅▆▇█")

// bucketize samples points into cols columns from from to to: each column holds the
// last reading in its span, carried forward over empty columns once there has been
// one; NaN before the first.
func bucketize(points []history.Point, from, to time.Time, cols int) []float64 {
	out := make([]float64, cols)
	span := to.Sub(from)
	i := 0
	last := math.NaN()
	for c := range cols {
		end := from.Add(span * time.Duration(c+1) / time.Duration(cols))
		for i < len(points) && !points[i].At.After(end) {
			if !points[i].At.Before(from) {
				last = points[i].V
			} else if math.IsNaN(last) {
				last = points[i].V // a reading before the span: the value it started with
			}
			i++
		}
		out[c] = last
	}
	return out
}

// extendBack carries the first known value back over the columns before it: the
// purchased seats are a line across the whole chart as soon as one reading says them,
// not a single cell under the latest consumed column.
func extendBack(values []float64) []float64 {
	for i, v := range values {
		if !math.IsNaN(v) {
			for j := range i {
				values[j] = v
			}
			break
		}
	}
	return values
}

// chartRows draws values as columns of blocks, rows high, on the scale lo..hi, with
// limit (NaN: none) as a line across: cells over the limit are drawn as bad, the line
// as a warning. The first row is the top.
func (t *Pane) chartRows(values, limit []float64, lo, hi float64, rows int) []string {
	st := t.sh.Styles
	step := (hi - lo) / float64(rows)
	if step <= 0 {
		step = 1
	}
	out := make([]string, rows)
	for r := range rows {
		cellLo := lo + float64(rows-1-r)*step
		var b strings.Builder
		var run []rune
		runStyle := -1
		flush := func() {
			if len(run) > 0 {
				// Colour only: without it (NO_COLOR) warning and bad styles put a
				// symbol before the text, which would push the columns out of line.
				b.WriteString([]lipgloss.Style{st.Accent, st.Warning.UnsetTransform(), st.Bad.UnsetTransform()}[runStyle].Render(string(run)))
			}
			run = run[:0]
		}
		for c, v := range values {
			ch, style := ' ', 0
			if !math.IsNaN(v) {
				fill := (v - cellLo) / step
				switch {
				case fill >= 1:
					ch = '█'
				case fill > 0:
					ch = eighths[max(1, int(fill*8))]
				}
			}
			if l := limit[c]; !math.IsNaN(l) {
				if ch != ' ' && cellLo >= l {
					style = 2
				}
				if ch != '█' && l >= cellLo && (l < cellLo+step || r == 0 && l <= cellLo+step) {
					ch, style = '─', 1
				}
			}
			if style != runStyle {
				flush()
				runStyle = style
			}
			run = append(run, ch)
		}
		flush()
		out[r] = b.String()
	}
	return out
}

// sparkline draws values on one line, scaled to their own range.
func sparkline(values []float64) string {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range values {
		if !math.IsNaN(v) {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	var b strings.Builder
	for _, v := range values {
		switch {
		case math.IsNaN(v):
			b.WriteRune(' ')
		case hi == lo:
			b.WriteRune(eighths[4])
		default:
			b.WriteRune(eighths[1+int((v-lo)/(hi-lo)*7)])
		}
	}
	return b.String()
}

// bounds is the lowest and highest known value of the series, NaN when none.
func bounds(series ...[]float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, s := range series {
		for _, v := range s {
			if !math.IsNaN(v) {
				lo, hi = min(lo, v), max(hi, v)
			}
		}
	}
	if math.IsInf(lo, 1) {
		return math.NaN(), math.NaN()
	}
	return lo, hi
}
