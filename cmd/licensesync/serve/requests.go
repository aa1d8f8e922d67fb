package serve

import (
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// What a session's client may ask for (docs/SERVE.md, "Bounds"): every number in a pty or
// window-change request is clamped before the console sees it, a storm of window changes
// reaches the console as at most one size per resizeGap (the latest), and a session takes
// a bounded number of environment variables. So memory and work per session stay bounded
// whatever the client sends.
const (
	maxColumns     = 1000
	maxRows        = 500
	maxPixels      = 1 << 14
	maxTermLen     = 64
	maxEnvVars     = 64
	maxEnvValueLen = 4096
	resizeGap      = 50 * time.Millisecond
)

// boundedChannel is a session channel whose requests are clamped and coalesced on their
// way to the SSH library's session.
type boundedChannel struct{ gossh.NewChannel }

func (c boundedChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, in, err := c.NewChannel.Accept()
	if err != nil {
		return ch, in, err
	}
	out := make(chan *gossh.Request)
	go filterRequests(in, out)
	return ch, out, nil
}

// ptyRequest and windowChange are the payloads of RFC 4254's "pty-req" and
// "window-change" requests.
type ptyRequest struct {
	Term              string
	Columns, Rows     uint32
	WidthPx, HeightPx uint32
	Modes             string
}

type windowChange struct {
	Columns, Rows     uint32
	WidthPx, HeightPx uint32
}

// filterRequests passes in's requests on to out, bounded: see the constants above. out is
// closed when in is.
func filterRequests(in <-chan *gossh.Request, out chan<- *gossh.Request) {
	defer close(out)
	var (
		hasPty     bool
		envs       int
		resize     *gossh.Request // the latest window change, not passed on yet
		lastResize time.Time
		wake       = time.NewTimer(time.Hour)
	)
	defer wake.Stop()
	for {
		var send chan<- *gossh.Request
		if resize != nil {
			if wait := resizeGap - time.Since(lastResize); wait > 0 {
				wake.Reset(wait)
			} else {
				send = out
			}
		}
		select {
		case req, ok := <-in:
			if !ok {
				return
			}
			switch req.Type {
			case "pty-req":
				var p ptyRequest
				if hasPty || gossh.Unmarshal(req.Payload, &p) != nil {
					_ = req.Reply(false, nil)
					continue
				}
				hasPty = true
				p.Term = saneTerm(p.Term)
				p.Columns, p.Rows, p.WidthPx, p.HeightPx = clampWindow(p.Columns, p.Rows, p.WidthPx, p.HeightPx)
				req.Payload = gossh.Marshal(p)
			case "window-change":
				var w windowChange
				if !hasPty || gossh.Unmarshal(req.Payload, &w) != nil {
					_ = req.Reply(false, nil)
					continue
				}
				w.Columns, w.Rows, w.WidthPx, w.HeightPx = clampWindow(w.Columns, w.Rows, w.WidthPx, w.HeightPx)
				_ = req.Reply(true, nil)
				// Replied to here; the library's own reply to this copy goes nowhere.
				resize = &gossh.Request{Type: req.Type, Payload: gossh.Marshal(w)}
				continue
			case "env":
				var kv struct{ Key, Value string }
				envs++
				if envs > maxEnvVars || gossh.Unmarshal(req.Payload, &kv) != nil ||
					len(kv.Key) > maxTermLen || len(kv.Value) > maxEnvValueLen {
					_ = req.Reply(false, nil)
					continue
				}
			}
			out <- req
		case send <- resize:
			resize, lastResize = nil, time.Now()
		case <-wake.C:
		}
	}
}

// clampWindow bounds a terminal's size in characters and pixels.
func clampWindow(cols, rows, wpx, hpx uint32) (uint32, uint32, uint32, uint32) {
	return min(cols, maxColumns), min(rows, maxRows), min(wpx, maxPixels), min(hpx, maxPixels)
}

// saneTerm keeps a TERM name that looks like one (letters, digits, "-", "_", ".", "+",
// at most maxTermLen); anything else becomes "dumb", a terminal without colours or queries.
func saneTerm(term string) string {
	if term == "" || len(term) > maxTermLen {
		return "dumb"
	}
	for _, r := range term {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' || r == '+'
		if !ok {
			return "dumb"
		}
	}
	return term
}
