package seats

import "strconv"

// Thousands writes a number with thousands separators: 12,345. It lives in the client,
// the lowest layer that words numbers (the breakdown's meanings), so that the client,
// the commands and the console write every count alike; client/frontend passes it on.
func Thousands(n int) string {
	if n < 0 {
		return "-" + Thousands(-n)
	}
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
