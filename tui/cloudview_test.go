package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/tui/common"
)

// TestBrowserStepVerifiesFromGraphQL: on a stock appliance whose license-sync-status
// entry is missing, the cloud's GraphQL view (a recent successful upload) verifies the
// browser step; a failed upload is said in GitHub's words and does not.
func TestBrowserStepVerifiesFromGraphQL(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.settingsErr = &client.Error{Kind: client.KindConsoleUnavailable, Status: 404, Op: "read GitHub Connect"}
	f.syncSt.ServerInstances = nil
	connected := true
	f.inst = &client.Installation{Found: true, Connected: &connected, HostName: "ghes.acme.test",
		LastUpload: &client.Upload{Name: "ghes-usage.json", State: client.UploadSuccess, CreatedAt: testNow.Add(-3 * time.Hour).Format(time.RFC3339)}}
	h := newHarness(t, testOptions(f), 100, 30)
	h.keys(enter, enter, enter)
	if v := strings.Join(strings.Fields(h.m.View()), " "); !strings.Contains(v, "Verified: the cloud's GitHub Connect list shows ghes.acme.test as connected, last upload succeeded 3h ago") {
		t.Fatalf("not verified from the cloud's GraphQL view:\n%s", v)
	}
	f.inst.LastUpload.State = client.UploadFailure
	h.keys(runes("r"))
	v := h.m.View()
	if strings.Contains(v, "Verified") || !strings.Contains(v, "its last upload failed") {
		t.Fatalf("a failed upload verified or was not said:\n%s", v)
	}
}

// TestReasonCarriesRequestID: an error GitHub answered shows its request id on screens
// too, for a support ticket.
func TestReasonCarriesRequestID(t *testing.T) {
	t.Parallel()
	err := &client.Error{Kind: client.KindMissingScope, Hint: "Ask an owner.", RequestID: "C0DE:1F2E:3A4B"}
	if got := common.Reason(err); got != "Ask an owner. (GitHub request ID C0DE:1F2E:3A4B)" {
		t.Errorf("reason = %q", got)
	}
	if got := common.Reason(&client.Error{Hint: "No id."}); got != "No id." {
		t.Errorf("reason = %q", got)
	}
}

// TestBrowserStepBeforeAnySyncSaysSoPlainly: on a stock appliance the cloud lists but
// has never seen sync, the step says "no sync reported yet" in words (not "last sync
// status no sync reported") and names the cloud, never GitHub.com, which is not where
// every enterprise lives.
func TestBrowserStepBeforeAnySyncSaysSoPlainly(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.settingsErr = &client.Error{Kind: client.KindConsoleUnavailable, Status: 404, Op: "read GitHub Connect"}
	f.syncSt.ServerInstances = []client.ServerInstance{{Hostname: "ghes.acme.test"}}
	connected := true
	f.inst = &client.Installation{Found: true, Connected: &connected, HostName: "ghes.acme.test"}
	h := newHarness(t, testOptions(f), 120, 30)
	h.keys(enter, enter, enter)
	v := strings.Join(strings.Fields(h.m.View()), " ")
	want := "The cloud shows ghes.acme.test with no sync reported yet. The cloud's GitHub Connect list shows ghes.acme.test as connected, with no upload yet."
	if !strings.Contains(v, want) || strings.Contains(v, "GitHub.com") {
		t.Fatalf("want %q:\n%s", want, h.m.View())
	}
}
