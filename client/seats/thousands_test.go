package seats

import (
	"math"
	"testing"
)

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{
		0: "0", 7: "7", 999: "999", 1000: "1,000", 12345: "12,345",
		1234567: "1,234,567", -1000: "-1,000", -999: "-999", -1: "-1",
		math.MaxInt: "9,223,372,036,854,775,807",
		math.MinInt: "-9,223,372,036,854,775,808", // once a recursion without end
	} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
