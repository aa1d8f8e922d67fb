package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/status"
)

// Each server the cloud lists is one line whose value starts in the column of every
// other value, however long its hostname; a server with no sync has no stray dash.
func TestStatusServerLinesKeepTheColumn(t *testing.T) {
	t.Parallel()
	st := &status.Status{}
	st.Cloud.Servers = []status.CloudServerSync{
		{Hostname: "ghes-2.acme.test", LastSync: client.LastSync{Date: "2026-11-23T02:11:00Z", Status: "success"}},
		{Hostname: "a-rather-long-disaster-recovery-appliance.acme.test"},
	}
	var out bytes.Buffer
	printStatus(&out, st, client.Config{}, time.Date(2026, 11, 26, 2, 11, 0, 0, time.UTC))
	want := map[string]string{
		"ghes-2.acme.test": "  server                 ghes-2.acme.test: synced 2026-11-23 02:11 UTC (3d ago)",
		"a-rather-long":    "  server                 a-rather-long-disaster-recovery-appliance.acme.test: no sync reported",
	}
	for key, line := range want {
		found := false
		for _, l := range strings.Split(out.String(), "\n") {
			if strings.Contains(l, key) {
				found = true
				if l != line {
					t.Errorf("got  %q\nwant %q", l, line)
				}
			}
		}
		if !found {
			t.Errorf("no line for %s in:\n%s", key, out.String())
		}
	}
}
