package tui

import (
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/frontend"
)

// judgeInstallation reads the cloud's GraphQL view of this server for the check after
// the browser step: one sentence, and whether it verifies license sync (a successful
// upload within freshSync). "" when the view is unknown or lists no such server.
func (p *licenseSyncPage) judgeInstallation(inst *client.Installation) (string, bool) {
	if inst == nil || inst.Unknown != "" || !inst.Found {
		return "", false
	}
	host := p.sh.applianceHost()
	connected := "with its connection unknown"
	if inst.Connected != nil {
		connected = map[bool]string{true: "as connected", false: "as not connected"}[*inst.Connected]
	}
	u := inst.LastUpload
	if u == nil {
		return "GitHub.com lists " + host + " " + connected + ", with no upload yet.", false
	}
	when, err := client.ParseTime(u.CreatedAt)
	switch {
	case u.State != client.UploadSuccess || err != nil:
		return "GitHub.com lists " + host + " " + connected + "; its last upload " + u.StateWords() + ".", false
	case p.sh.now().Sub(when) > freshSync:
		return "GitHub.com lists " + host + " " + connected + "; its last successful upload is " + frontend.Ago(p.sh.now(), when) + ": not recent yet.", false
	}
	return "GitHub.com lists " + host + " " + connected + ", last upload succeeded " + frontend.Ago(p.sh.now(), when) + ".", true
}
