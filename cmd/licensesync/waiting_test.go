package main

import (
	"bytes"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client"
)

// A command says a rate limit's wait and a budget's reset in one line each, and not a
// retry's short back-off; the plan reads with its numbers.
func TestWaitSayerSaysTheWaitsAPersonWouldWonderAbout(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	s := &waitSayer{w: &out, now: time.Now}
	s.wait(client.WaitNotice{Wait: 300 * time.Millisecond, Reason: "a retry after a failure", Attempt: 2, Of: 4})
	s.wait(client.WaitNotice{Wait: 20 * time.Second, Reason: "GitHub's rate limit", Attempt: 2, Of: 3})
	s.wait(client.WaitNotice{Wait: time.Second, Reason: "the cloud's rate limit to reset"})
	reset := time.Date(2026, 12, 7, 14, 5, 0, 0, time.UTC)
	s.budget(client.BudgetPlan{Side: "the cloud", Needed: 3000, Remaining: 1200, Limit: 5000, Reset: reset, DoneAt: reset.Add(4 * time.Minute)})
	want := "licensesync: waiting 20 s for GitHub's rate limit (attempt 2 of 3)\n" +
		"licensesync: waiting 1 s for the cloud's rate limit to reset\n" +
		"licensesync: the cloud's rate limit: this read needs 3,000 requests, 1,200 remain until 14:05 UTC; done about 14:09 UTC\n"
	if got := out.String(); got != want {
		t.Fatalf("said:\n%s\nwant:\n%s", got, want)
	}
}
