package serve

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"
)

// TestQueryBackground: the terminal's answers decide dark or light and are taken out of
// the input; keys typed meanwhile reach the console; a terminal that never answers is not
// waited for beyond the timeout, and its keys are not lost.
func TestQueryBackground(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, answer, keys string
		dark, known        bool
	}{
		{"dark, ST", "\x1b]11;rgb:0000/0000/0000\x1b\\\x1b[?62;22c", "q", true, true},
		{"light, BEL", "\x1b]11;rgb:ffff/ffff/eeee\x07\x1b[?1;2c", "\r", false, true},
		{"two-digit light", "\x1b]11;rgb:ff/ff/ff\x07\x1b[?6c", "", false, true},
		{"attributes only", "\x1b[?1;0c", "j", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, w := io.Pipe()
			defer w.Close()
			in := newSessionInput(context.Background(), r)
			var asked strings.Builder
			go io.WriteString(w, tc.keys+tc.answer)
			dark, known := in.queryBackground(&asked, time.Minute)
			if dark != tc.dark || known != tc.known {
				t.Errorf("dark %v known %v, want %v %v", dark, known, tc.dark, tc.known)
			}
			if asked.String() != "\x1b]11;?\a\x1b[c" {
				t.Errorf("asked %q", asked.String())
			}
			go io.WriteString(w, "x")
			got := make([]byte, len(tc.keys)+1)
			if _, err := io.ReadFull(in, got); err != nil || string(got) != tc.keys+"x" {
				t.Errorf("the console read %q, %v; want %q", got, err, tc.keys+"x")
			}
		})
	}
	t.Run("silent", func(t *testing.T) {
		r, w := io.Pipe()
		defer w.Close()
		in := newSessionInput(context.Background(), r)
		if _, known := in.queryBackground(io.Discard, 10*time.Millisecond); known {
			t.Fatal("a silent terminal said its colour")
		}
		go io.WriteString(w, "q")
		got := make([]byte, 1)
		if _, err := io.ReadFull(in, got); err != nil || string(got) != "q" {
			t.Fatalf("the key after the timeout: %q, %v", got, err)
		}
		w.Close()
		if _, err := in.Read(got); err != io.EOF {
			t.Fatalf("after the session's input ended: %v, want EOF", err)
		}
	})
}
