package history

import (
	"slices"
	"strings"
	"time"

	"github.com/licensesync/licensesync/client/status"
	"github.com/licensesync/licensesync/client/textsafe"
)

// Sources of samples.
const (
	SourceObserved         = "observed"          // read by licensesync itself
	SourceServerStatistics = "server-statistics" // a daily record the cloud keeps
)

// Sample is the numbers of one server at one time. Nil counts were not known.
type Sample struct {
	At time.Time `json:"time"`
	// Until is when the same values were last seen (identical samples are folded).
	Until  time.Time `json:"until"`
	Source string    `json:"source"`
	// Demo marks what the demo seeded or read: never mixed with real history.
	Demo bool `json:"demo"`
	// Daily: one point for its day (a Server Statistics record, or compacted).
	Daily            bool        `json:"daily"`
	Server           string      `json:"server"`
	ServerSeatsUsed  *int        `json:"server_seats_used"`
	ServerSeatsTotal *int        `json:"server_seats_total"`
	CloudConsumed    *int        `json:"cloud_consumed"`
	CloudPurchased   *int        `json:"cloud_purchased"`
	CountedTwice     *int        `json:"counted_twice"`
	Syncs            []SyncPoint `json:"syncs"`
}

// SyncPoint is one server's last sync as the cloud reported it.
type SyncPoint struct {
	Server string `json:"server"`
	Date   string `json:"date"`
	Status string `json:"status"`
}

// FromStatus is the sample of one status read at now. countedTwice is nil when the
// people counted twice were not counted.
func FromStatus(st *status.Status, now time.Time, demo bool, countedTwice *int) Sample {
	s := Sample{At: now.UTC().Truncate(time.Second), Source: SourceObserved, Demo: demo,
		Server: ServerKey(st.Server.Hostname), CloudConsumed: st.Cloud.SeatsConsumed,
		CloudPurchased: st.Cloud.SeatsPurchased, CountedTwice: countedTwice, Syncs: []SyncPoint{}}
	s.Until = s.At
	if l := st.Server.License; l != nil {
		if !l.SeatsUsedUnknown { // ghe-license without a server token: unknown, not 0
			used := l.SeatsUsed
			s.ServerSeatsUsed = &used
		}
		if !l.Seats.Unlimited && !l.SeatsUnknown { // seats that cannot be true: unknown
			total := l.Seats.N
			s.ServerSeatsTotal = &total
		}
	}
	for _, srv := range st.Cloud.Servers {
		s.Syncs = append(s.Syncs, SyncPoint{Server: textsafe.Sanitize(srv.Hostname), Date: textsafe.Sanitize(srv.LastSync.Date), Status: textsafe.Sanitize(srv.LastSync.Status)})
	}
	slices.SortFunc(s.Syncs, func(a, b SyncPoint) int { return strings.Compare(a.Server, b.Server) })
	return s
}

// sameValues says whether next, read after last, holds the same numbers and syncs. A
// counted-twice count next does not have (nil: not counted this time) is no change.
func sameValues(last, next Sample) bool {
	eq := func(x, y *int) bool { return x == nil && y == nil || x != nil && y != nil && *x == *y }
	return eq(last.ServerSeatsUsed, next.ServerSeatsUsed) && eq(last.ServerSeatsTotal, next.ServerSeatsTotal) &&
		eq(last.CloudConsumed, next.CloudConsumed) && eq(last.CloudPurchased, next.CloudPurchased) &&
		(next.CountedTwice == nil || eq(last.CountedTwice, next.CountedTwice)) && slices.Equal(last.Syncs, next.Syncs)
}

// ServerKey is how samples name a server: its host name, lower case.
func ServerKey(hostname string) string { return strings.ToLower(strings.TrimSpace(hostname)) }
