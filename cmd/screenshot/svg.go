package main

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"

	"github.com/mattn/go-runewidth"
)

// The picture's geometry and default colours (a dark terminal).
const (
	cellW, cellH = 8.4, 18.0 // a 14px monospace font: 0.6em wide, 1.3 lines
	fontSize     = 14
	padding      = 12.0
	defaultFG    = "#d0d0d0"
	defaultBG    = "#1e1e1e"
)

// palette16 is the 16 ANSI colours (VS Code's dark terminal palette).
var palette16 = [16]string{
	"#000000", "#cd3131", "#0dbc79", "#e5e510", "#2472c8", "#bc3fbc", "#11a8cd", "#e5e5e5",
	"#666666", "#f14c4c", "#23d18b", "#f5f543", "#3b8eea", "#d670d6", "#29b8db", "#ffffff",
}

// style is one cell's look; colours are "" for the default.
type style struct {
	fg, bg                     string
	bold, faint, italic, under bool
	reverse                    bool
}

// cell is one column of a row; wide runes take two cells, the second one empty (skip).
type cell struct {
	r    rune
	st   style
	skip bool
}

// colour256 maps a 256-colour index to #rrggbb.
func colour256(n int) string {
	switch {
	case n < 16:
		return palette16[n]
	case n < 232:
		n -= 16
		level := func(v int) int {
			if v == 0 {
				return 0
			}
			return 55 + v*40
		}
		return fmt.Sprintf("#%02x%02x%02x", level(n/36), level(n/6%6), level(n%6))
	case n < 256:
		v := 8 + (n-232)*10
		return fmt.Sprintf("#%02x%02x%02x", v, v, v)
	}
	return ""
}

// applySGR changes st by one SGR sequence's parameters ("1;38;5;12").
func applySGR(st style, params string) style {
	if params == "" {
		return style{}
	}
	ps := strings.FieldsFunc(params, func(r rune) bool { return r == ';' || r == ':' })
	num := func(i int) int {
		if i >= len(ps) {
			return -1
		}
		n, err := strconv.Atoi(ps[i])
		if err != nil {
			return -1
		}
		return n
	}
	for i := 0; i < len(ps); i++ {
		switch p := num(i); {
		case p == 0:
			st = style{}
		case p == 1:
			st.bold = true
		case p == 2:
			st.faint = true
		case p == 3:
			st.italic = true
		case p == 4:
			st.under = true
		case p == 7:
			st.reverse = true
		case p == 22:
			st.bold, st.faint = false, false
		case p == 23:
			st.italic = false
		case p == 24:
			st.under = false
		case p == 27:
			st.reverse = false
		case p >= 30 && p <= 37:
			st.fg = palette16[p-30]
		case p >= 90 && p <= 97:
			st.fg = palette16[p-90+8]
		case p >= 40 && p <= 47:
			st.bg = palette16[p-40]
		case p >= 100 && p <= 107:
			st.bg = palette16[p-100+8]
		case p == 39:
			st.fg = ""
		case p == 49:
			st.bg = ""
		case p == 38 || p == 48:
			var c string
			switch num(i + 1) {
			case 5:
				c = colour256(num(i + 2))
				i += 2
			case 2:
				r, g, b := num(i+2), num(i+3), num(i+4)
				if r >= 0 && g >= 0 && b >= 0 {
					c = fmt.Sprintf("#%02x%02x%02x", r&255, g&255, b&255)
				}
				i += 4
			}
			if p == 38 {
				st.fg = c
			} else {
				st.bg = c
			}
		}
	}
	return st
}

