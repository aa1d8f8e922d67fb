// Command screenshot renders terminal captures (tmux capture-pane -e -p: text with SGR
// colour codes) to SVG pictures: one monospace <text> per run of same-styled cells, a
// <rect> behind runs with a background. It draws the README's screens (docs/screens).
//
//	screenshot docs/screens/*.ans     # writes docs/screens/NAME.svg beside each
package main

import (
	"fmt"
	"os"
	"strings"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: screenshot FILE.ans...   (writes FILE.svg beside each)")
		os.Exit(2)
	}
	for _, in := range os.Args[1:] {
		data, err := os.ReadFile(in)
		if err != nil {
			fmt.Fprintln(os.Stderr, "screenshot:", err)
			os.Exit(1)
		}
		out := strings.TrimSuffix(in, ".ans") + ".svg"
		if err := os.WriteFile(out, renderSVG(data), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "screenshot:", err)
			os.Exit(1)
		}
		fmt.Fprintln(os.Stderr, "screenshot: wrote", out)
	}
}
