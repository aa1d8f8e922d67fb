package history

import (
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/textsafe"
)

// FromStatistics turns the cloud's Server Statistics records into daily points of
// source SourceServerStatistics: the server's seats used that day (its users less the
// suspended ones, who take no seat). Records without a readable date, host name or
// users block are skipped.
func FromStatistics(records []client.ServerStatsRecord, demo bool) []Sample {
	out := make([]Sample, 0, len(records))
	for _, r := range records {
		at, err := client.ParseTime(r.CollectionDate)
		host := ServerKey(textsafe.Sanitize(r.HostName))
		if err != nil || host == "" || r.GHEStats == nil || r.GHEStats.Users == nil {
			continue
		}
		used := max(r.GHEStats.Users.TotalUsers-r.GHEStats.Users.SuspendedUsers, 0)
		out = append(out, Sample{At: at, Until: at, Source: SourceServerStatistics, Demo: demo, Daily: true,
			Server: host, ServerSeatsUsed: &used, Syncs: []SyncPoint{}})
	}
	return out
}
