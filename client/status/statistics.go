package status

import (
	"fmt"
	"strings"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/seats"
)

// statsLookback is how far back Status reads Server Statistics: a week of daily
// records and a day of slack.
const statsLookback = 8 * 24 * time.Hour

// licenseSyncNote is Status's reading of Server Statistics on a stock appliance:
// license sync as the newest record of this server says, and the sentence that says
// where the value came from (a Source), or that no record is this server's (a Gap). A record
// without a features list adds no sentence (nor does a missing endpoint, which the
// caller never gets here with: the stock-appliance gap already says what to do).
func licenseSyncNote(recs []client.ServerStatsRecord, hostname, serverID string) (state, note string) {
	state, asOf := client.LicenseSyncFromStatistics(recs, serverID, hostname)
	switch {
	case state == client.FeatureEnabled || state == client.FeatureDisabled:
		return state, fmt.Sprintf("license sync: %s, per the cloud's Server Statistics of %s.", state, asOf.Format(time.DateOnly))
	case asOf.IsZero():
		return client.FeatureUnknown, fmt.Sprintf("The cloud's Server Statistics has no record of %s (it lists %s); license sync stays unknown.",
			hostname, client.StatsHosts(recs))
	}
	return client.FeatureUnknown, ""
}

// serverIDFromSync is the server id license-sync-status gives hostname, or "".
func serverIDFromSync(s *client.LicenseSyncStatus, hostname string) string {
	if s == nil || hostname == "" {
		return ""
	}
	for _, inst := range s.ServerInstances {
		if strings.EqualFold(strings.TrimSpace(inst.Hostname), hostname) && inst.ServerID != "" {
			return inst.ServerID
		}
	}
	return ""
}

// dormantFromStatistics is the dormant users of this server's newest Server Statistics
// record, the one license sync is read from (newestStatsRecord); nil when none matches
// or when the count cannot be true (then bad says why: seats.DormantImpossible).
func dormantFromStatistics(recs []client.ServerStatsRecord, serverID, hostname string) (dormant *int, bad []seats.Impossible) {
	r, _ := client.NewestStatsRecord(recs, serverID, hostname)
	if r == nil {
		return nil, nil
	}
	if bad = seats.DormantImpossible(r); bad != nil {
		return nil, bad
	}
	n := r.DormantUsers.TotalDormantUsers
	return &n, nil
}
