package tui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/status"
)

// Every failure can be read whole on the dashboard, without running anything again:
// a failed sync's full error (cut on its Sync line), another server's, and a failed
// refresh's cause and what happens next.
func TestErrorsReadableInFull(t *testing.T) {
	t.Parallel()
	f := newFake()
	jobErr := "upload of 2,426 users rejected by the cloud: the enterprise account acme-cloud is not invoiced; ask GitHub's sales team to switch its billing to invoice."
	f.status.Sync = status.SyncStatus{State: client.JobFailed, Error: jobErr, NextSyncAt: f.status.Sync.NextSyncAt}
	failedAt := testNow.Add(-3 * time.Hour).Format(time.RFC3339)
	otherErr := "the cloud could not parse the upload from ghes-eu.acme.test: unexpected end of JSON input at byte 1,048,576."
	f.status.Cloud.Servers = append(f.status.Cloud.Servers, status.CloudServerSync{ServerID: "77aa", Hostname: "ghes-eu.acme.test",
		LastSync: client.LastSync{Date: failedAt, Status: "failed", Error: otherErr}})
	h := newHarness(t, testOptions(f), 80, 24)
	d := h.toDashboard()
	cause := &client.Error{Kind: client.KindServer, Op: "read the server's status", Status: 502, Err: errors.New("bad gateway"),
		Hint: "The server had a problem; try again in a minute."}
	h.send(statusMsg{id: d.status.id, err: cause})
	v := strings.Join(strings.Fields(h.m.View()), " ")
	if !strings.Contains(v, "Stale, updated 0s ago: The server had a problem; try again in a minute. Retrying in 30s; r retries now.") {
		t.Errorf("a failed refresh does not say what happens next:\n%s", h.m.View())
	}
	if !strings.Contains(v, "n all notes") {
		t.Fatalf("nothing offers the whole story:\n%s", h.m.View())
	}
	h.keys(runes("n"))
	v = strings.Join(strings.Fields(h.m.View()), " ")
	for _, want := range []string{
		"This server's last sync failed: " + jobErr,
		"The cloud says the last sync of ghes-eu.acme.test failed: " + otherErr,
		"Read the server's status: bad gateway. HTTP 502. The server had a problem",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("the open notes lack %q:\n%s", want, h.m.View())
		}
	}
}
