package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/snapshot"
	"github.com/licensesync/licensesync/client/transport"
	"github.com/licensesync/licensesync/cmd/licensesync/output"
	"github.com/licensesync/licensesync/cmd/licensesync/usage"
)

// parsePace reads "900/1m", "90/6s", "900" (per minute), "off" or "0".
func parsePace(s string) (transport.Pace, error) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "":
		return transport.Pace{}, nil
	case "off", "0", "none":
		return transport.Pace{Points: -1}, nil
	}
	points, window, hasWindow := strings.Cut(s, "/")
	n, err := strconv.Atoi(strings.TrimSpace(points))
	if err != nil || n < 0 {
		return transport.Pace{}, usage.Errorf("--pace %q: want POINTS/WINDOW such as 900/1m, or off", s)
	}
	p := transport.Pace{Points: n, Window: time.Minute}
	if hasWindow {
		w := strings.TrimSpace(window)
		if w != "" && (w[0] < '0' || w[0] > '9') {
			w = "1" + w // "900/m" is 900 a minute
		}
		d, err := time.ParseDuration(w)
		if err != nil || d <= 0 {
			return transport.Pace{}, usage.Errorf("--pace %q: the window is a duration such as 1m or 6s", s)
		}
		p.Window = d
	}
	if n == 0 {
		p.Points = -1
	}
	return p, nil
}

// parseMaxAge reads --max-age: a duration such as 10m, "0" for "check every page",
// "" for the default (client.Config.SnapshotMaxAge).
func parseMaxAge(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "":
		return 0, nil
	case "0", "off", "none":
		return -1, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, usage.Errorf("--max-age %q: want a duration such as 10m, or 0 to check every page", s)
	}
	if d == 0 {
		return -1, nil
	}
	return d, nil
}

// snapshotDir is where snapshots are kept: $XDG_CACHE_HOME/licensesync, else the
// user cache directory.
func (a *app) snapshotDir() (string, error) {
	if dir := a.getenv("XDG_CACHE_HOME"); dir != "" && filepath.IsAbs(dir) {
		return filepath.Join(dir, "licensesync"), nil
	}
	return snapshot.DefaultDir()
}

// applyFetching sets how consumed licenses are read: the client-side pace on the cloud
// (--pace, else LICENSESYNC_PACE, else GitHub's limit), what a read over the rate
// limit's budget does (--wait), who says the waits (a command, on stderr) and the
// snapshot directory, unless --no-snapshot or the demo (its simulator listens on a new
// port every run).
func (a *app) applyFetching(cfg *client.Config) error {
	paceText := a.conn.pace
	if paceText == "" {
		paceText = a.getenv("LICENSESYNC_PACE")
	}
	pace, err := parsePace(paceText)
	if err != nil {
		return err
	}
	cfg.CloudPace = pace
	cfg.WaitForBudget = a.conn.wait || a.conn.inConsole
	if a.conn.sayWaits {
		say := &waitSayer{w: a.io.err, terminal: isTerminal(a.io.err), now: time.Now}
		cfg.OnWait, cfg.OnBudget = say.wait, say.budget
	}
	if cfg.SnapshotMaxAge, err = parseMaxAge(a.conn.maxAge); err != nil {
		return err
	}
	if a.conn.noSnapshot || a.conn.demo {
		return nil
	}
	dir, err := a.snapshotDir()
	if err != nil {
		fmt.Fprintf(a.io.err, "licensesync: note: no snapshot kept: %v\n", err)
		return nil
	}
	cfg.Snapshots = snapshot.NewStore(dir)
	return nil
}

// writeJSONArray writes users as writeJSON would (escapes included), one element at a
// time, so that a list of 100,000 is never held encoded in memory at once; each is
// encoded into the same buffer, so writing 300,000 makes next to no garbage for the
// collector to chase while the list is held (docs/PERFORMANCE.md, "Memory").
func writeJSONArray(w io.Writer, users []client.ConsumedUser) error {
	if len(users) == 0 {
		_, err := io.WriteString(w, "[]\n")
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var one bytes.Buffer
	enc := json.NewEncoder(&one)
	enc.SetIndent("  ", "  ") // as json.MarshalIndent(u, "  ", "  ") writes it, and a newline
	bw.WriteString("[\n  ")
	for i := range users {
		if i > 0 {
			bw.WriteString(",\n  ")
		}
		one.Reset()
		if err := enc.Encode(&users[i]); err != nil {
			return err
		}
		bw.Write(output.EscapeInvisible(bytes.TrimSuffix(one.Bytes(), []byte("\n"))))
	}
	bw.WriteString("\n]\n")
	return bw.Flush()
}
