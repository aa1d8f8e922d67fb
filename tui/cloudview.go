package tui

import (
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/client/status"
)

// cloudViewParts is, for the dashboard's sync line where the appliance does not say
// (a stock appliance, no console API), whether GitHub.com's GraphQL view lists this
// server as connected and, when its last upload did not succeed, how it went and
// when; a successful upload is already the line's "synced" time (status.Status takes
// it from there on a stock appliance). None otherwise.
func (p *dashboardPage) cloudViewParts(c status.ConnectStatus) []string {
	inst, st := c.Installation, p.sh.Styles
	if inst == nil || !inst.Found || c.LicenseSync == client.FeatureEnabled || c.LicenseSync == client.FeatureDisabled {
		return nil
	}
	part := "GitHub.com: connection unknown"
	if inst.Connected != nil && *inst.Connected {
		part = st.Good.Render("GitHub.com: connected")
	} else if inst.Connected != nil {
		part = st.Warning.Render("GitHub.com: not connected")
	}
	if u := inst.LastUpload; u != nil && u.State != client.UploadSuccess {
		words := "last upload " + u.StateWords()
		if t, err := client.ParseTime(u.CreatedAt); err == nil {
			words += " " + frontend.Ago(p.sh.Now(), t)
		}
		part += ", " + st.Bad.Render(words)
	}
	return []string{part}
}
