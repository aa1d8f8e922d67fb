package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/status"
)

// The cloud's seats say what they are and what they mean, with their own bar; this
// server's sync is one line that agrees with the cloud, which lists only the others.
func TestHeadlineNumbersExplainThemselves(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.status.Cloud.SeatsConsumed, f.status.Cloud.SeatsPurchased = ptr(3340), ptr(3300)
	failedAt := testNow.Add(-time.Hour)
	f.status.Cloud.Servers = []status.CloudServerSync{
		{ServerID: "6f1c", Hostname: "ghes.acme.test", LastSync: client.LastSync{Date: failedAt.Format(time.RFC3339), Status: "failed", Error: "upload rejected"}},
		{ServerID: "77aa", Hostname: "ghes-eu.acme.test", LastSync: client.LastSync{Date: failedAt.Format(time.RFC3339), Status: "success"}},
	}
	h := newHarness(t, testOptions(f), 100, 30)
	h.toDashboard()
	v := h.m.View()
	for _, want := range []string{"3,340 consumed of 3,300 purchased · 40 over", "] 3,340 consumed",
		"Sync    Enabled · last sync failed 1h ago: upload rejected · next in 5d", "Others  ghes-eu.acme.test: synced 1h ago"} {
		if !strings.Contains(v, want) {
			t.Errorf("lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "ghes.acme.test: ") {
		t.Errorf("this server is listed twice:\n%s", v)
	}
}

// Before this server's first sync the cloud's free seats are headroom the sync will
// take: the line says how many more it may add instead.
func TestBeforeFirstSyncNoHeadroomIsPromised(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.status.Sync = status.SyncStatus{State: client.JobNone}
	f.status.Cloud.SeatsConsumed = ptr(1800)
	f.status.Cloud.Servers = []status.CloudServerSync{{ServerID: "6f1c", Hostname: "ghes.acme.test", LastSync: client.LastSync{Status: "never_synced"}}}
	h := newHarness(t, testOptions(f), 100, 30)
	h.toDashboard()
	v := h.m.View()
	if !strings.Contains(v, "1,800 consumed of 3,000 purchased · up to 2,412 more at the first sync") || strings.Contains(v, "1,200 free") {
		t.Fatalf("headroom promised before the first sync:\n%s", v)
	}
	if !strings.Contains(v, "Sync    Enabled · never synced") {
		t.Fatalf("the sync line:\n%s", v)
	}
	// On a narrow screen the words shorten; the meaning is not cut off.
	h.send(windowSize(60, 16))
	if v := h.m.View(); !strings.Contains(v, "1,800 of 3,000 consumed · a sync adds up to 2,412") {
		t.Fatalf("cut at 60 columns:\n%s", v)
	}
}

// TestBeforeFirstSyncTheProjectionIsTheHeadline: once the users are loaded and the
// server's accounts known, the line says what the first sync will bring the cloud to.
func TestBeforeFirstSyncTheProjectionIsTheHeadline(t *testing.T) {
	t.Parallel()
	f := newFake()
	withProjection(f, nil)
	f.status.Sync = status.SyncStatus{State: client.JobNone}
	f.status.Cloud.SeatsPurchased = ptr(2990)
	f.status.Cloud.Servers = []status.CloudServerSync{{ServerID: "6f1c", Hostname: "ghes.acme.test"}}
	h := newHarness(t, testOptions(f), 100, 30)
	h.toDashboard()
	if v := h.m.View(); !strings.Contains(v, "2,960 consumed of 2,990 purchased · about 3,000 after the first sync: 10 over") || strings.Contains(v, "30 free") {
		t.Fatalf("the projection is not the headline:\n%s", v)
	}
}

// The server goes by one name, the one GitHub knows it by, in the header and the
// summary, whatever address the console was given.
func TestOneNameForTheServer(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.status.Server.Hostname = "ghes.internal.acme.test"
	f.settings.Hostname = "ghes.internal.acme.test"
	h := newHarness(t, testOptions(f), 100, 30)
	h.toDashboard()
	v := h.m.View()
	if strings.Count(v, "ghes.internal.acme.test") < 2 || strings.Contains(v, "ghes.acme.test ·") {
		t.Fatalf("two names for one server:\n%s", v)
	}
}

// TestWhereAValueCameFromIsNotAWarning: a stock appliance's "license sync: enabled, per
// the cloud's Server Statistics" says where the value came from; it is good news, shown
// as information, never with the warning mark.
func TestWhereAValueCameFromIsNotAWarning(t *testing.T) {
	t.Parallel()
	f := newFake()
	src := "license sync: enabled, per the cloud's Server Statistics of 2026-11-25."
	f.status.Sources = []string{src}
	h := newHarness(t, testOptions(f), 100, 30)
	h.toDashboard()
	v := h.m.View()
	if !strings.Contains(v, "→ "+src) || strings.Contains(v, "! license sync") {
		t.Fatalf("the source is not shown as information:\n%s", v)
	}
}