// parseScreen turns a capture into rows of cells. SGR sequences set the style; any other
// escape sequence is dropped; the style carries over lines as in a terminal.
func parseScreen(data string) [][]cell {
	data = strings.TrimRight(strings.ReplaceAll(data, "\r\n", "\n"), "\n")
	var rows [][]cell
	var st style
	for _, line := range strings.Split(data, "\n") {
		var row []cell
		rs := []rune(line)
		for i := 0; i < len(rs); i++ {
			r := rs[i]
			if r == 0x1b && i+1 < len(rs) && rs[i+1] == '[' {
				j := i + 2
				for j < len(rs) && (rs[j] < 0x40 || rs[j] > 0x7e) {
					j++
				}
				if j < len(rs) && rs[j] == 'm' {
					st = applySGR(st, string(rs[i+2:j]))
				}
				i = j
				continue
			}
			if r == 0x1b && i+1 < len(rs) && rs[i+1] == ']' { // OSC: up to BEL or ST
				j := i + 2
				for j < len(rs) && rs[j] != 0x07 && !(rs[j] == 0x1b && j+1 < len(rs) && rs[j+1] == '\\') {
					j++
				}
				if j < len(rs) && rs[j] == 0x1b {
					j++
				}
				i = j
				continue
			}
			if r == 0x1b { // any other escape: ESC and the byte after it (two for a charset)
				i++
				if i < len(rs) && strings.ContainsRune("()*+", rs[i]) {
					i++
				}
				continue
			}
			if r < 0x20 || r == 0x7f {
				continue
			}
			w := runewidth.RuneWidth(r)
			if w == 0 {
				continue
			}
			row = append(row, cell{r: r, st: st})
			if w == 2 {
				row = append(row, cell{st: st, skip: true})
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// colours resolves reverse and defaults to the colours actually drawn.
func (s style) colours() (fg, bg string) {
	fg, bg = s.fg, s.bg
	if fg == "" {
		fg = defaultFG
	}
	if s.reverse {
		fg, bg = bg, fg
		if fg == "" {
			fg = defaultBG
		}
	}
	return fg, bg
}

// renderSVG draws a capture as an SVG picture, as wide as its widest row.
func renderSVG(data []byte) []byte {
	rows := parseScreen(string(data))
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	width := 2*padding + float64(cols)*cellW
	height := 2*padding + float64(len(rows))*cellH
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s">`+"\n",
		num(width), num(height), num(width), num(height))
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" rx="6" fill="%s"/>`+"\n", defaultBG)
	fmt.Fprintf(&b, `<g font-family="ui-monospace,SFMono-Regular,Menlo,Consolas,'DejaVu Sans Mono',monospace" font-size="%d" xml:space="preserve">`+"\n", fontSize)
	for y, row := range rows {
		top := padding + float64(y)*cellH
		base := top + cellH*0.75
		// Runs of cells with one style: a background rect, then the text.
		for x := 0; x < len(row); {
			end := x + 1
			for end < len(row) && row[end].st == row[x].st {
				end++
			}
			fg, bg := row[x].st.colours()
			if bg != "" {
				fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`+"\n",
					num(padding+float64(x)*cellW), num(top), num(float64(end-x)*cellW), num(cellH), bg)
			}
			var text, path strings.Builder
			for i, c := range row[x:end] {
				switch arms, box := boxArms[c.r]; {
				case c.skip:
				case box:
					text.WriteRune(' ')
					path.WriteString(boxPath(arms, padding+float64(x+i)*cellW, top))
				default:
					text.WriteRune(c.r)
				}
			}
			if path.Len() > 0 {
				fmt.Fprintf(&b, `<path d="%s" stroke="%s" stroke-width="1.2" fill="none"/>`+"\n", strings.TrimSpace(path.String()), fg)
			}
			if t := text.String(); strings.TrimSpace(t) != "" {
				attrs := fmt.Sprintf(` fill="%s"`, fg)
				st := row[x].st
				if st.bold {
					attrs += ` font-weight="bold"`
				}
				if st.faint {
					attrs += ` fill-opacity="0.6"`
				}
				if st.italic {
					attrs += ` font-style="italic"`
				}
				if st.under {
					attrs += ` text-decoration="underline"`
				}
				// textLength keeps the grid when the viewer's font is not exactly 0.6em wide.
				fmt.Fprintf(&b, `<text x="%s" y="%s" textLength="%s" lengthAdjust="spacingAndGlyphs"%s>%s</text>`+"\n",
					num(padding+float64(x)*cellW), num(base), num(float64(end-x)*cellW), attrs, html.EscapeString(t))
			}
			x = end
		}
	}
	b.WriteString("</g>\n</svg>\n")
	return []byte(b.String())
}

// Box-drawing lines are drawn, not typed: a font's glyphs leave gaps between rows.
const (
	armLeft = 1 << iota
	armRight
	armUp
	armDown
)

var boxArms = map[rune]uint8{
	'─': armLeft | armRight, '│': armUp | armDown,
	'┌': armRight | armDown, '┐': armLeft | armDown, '└': armUp | armRight, '┘': armUp | armLeft,
	'╭': armRight | armDown, '╮': armLeft | armDown, '╰': armUp | armRight, '╯': armUp | armLeft,
	'├': armUp | armDown | armRight, '┤': armUp | armDown | armLeft,
	'┬': armLeft | armRight | armDown, '┴': armLeft | armRight | armUp,
	'┼': armLeft | armRight | armUp | armDown,
}

// boxPath is the path of one box-drawing cell whose top-left corner is (left, top): a
// line from the centre to each edge it has an arm on.
func boxPath(arms uint8, left, top float64) string {
	cx, cy := num(left+cellW/2), num(top+cellH/2)
	var b strings.Builder
	for _, a := range []struct {
		arm uint8
		to  string
	}{
		{armLeft, "H" + num(left)}, {armRight, "H" + num(left+cellW)},
		{armUp, "V" + num(top)}, {armDown, "V" + num(top+cellH)},
	} {
		if arms&a.arm != 0 {
			fmt.Fprintf(&b, "M%s %s%s ", cx, cy, a.to)
		}
	}
	return b.String()
}

// num formats a coordinate briefly: 12, 12.5, 12.25.
func num(f float64) string { return strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64) }
