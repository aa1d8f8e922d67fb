package tui

import (
	"testing"

	"github.com/licensesync/licensesync/tui/common"
)

// TestCloudOnlyOpensOnDashboard: a cloud owner's console (no server) skips the setup
// steps, which all need the server, and opens on the dashboard.
func TestCloudOnlyOpensOnDashboard(t *testing.T) {
	t.Parallel()
	opts := testOptions(newFake())
	opts.CloudOnly = true
	h := newHarness(t, opts, 80, 24)
	if h.m.step != common.StepDashboard {
		t.Fatalf("step = %d, want the dashboard", h.m.step)
	}
	opts.CloudOnly = false
	if h := newHarness(t, opts, 80, 24); h.m.step == common.StepDashboard {
		t.Fatal("a console with a server opened on the dashboard before the setup")
	}
}
