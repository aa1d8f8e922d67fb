package textsafe

import (
	"testing"

	"github.com/licensesync/licensesync/client/replay"
)

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"plain", "\x1b[31mred", "\x1b]52;c;AAAA\x07", "\x1bPq\x1b\\", "\u009b31m", "\u202e", "\xff\xfe", "\x1b", "a\tb"} {
		f.Add(s)
	}
	for _, name := range replay.Names() {
		exs, _ := replay.Examples(name)
		for _, body := range exs {
			f.Add(string(body))
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkSanitized(t, s, Sanitize(s))
	})
}
