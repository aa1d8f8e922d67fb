package client

import "strings"

// CSVCell makes an API string safe for a CSV file a spreadsheet opens: sanitised
// (Sanitize), and a leading =, +, - or @, which a spreadsheet would run as a formula,
// preceded by an apostrophe.
func CSVCell(s string) string {
	s = Sanitize(s)
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}
