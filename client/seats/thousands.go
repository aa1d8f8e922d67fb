package seats

import "strconv"

// Thousands writes a number with thousands separators: 12,345. It lives in the client,
// the lowest layer that words numbers (the breakdown's meanings), so that the client,
// the commands and the console write every count alike; client/frontend passes it on.
// It works on the digits, never on the value: every int, math.MinInt included, is
// written in one pass.
func Thousands(n int) string {
	digits := strconv.Itoa(n)
	sign := ""
	if n < 0 {
		sign, digits = "-", digits[1:]
	}
	out := make([]byte, 0, len(sign)+len(digits)+len(digits)/3)
	out = append(out, sign...)
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, digits[i])
	}
	return string(out)
}
