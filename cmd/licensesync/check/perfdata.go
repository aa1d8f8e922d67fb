package check

import (
	"math"
	"strconv"
	"strings"

	"github.com/licensesync/licensesync/client/textsafe"
)

// PerfDatum is one Nagios performance value: 'label'=value[UOM];[warn];[crit];[min];[max]
// (the Nagios plugin development guidelines, "Performance data").
type PerfDatum struct {
	Label string   `json:"label"`
	Value float64  `json:"value"`
	UOM   string   `json:"uom,omitempty"`
	Warn  *float64 `json:"warn,omitempty"`
	Crit  *float64 `json:"crit,omitempty"`
	Min   *float64 `json:"min,omitempty"`
	Max   *float64 `json:"max,omitempty"`
}

// perfUnits are the units of measure the guidelines define; a value has one of them
// or none.
var perfUnits = map[string]bool{"": true, "s": true, "ms": true, "us": true, "%": true, "B": true, "KB": true, "MB": true, "GB": true, "TB": true, "c": true}

// Perfdata renders the values in Nagios' format: numbers as plain decimals (a sync 12
// days old is last_sync_age=1036800s, never 1.0368e+06), a value that is not a number
// as U, labels quoted when they must be, trailing empty fields left out.
func Perfdata(ps []PerfDatum) string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		uom := p.UOM
		if !perfUnits[uom] {
			uom = ""
		}
		value := perfNumber(&p.Value)
		if value == "" {
			value, uom = "U", ""
		}
		s := perfLabel(p.Label) + "=" + value + uom + ";" + perfNumber(p.Warn) + ";" + perfNumber(p.Crit) + ";" + perfNumber(p.Min) + ";" + perfNumber(p.Max)
		out = append(out, strings.TrimRight(s, ";"))
	}
	return strings.Join(out, " ")
}

// perfNumber is f as a plain decimal, "" for none (nil, NaN or infinite): a whole
// number with all its digits (2^63 as 9223372036854775808, not rounded to
// 9223372036854776000), a fraction in the fewest digits that read back as f.
func perfNumber(f *float64) string {
	switch {
	case f == nil || math.IsNaN(*f) || math.IsInf(*f, 0):
		return ""
	case *f == math.Trunc(*f):
		return strconv.FormatFloat(*f, 'f', 0, 64)
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

// perfLabel makes a label safe for the format: no control or invisible character
// (textsafe.Sanitize), an empty one named "value", and one holding a space, = or a
// quote in single quotes, its quotes doubled, as the guidelines ask.
func perfLabel(label string) string {
	label = textsafe.Sanitize(label)
	if label == "" {
		label = "value"
	}
	if strings.ContainsAny(label, " ='") {
		return "'" + strings.ReplaceAll(label, "'", "''") + "'"
	}
	return label
}
