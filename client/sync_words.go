package client

import (
	"fmt"
	"strings"

	"github.com/licensesync/licensesync/client/textsafe"
)

// SyncSuccess is the one last_sync.status license-sync-status documents.
const SyncSuccess = "success"

// SyncStatusWords says a license-sync-status last_sync.status for people: the value
// GitHub documents in words, an empty one as "no sync reported", anything else verbatim
// (sanitised) and marked unrecognised; no value is invented (docs/APPLIANCE.md, "Only
// real values").
func SyncStatusWords(status string) string {
	s := strings.TrimSpace(status)
	switch {
	case strings.EqualFold(s, SyncSuccess):
		return "synced"
	case s == "":
		return "no sync reported"
	}
	return fmt.Sprintf("%q (unrecognised)", textsafe.Sanitize(Truncate(s, 40)))
}
