package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client"
)

// TestStockDashboardSaysTheCloudsView is issue 11 item 2 on the dashboard: where the
// appliance cannot say (no console API), the sync line says what GitHub.com's GraphQL
// view of this server says: connected, and a last upload that did not succeed.
func TestStockDashboardSaysTheCloudsView(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		setting string
		inst    *client.Installation
		want    string // "" : no cloud's view on the line
	}{
		"connected": {client.FeatureUnknown, &client.Installation{Found: true, Connected: ptr(true),
			LastUpload: &client.Upload{State: client.UploadSuccess, CreatedAt: testNow.Add(-time.Hour).Format(time.RFC3339)}}, "GitHub.com: connected · synced"},
		"upload failed": {client.FeatureUnknown, &client.Installation{Found: true, Connected: ptr(false),
			LastUpload: &client.Upload{State: client.UploadFailure, CreatedAt: testNow.Add(-2 * time.Hour).Format(time.RFC3339)}}, "GitHub.com: not connected, last upload failed 2h ago"},
		"the appliance says":  {client.FeatureEnabled, &client.Installation{Found: true, Connected: ptr(true)}, ""},
		"not listed":          {client.FeatureUnknown, &client.Installation{Found: false}, ""},
		"view unknown":        {client.FeatureUnknown, &client.Installation{Unknown: "the cloud's GraphQL API could not be read"}, ""},
		"no cloud configured": {client.FeatureUnknown, nil, ""},
	} {
		f := newFake()
		f.status.Connect.LicenseSync, f.status.Connect.Installation = tc.setting, tc.inst
		h := newHarness(t, testOptions(f), 100, 30)
		h.toDashboard()
		v := h.m.View()
		if got := strings.Contains(v, "GitHub.com: "); tc.want == "" && got || tc.want != "" && !strings.Contains(v, tc.want) {
			t.Errorf("%s: want %q on the sync line:\n%s", name, tc.want, v)
		}
	}
}
