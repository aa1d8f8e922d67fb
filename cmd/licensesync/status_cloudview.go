package main

import (
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/textsafe"
	"github.com/licensesync/licensesync/cmd/licensesync/output"
)

// printCloudView writes what GitHub.com's GraphQL API says about this server: whether
// it is connected and its newest upload (a sync or a manual upload).
func printCloudView(line func(label, value string), inst *client.Installation, now time.Time) {
	switch {
	case inst == nil:
		return
	case inst.Unknown != "":
		line("cloud's view", "unknown")
		return
	case !inst.Found:
		line("cloud's view", "not listed among the enterprise's servers")
		return
	}
	connected := "connection unknown"
	if inst.Connected != nil {
		connected = map[bool]string{true: "connected", false: "not connected"}[*inst.Connected]
	}
	line("cloud's view", textsafe.Sanitize(inst.HostName)+", "+connected)
	if u := inst.LastUpload; u != nil {
		line("last upload", u.StateWords()+" "+cloudDate(u.CreatedAt, now)+" ("+output.OrDash(textsafe.Sanitize(u.Name))+")")
	} else {
		line("last upload", "none")
	}
}
