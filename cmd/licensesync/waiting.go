package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/cmd/licensesync/usage"
)

// defaultMaxWaitWithBudget is a command's bound on its waits in all with --wait and no
// --max-wait: one whole window of GitHub's primary limit (an hour) and some minutes.
const defaultMaxWaitWithBudget = 65 * time.Minute

// commandWaits bounds the waits of the command cmd runs, in all, by --max-wait (default
// client.DefaultMaxWait, or defaultMaxWaitWithBudget with --wait), and has them said on
// stderr (waitSayer).
func (a *app) commandWaits(cmd *cobra.Command) error {
	limit, err := parseMaxWait(a.conn.maxWait)
	if err != nil {
		return err
	}
	if limit == 0 && a.conn.wait {
		limit = defaultMaxWaitWithBudget
	}
	cmd.SetContext(client.WithWaitCap(cmd.Context(), limit))
	a.conn.sayWaits = true
	return nil
}

// parseMaxWait reads --max-wait: a positive duration such as 10m; "" for the default.
func parseMaxWait(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, usage.Errorf("--max-wait %q: want a duration such as 10m, the most this command may wait for rate limits and retries in all (default %s, %s with --wait)",
			s, client.DefaultMaxWait, defaultMaxWaitWithBudget)
	}
	return d, nil
}

// sayWaitsFrom is the shortest wait a command says: a pause a person would wonder
// about. Shorter ones (the back-offs of a retry: 0.3 s, 0.6 s, 1.2 s) show in --debug's
// trace as the retries they precede.
const sayWaitsFrom = 2 * time.Second

// waitSayer says a command's waits on stderr (a retry's of sayWaitsFrom or more): one line each,
// and on a terminal a countdown for a wait for a rate limit's reset. Requests fetched
// at once wait at once: a lock keeps their lines whole.
type waitSayer struct {
	mu       sync.Mutex
	w        io.Writer
	terminal bool
	now      func() time.Time
}

// wait is client.Config.OnWait.
func (s *waitSayer) wait(n client.WaitNotice) {
	if n.Of > 0 && n.Wait < sayWaitsFrom {
		return // a retry's short pause; a wait for a budget's reset is always said
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.terminal || n.Of > 0 {
		fmt.Fprintf(s.w, "licensesync: %s\n", n)
		return
	}
	go s.countdown(n) // OnWait must not block: the request's own sleep is the wait
}

// countdown redraws "waiting 12m3s for the cloud's rate limit to reset" once a second
// until the wait is over, then clears the line.
func (s *waitSayer) countdown(n client.WaitNotice) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	width := 0
	for {
		left := n.Until.Sub(s.now())
		if left <= 0 {
			break
		}
		n.Wait = left
		line := "licensesync: " + n.String() + " (until " + n.Until.UTC().Format("15:04:05 UTC") + ")"
		s.mu.Lock()
		fmt.Fprintf(s.w, "\r%-*s", width, line)
		s.mu.Unlock()
		width = len([]rune(line))
		<-tick.C
	}
	s.mu.Lock()
	fmt.Fprintf(s.w, "\r%s\r", strings.Repeat(" ", width))
	s.mu.Unlock()
}

// budget is client.Config.OnBudget: the plan, up front, with its numbers.
func (s *waitSayer) budget(p client.BudgetPlan) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fmt.Fprintln(s.w, "licensesync: "+budgetWords(p))
}

// budgetWords is a plan that does not fit, in one line: "the cloud's rate limit: this
// read needs 3,000 requests, 1,200 remain until 14:05 UTC; done about 14:09 UTC".
func budgetWords(p client.BudgetPlan) string {
	return fmt.Sprintf("%s's rate limit: this read needs %s requests, %s remain until %s; done about %s",
		p.Side, frontend.Thousands(p.Needed), frontend.Thousands(p.Remaining),
		p.Reset.UTC().Format("15:04 UTC"), p.DoneAt.UTC().Format("15:04 UTC"))
}
