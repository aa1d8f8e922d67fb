package client

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// noticeLog keeps the wait notices a client gives (Config.OnWait).
type noticeLog struct {
	mu      sync.Mutex
	notices []WaitNotice
}

func (l *noticeLog) add(n WaitNotice) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.notices = append(l.notices, n)
}

func (l *noticeLog) all() []WaitNotice {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]WaitNotice(nil), l.notices...)
}

// Every wait is said before it begins: a rate limit's with the try that follows and
// the most there will be, a back-off's before a retry the same way.
func TestWaitNoticeSaysEachWaitBeforeIt(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	c, _ := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		switch hits.Add(1) {
		case 1:
			w.Header().Set("Retry-After", "1")
			status(429, `{"message":"slow down"}`)(w, r)
		case 2:
			status(502, `{"message":"bad gateway"}`)(w, r)
		default:
			_, _ = w.Write([]byte(`{"installed_version": "3.19.0"}`))
		}
	})
	var log noticeLog
	c.cfg.OnWait = log.add
	if _, err := c.Meta(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := log.all()
	if len(got) != 2 || hits.Load() != 3 {
		t.Fatalf("%d notices for %d requests: %+v", len(got), hits.Load(), got)
	}
	if s := got[0].String(); s != "waiting 1 s for GitHub's rate limit (attempt 2 of 10)" {
		t.Errorf("rate-limit notice %q", s)
	}
	if s := got[1].String(); !strings.HasSuffix(s, " ms for a retry after a failure (attempt 2 of 4)") { // the tests' back-off is milliseconds
		t.Errorf("back-off notice %q", s)
	}
	if got[0].Until.IsZero() || got[0].Wait != time.Second {
		t.Errorf("rate-limit notice %+v: want its wait and its end", got[0])
	}
}

// A command's waits are bounded in all: a wait that would pass the cap is not begun,
// and the request ends at once in KindRateLimited, naming the cap and what to do.
func TestWaitCapStopsBeforeAWaitPastIt(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	c, _ := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Retry-After", "30")
		status(429, `{"message":"slow down"}`)(w, r)
	})
	var log noticeLog
	c.cfg.OnWait = log.add
	ctx := WithWaitCap(context.Background(), 10*time.Second)
	start := time.Now()
	_, err := c.Meta(ctx)
	if !errors.Is(err, ErrWaitCap) || KindOf(err) != KindRateLimited {
		t.Fatalf("err = %v, want ErrWaitCap as KindRateLimited", err)
	}
	for _, want := range []string{"30 s more for GitHub's rate limit would pass the 10s this command may wait in all", "--max-wait"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if hits.Load() != 1 || len(log.all()) != 0 || time.Since(start) > 5*time.Second {
		t.Errorf("%d requests, notices %+v: the wait past the cap must not begin", hits.Load(), log.all())
	}
}

// The cap counts every wait of the command together: back-offs that fit one by one
// stop once they add up past it.
func TestWaitCapAddsUpTheWaits(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	c, _ := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Retry-After", "1")
		status(429, `{"message":"slow down"}`)(w, r)
	})
	ctx := WithWaitCap(context.Background(), 2500*time.Millisecond)
	_, err := c.Meta(ctx)
	if !errors.Is(err, ErrWaitCap) || !strings.Contains(err.Error(), "(2s waited already)") {
		t.Fatalf("err = %v, want the cap after two waits of 1 s", err)
	}
	if hits.Load() != 3 {
		t.Errorf("%d requests: want 3 (two waits fit, the third does not)", hits.Load())
	}
}
