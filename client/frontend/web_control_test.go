package frontend

import (
	"strings"
	"testing"
)

func TestEnableStepsFollowTheServersVersion(t *testing.T) {
	for _, c := range []struct{ version, want, not string }{
		{"2.19.4", "→ Enabled", "click Enable"},
		{"3.2.0", "→ Enabled", "click Enable"},
		{"3.6.1", "click Enable", SettingLabel},
		{"3.14.2", "click Enable", SettingLabel},
		{"4.0.0", "click Enable", SettingLabel},
		{"3.4.9", "newer releases", ""},
		{"", "newer releases", ""},
		{"banana", "newer releases", ""},
	} {
		got := EnableSteps(c.version)
		if !strings.Contains(got, c.want) || (c.not != "" && strings.Contains(got, c.not)) {
			t.Errorf("EnableSteps(%q) = %q, want %q and not %q", c.version, got, c.want, c.not)
		}
	}
}
