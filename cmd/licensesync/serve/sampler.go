package serve

import (
	"context"
	"time"

	"github.com/licensesync/licensesync/history"
)

// serveSampleEvery is how often serve records a sample while it runs, with or without
// sessions: six requests every five minutes, far inside GitHub's limits, and identical
// samples fold into one row (docs/HISTORY.md).
const serveSampleEvery = 5 * time.Minute

// sampleWhileServing records the served server's numbers at once and then every
// serveSampleEvery until ctx ends. A failed read or write is logged, never fatal.
func sampleWhileServing(ctx context.Context, h Host, b Backend, logf func(string, ...any)) {
	path, err := h.HistoryPath()
	if err != nil {
		logf("history: not recorded while serving: %v", err)
		return
	}
	store, notice, err := history.Open(ctx, path)
	if notice != "" {
		logf("history: %s", notice)
	}
	if err != nil {
		logf("history: not recorded while serving: %v", err)
		return
	}
	defer store.Close()
	t := time.NewTicker(serveSampleEvery)
	defer t.Stop()
	for {
		if st, err := b.Status(ctx); err == nil {
			if err := store.RecordStatus(ctx, st, h.Demo, nil); err != nil && ctx.Err() == nil {
				logf("history: a sample was not recorded: %v", err)
			}
		} else if err != nil && ctx.Err() == nil {
			logf("history: the status could not be read for a sample: %v", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
