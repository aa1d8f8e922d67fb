package serve

import (
	"math"
	"strconv"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// TestFilterRequests: a pty request's sizes are clamped and an odd TERM becomes "dumb";
// a storm of window changes that the console has not taken yet reaches it as one, the
// latest, clamped; past 64 environment variables the rest are refused; the filter ends
// with the session's requests.
func TestFilterRequests(t *testing.T) {
	t.Parallel()
	in := make(chan *gossh.Request)
	out := make(chan *gossh.Request)
	go filterRequests(in, out)

	go func() {
		in <- &gossh.Request{Type: "pty-req", Payload: gossh.Marshal(ptyRequest{
			Term: "xterm\x1b]0;pwned\a", Columns: math.MaxUint32, Rows: 30, WidthPx: math.MaxUint32, HeightPx: 5})}
	}()
	var pty ptyRequest
	if err := gossh.Unmarshal((<-out).Payload, &pty); err != nil {
		t.Fatal(err)
	}
	if want := (ptyRequest{Term: "dumb", Columns: 1000, Rows: 30, WidthPx: maxPixels, HeightPx: 5}); pty != want {
		t.Fatalf("pty-req passed on as %+v, want %+v", pty, want)
	}

	for i := range 1000 {
		in <- &gossh.Request{Type: "window-change", Payload: gossh.Marshal(windowChange{
			Columns: math.MaxUint32 - uint32(i), Rows: uint32(100 + i)})}
	}
	resize := <-out
	var w windowChange
	if err := gossh.Unmarshal(resize.Payload, &w); err != nil || resize.Type != "window-change" {
		t.Fatalf("got %s %v", resize.Type, err)
	}
	if w != (windowChange{Columns: 1000, Rows: 500}) {
		t.Fatalf("the storm reached the console as %+v, want the latest size clamped to 1000x500", w)
	}

	go func() {
		for i := range 100 {
			in <- &gossh.Request{Type: "env", Payload: gossh.Marshal(struct{ Key, Value string }{"V" + strconv.Itoa(i), "x"})}
		}
		in <- &gossh.Request{Type: "shell"}
		close(in)
	}()
	envs, shells := 0, 0
	for r := range out {
		switch r.Type {
		case "env":
			envs++
		case "shell":
			shells++
		default:
			t.Errorf("unexpected %s", r.Type)
		}
	}
	if envs != maxEnvVars || shells != 1 {
		t.Fatalf("%d env and %d shell requests passed on, want %d and 1", envs, shells, maxEnvVars)
	}
}
