package main

import (
	"context"
	"path/filepath"
	"strings"

	"github.com/licensesync/licensesync/client/appliance"
	"github.com/licensesync/licensesync/cmd/licensesync/usage"
)

// detectAppliance finds the admin shell's utilities (docs/APPLIANCE.md): ghe-license on
// PATH, or --appliance to insist on it. It reads PATH through a.getenv, so tests can
// point it at stub utilities.
func (a *app) detectAppliance() (*appliance.Appliance, error) {
	for _, dir := range filepath.SplitList(a.getenv("PATH")) {
		if dir == "" {
			continue
		}
		if app := appliance.Detect(dir); app != nil {
			return app, nil
		}
	}
	if a.conn.appliance {
		return nil, usage.Errorf("--appliance: %s is not on PATH; run licensesync in the appliance's administrative shell (ssh -p 122 admin@HOST)", appliance.LicenseUtility)
	}
	return nil, nil
}

// applianceServerURL is the server to use in appliance mode when none was given: the
// hostname the appliance is configured with.
func applianceServerURL(ctx context.Context, app *appliance.Appliance) (string, error) {
	host, err := app.Hostname(ctx)
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(host) == "" {
		return "", usage.Errorf("ghe-config core.github-hostname is empty: pass --server https://HOST")
	}
	return "https://" + host, nil
}

// applianceNote is what `licensesync version` says about appliance mode.
func (a *app) applianceNote() string {
	app, err := a.detectAppliance()
	switch {
	case err != nil:
		return "appliance mode: not detected (" + err.Error() + ")"
	case app == nil:
		return "appliance mode: not detected (" + appliance.LicenseUtility + " is not on PATH)"
	}
	return "appliance mode: detected (" + appliance.LicenseUtility + " in " + app.Dir + ")"
}
