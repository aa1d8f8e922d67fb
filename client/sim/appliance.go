package sim

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// WriteApplianceStubs writes stand-ins for the appliance's admin-shell utilities into
// dir, for the demo of appliance mode (licensesync sim --appliance-bin DIR) and for
// tests: ghe-license (info -j, usage, check, -h), ghe-license-usage (GHES 3.12 and
// older), ghe-config (reads core.github-hostname and -l; refuses to set a key) and
// ghe-user-csv (-o, with -d the header row).
// Their output follows the samples in GitHub's command-line-utilities docs and reflects
// the simulated world at the time of writing; the usage file carries an instance
// block and, unlike a real one, a plain user list (the sim's cloud reads it).
func (s *Sim) WriteApplianceStubs(dir string) error {
	license, usage, err := s.applianceFiles(s.opts.Now())
	if err != nil {
		return err
	}
	users, err := s.userCSVAt(s.opts.Now())
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("sim: appliance stubs: %w", err)
	}
	files := map[string]struct {
		data []byte
		mode os.FileMode
	}{
		"license-info.json":  {license, 0o644},
		"license-usage.json": {usage, 0o644},
		"ghe-license":        {[]byte(gheLicenseStub), 0o755},
		"ghe-license-usage":  {[]byte(gheLicenseUsageStub), 0o755},
		"users.csv":          {users, 0o644},
		"ghe-user-csv":       {[]byte(gheUserCSVStub), 0o755},
		"ghe-user-csv.calls": {nil, 0o644},
		"ghe-config":         {[]byte(fmt.Sprintf(gheConfigStub, shellQuote(s.opts.Hostname))), 0o755},
		"ghe-license.calls":  {nil, 0o644},
		"ghe-config.calls":   {nil, 0o644},
		"README-stubs.txt":   {[]byte(stubsReadme), 0o644},
	}
	for name, f := range files {
		if err := os.WriteFile(filepath.Join(dir, name), f.data, f.mode); err != nil {
			return fmt.Errorf("sim: appliance stubs: %w", err)
		}
	}
	return nil
}

// applianceFiles renders ghe-license info -j and ghe-license usage as of real.
func (s *Sim) applianceFiles(real time.Time) (license, usage []byte, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var info map[string]any
	var file wireUsageFile
	err = s.update(real, false, func(now time.Time) bool {
		expire := s.st.Created.Add(s.opts.LicenseExpiresIn)
		unlimited := s.opts.ServerSeats == Unlimited
		seats := max(s.opts.ServerSeats, 0)
		info = map[string]any{
			"advanced_security_enabled": true,
			"advanced_security_seats":   min(seats, 50),
			"cluster_support":           false,
			"company":                   "Acme Corporation",
			"evaluation":                s.opts.LicenseKind == "evaluation",
			"expire_at":                 expire.Format(time.RFC3339),
			"perpetual":                 false,
			"reference_number":          fmt.Sprintf("%06d", s.opts.Seed%1000000),
			"seats":                     seats,
			"ssh_allowed":               true,
			"support_key":               nil,
			"unlimited_seating":         unlimited,
		}
		file = s.usageFileAt(now, true)
		names := make([]string, 0, len(file.Features))
		for _, f := range file.Features {
			names = append(names, f.Name)
		}
		file.Instance = &wireUsageInstance{ServerID: file.ServerID, HostName: file.Hostname, Version: file.Version, PublicKey: file.PublicKey, Features: names}
		return false
	})
	if err != nil {
		return nil, nil, err
	}
	if license, err = json.MarshalIndent(info, "", "  "); err != nil {
		return nil, nil, err
	}
	if usage, err = json.Marshal(file); err != nil {
		return nil, nil, err
	}
	return append(license, '\n'), usage, nil
}

// The stubs log each call to NAME.calls next to them, so tests can check that nothing
// was written (no ghe-config KEY VALUE, no ghe-license import).
const gheLicenseStub = `#!/bin/sh
# Stand-in for GitHub Enterprise Server's ghe-license, written by licensesync sim.
here=$(dirname "$0")
echo "ghe-license $*" >> "$here/ghe-license.calls"
case "$1" in
info)
  if [ "$2" = "-j" ]; then cat "$here/license-info.json"; else sed 's/^/# /' "$here/license-info.json"; fi ;;
usage) cat "$here/license-usage.json" ;;
check) echo "License is valid." ;;
-h|--help|"") echo "Usage: ghe-license [info|check|usage|import|sync] [-j]" ;;
*) echo "ghe-license: $1: not available in this stand-in" >&2; exit 1 ;;
esac
`

const gheLicenseUsageStub = `#!/bin/sh
# Stand-in for ghe-license-usage (GitHub Enterprise Server 3.12 and older).
here=$(dirname "$0")
echo "ghe-license-usage $*" >> "$here/ghe-license.calls"
cat "$here/license-usage.json"
`

const gheConfigStub = `#!/bin/sh
# Stand-in for GitHub Enterprise Server's ghe-config, written by licensesync sim: it
# only reads.
here=$(dirname "$0")
echo "ghe-config $*" >> "$here/ghe-config.calls"
host=%s
if [ "$#" -ne 1 ]; then echo "ghe-config: this stand-in does not set keys" >&2; exit 1; fi
case "$1" in
core.github-hostname) echo "$host" ;;
-l) echo "core.github-hostname=$host" ;;
*) exit 1 ;;
esac
`

var stubsReadme = strings.TrimSpace(`
Stand-ins for the appliance's admin-shell utilities, written by licensesync sim.
Put this directory first on PATH (or pass --appliance-bin) to try appliance mode:
  PATH="$PWD:$PATH" licensesync status
`) + "\n"
