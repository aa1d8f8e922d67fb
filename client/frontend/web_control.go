package frontend

import (
	"strconv"
	"strings"
)

// The two forms GitHub's docs give the web UI's control for license sync, on the
// GitHub Connect tab of the enterprise settings (docs/APPLIANCE.md, "Turning it on in
// the web UI"): a drop-down under SettingLabel, set to Enabled, documented up to GHES
// 3.2 (the archived 3.2 docs); and an "Enable" button to the right of "License sync",
// documented for every release from 3.6 (the docs were rewritten for all supported
// releases at once, without a version condition, while 3.4 or 3.5 was the oldest).
const (
	dropdownForm = "→ \"" + SettingLabel + "\"\n→ Enabled"
	buttonForm   = "→ to the right of \"License sync\", click Enable"
	bothForms    = dropdownForm + " (newer releases: \"License sync\" → Enable)"
)

// EnableSteps are the last steps in the web UI, after "→ GitHub Connect", that turn
// license sync on for a server of version (the meta endpoint's installed_version, ""
// when unknown), one step a line: the drop-down up to 3.2, the button from 3.6, both
// in between or when the version is not known.
func EnableSteps(version string) string {
	major, minor, ok := majorMinor(version)
	switch {
	case !ok:
		return bothForms
	case major < 3 || major == 3 && minor <= 2:
		return dropdownForm
	case major > 3 || minor >= 6:
		return buttonForm
	}
	return bothForms
}

// majorMinor reads "3.14.2" (or "3.14") as 3 and 14.
func majorMinor(version string) (major, minor int, ok bool) {
	parts := strings.SplitN(strings.TrimPrefix(strings.TrimSpace(version), "v"), ".", 3)
	if len(parts) < 2 {
		return 0, 0, false
	}
	major, err1 := strconv.Atoi(parts[0])
	minor, err2 := strconv.Atoi(parts[1])
	return major, minor, err1 == nil && err2 == nil && major >= 0 && minor >= 0
}
