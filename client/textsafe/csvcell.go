package textsafe

import "strings"

// formulaStarts are the first characters that make a spreadsheet read a cell as a
// formula (OWASP, "CSV Injection").
const formulaStarts = "=+-@\t\r"

// CSVCell makes a string from an API safe for a CSV cell that a spreadsheet opens: it
// is sanitized first (Sanitize), and only then, when it begins like a formula, given a
// leading apostrophe, so that stripping a control character can never uncover a
// formula ("\t=cmd" and "\x1b[0m=cmd" both become "'=cmd").
func CSVCell(s string) string {
	s = Sanitize(s)
	if s != "" && strings.IndexByte(formulaStarts, s[0]) >= 0 {
		return "'" + s
	}
	return s
}
