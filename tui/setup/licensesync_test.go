package setup

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/client"
)

// TestLicenseSyncDropsAStaleAnswer: an answer to a superseded request never
// overwrites what the latest one said.
func TestLicenseSyncDropsAStaleAnswer(t *testing.T) {
	t.Parallel()
	settings := func(value string) *client.ConnectSettings {
		return &client.ConnectSettings{Connected: true, ETag: `"7"`, Features: map[string]string{"license_sync": value}}
	}
	sh := testShared()
	sh.Session.SetSettings(settings(client.FeatureDisabled))
	p := NewLicenseSyncPage(sh)
	p.Enter()
	p.SetSize(80, 20)
	old := p.id
	for _, k := range []tea.KeyType{tea.KeyUp, tea.KeyEnter, tea.KeyEnter} { // Enabled, confirmed
		p.HandleKey(tea.KeyMsg{Type: k})
	}
	if p.id == old {
		t.Fatal("confirming sent no new request")
	}
	p.Update(applyMsg{id: p.id, settings: settings(client.FeatureEnabled)})
	p.Update(applyMsg{id: old, settings: settings(client.FeatureDisabled)})
	if v := p.View(); !strings.Contains(v, "Enabled    (current)") {
		t.Fatalf("a stale answer overwrote the state:\n%s", v)
	}
}
