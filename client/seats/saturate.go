package seats

import "math"

// Sum is a + b, held at math.MaxInt or math.MinInt where the true sum lies beyond:
// a count a peer sends (up to 2^63−1) never wraps to its opposite sign. Every sum and
// difference of counts in the breakdown goes through Sum or Diff.
func Sum(a, b int) int {
	switch {
	case b > 0 && a > math.MaxInt-b:
		return math.MaxInt
	case b < 0 && a < math.MinInt-b:
		return math.MinInt
	}
	return a + b
}

// Diff is a − b, held at math.MaxInt or math.MinInt like Sum.
func Diff(a, b int) int {
	switch {
	case b < 0 && a > math.MaxInt+b:
		return math.MaxInt
	case b > 0 && a < math.MinInt+b:
		return math.MinInt
	}
	return a - b
}
