package frontend

import "github.com/licensesync/licensesync/client"

// SettingLabel is the setting's label exactly as the GitHub Connect tab shows it.
const SettingLabel = "Server can sync user license count and usage"

// ValueLabel names a feature value (client.FeatureEnabled, client.FeatureDisabled) as
// the setting's dropdown does: "Enabled", "Disabled", or "unknown" for anything else.
func ValueLabel(v string) string {
	switch v {
	case client.FeatureEnabled:
		return "Enabled"
	case client.FeatureDisabled:
		return "Disabled"
	}
	return "unknown"
}
