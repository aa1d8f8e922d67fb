package metrics

import (
	"sort"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/client/status"
	"github.com/licensesync/licensesync/client/textsafe"
)

// The metric descriptions: every name the exporter can serve (docs/METRICS.md).
var (
	descServerSeats = prometheus.NewDesc("licensesync_server_seats",
		"Seats of the server's license (absent when unlimited or unknown).", []string{"server"}, nil)
	descServerSeatsUsed = prometheus.NewDesc("licensesync_server_seats_used",
		"Seats of the server's license in use.", []string{"server"}, nil)
	descServerSeatsAvailable = prometheus.NewDesc("licensesync_server_seats_available",
		"Seats left on the server's license (negative: over it).", []string{"server"}, nil)
	descLicenseExpiry = prometheus.NewDesc("licensesync_license_expiry_timestamp_seconds",
		"When the server's license expires, as a Unix time.", []string{"server"}, nil)
	descCloudConsumed = prometheus.NewDesc("licensesync_cloud_seats_consumed",
		"Seats the cloud enterprise counts as consumed.", []string{"enterprise"}, nil)
	descCloudPurchased = prometheus.NewDesc("licensesync_cloud_seats_purchased",
		"Seats the cloud enterprise has purchased.", []string{"enterprise"}, nil)
	descCloudSeatsAvailable = prometheus.NewDesc("licensesync_cloud_seats_available",
		"Seats purchased minus consumed on the cloud enterprise (negative: over).", []string{"enterprise"}, nil)
	descCloudRunOut = prometheus.NewDesc("licensesync_cloud_seats_runout_timestamp_seconds",
		"When consumed reaches purchased at the usage history's trend, as a Unix time (an estimate).", []string{"enterprise"}, nil)
	descProjected = prometheus.NewDesc("licensesync_cloud_seats_projected_after_sync",
		"Seats the cloud will count after this server's first license sync (absent once synced or unknown).", []string{"server"}, nil)
	descLastSync = prometheus.NewDesc("licensesync_last_sync_timestamp_seconds",
		"When the cloud last received this server's license sync, as a Unix time.", []string{"server"}, nil)
	descLastSyncSuccess = prometheus.NewDesc("licensesync_last_sync_success",
		"Whether the server's last license sync succeeded, as the cloud says (1 yes, 0 no).", []string{"server"}, nil)
	descPeople = prometheus.NewDesc("licensesync_people",
		"People holding a cloud seat: on both sides (matched), on the server only, on the cloud only.", []string{"server", "kind"}, nil)
	descCountedTwice = prometheus.NewDesc("licensesync_counted_twice_people",
		"People who may be counted twice, by why.", []string{"server", "kind"}, nil)
	descReclaimable = prometheus.NewDesc("licensesync_reclaimable_seats",
		"Seats the reclaim plan would free, by lever and side (server: at once; cloud: at the next license sync).", []string{"server", "lever", "side"}, nil)
	descRateRemaining = prometheus.NewDesc("licensesync_rate_limit_remaining",
		"Requests left in the rate-limit window, as the side's last answer said.", []string{"server", "side", "resource"}, nil)
	descUp = prometheus.NewDesc("licensesync_up",
		"Whether the last refresh read every part of a side (1) or some failed (0).", []string{"server", "source"}, nil)
	descRefreshTime = prometheus.NewDesc("licensesync_last_refresh_timestamp_seconds",
		"When the last read of the server that returned a picture ended, as a Unix time.", []string{"server"}, nil)
	descRefreshErrors = prometheus.NewDesc("licensesync_refresh_errors_total",
		"Parts that could not be read, over every refresh, by cause.", []string{"server", "cause"}, nil)
	descRefreshDuration = prometheus.NewDesc("licensesync_refresh_duration_seconds",
		"How long the last refresh of every server took.", nil, nil)
	descBuildInfo = prometheus.NewDesc("licensesync_build_info",
		"Always 1: the version and the Go version licensesync was built with.", []string{"version", "goversion"}, nil)
)

// descriptions are all of the above, for Describe.
var descriptions = []*prometheus.Desc{
	descServerSeats, descServerSeatsUsed, descServerSeatsAvailable, descLicenseExpiry,
	descCloudConsumed, descCloudPurchased, descCloudSeatsAvailable, descCloudRunOut, descProjected,
	descLastSync, descLastSyncSuccess, descPeople, descCountedTwice, descReclaimable, descRateRemaining,
	descUp, descRefreshTime, descRefreshErrors, descRefreshDuration, descBuildInfo,
}

// maxLabel bounds a label value from outside (a hostname is at most 253 bytes).
const maxLabel = 253

// label makes a string from an API a safe label value: no controls, escapes or
// invisible characters, bounded.
func label(s string) string {
	s = strings.TrimSpace(textsafe.Sanitize(s))
	if r := []rune(s); len(r) > maxLabel {
		s = string(r[:maxLabel])
	}
	return s
}

// gaugeFunc sends one gauge sample.
type gaugeFunc func(d *prometheus.Desc, v float64, labels ...string)

// emitServer sends the series of one server's picture that are its own: its license,
// where the cloud's seats go from its side, its connection's rate limits.
func emitServer(gauge gaugeFunc, server string, p *Picture) {
	st := p.Status
	if l := st.Server.License; l != nil {
		// A number the status judged impossible (client/seats' believable rule) is
		// unknown there, and absent here.
		if !l.SeatsUnknown && !l.Seats.Unlimited && l.Seats.N > 0 {
			gauge(descServerSeats, float64(l.Seats.N), server)
		}
		if !l.SeatsUsedUnknown && l.SeatsUsed >= 0 {
			gauge(descServerSeatsUsed, float64(l.SeatsUsed), server)
			if !l.SeatsAvailableUnknown && !l.SeatsAvailable.Unlimited {
				gauge(descServerSeatsAvailable, float64(l.SeatsAvailable.N), server)
			}
		}
		if l.ExpiresAt != nil && !l.ExpiresAt.IsZero() {
			gauge(descLicenseExpiry, float64(l.ExpiresAt.Unix()), server)
		}
	}
	if r := st.Reconcile; r != nil {
		emitReconcile(gauge, server, r)
	}
	for _, r := range p.Reclaimable {
		gauge(descReclaimable, float64(r.ServerSeats), server, r.Lever, "server")
		gauge(descReclaimable, float64(r.CloudSeats), server, r.Lever, "cloud")
	}
	for _, rate := range p.Rates {
		gauge(descRateRemaining, float64(rate.Remaining), server, rate.Side, rate.Resource)
	}
}

// emitCloud sends one cloud enterprise's seats from the picture that read them.
func emitCloud(gauge gaugeFunc, enterprise string, p *Picture) {
	c := p.Status.Cloud
	consumed := c.SeatsConsumed != nil && *c.SeatsConsumed >= 0
	purchased := c.SeatsPurchased != nil && *c.SeatsPurchased >= 0
	if consumed {
		gauge(descCloudConsumed, float64(*c.SeatsConsumed), enterprise)
	}
	if purchased {
		gauge(descCloudPurchased, float64(*c.SeatsPurchased), enterprise)
	}
	if consumed && purchased {
		gauge(descCloudSeatsAvailable, float64(*c.SeatsPurchased-*c.SeatsConsumed), enterprise)
		if p.RunOut != nil {
			gauge(descCloudRunOut, float64(p.RunOut.Unix()), enterprise)
		}
	}
}

// hasCloudSeats reports whether st read a cloud enterprise's seats.
func hasCloudSeats(st *status.Status) bool {
	return st.Cloud.Enterprise != "" && (st.Cloud.SeatsConsumed != nil || st.Cloud.SeatsPurchased != nil)
}

// lastSync is one server's newest sync as a cloud lists it.
type lastSync struct {
	at time.Time
	ok bool
}

// addSyncs adds the servers' last syncs as the cloud lists them to newest: one per
// hostname (the newest when it is listed twice, or by two pictures), none for a date
// the cloud did not give.
func addSyncs(newest map[string]lastSync, servers []status.CloudServerSync) {
	for _, s := range servers {
		host := label(s.Hostname)
		at, err := client.ParseTime(s.LastSync.Date)
		if host == "" || err != nil || at.IsZero() {
			continue
		}
		if prev, seen := newest[host]; !seen || at.After(prev.at) {
			newest[host] = lastSync{at, s.LastSync.Status == client.SyncSuccess}
		}
	}
}

// emitSyncs sends the last syncs, hostnames in order.
func emitSyncs(gauge gaugeFunc, newest map[string]lastSync) {
	hosts := make([]string, 0, len(newest))
	for h := range newest {
		hosts = append(hosts, h)
	}
	sort.Strings(hosts)
	for _, h := range hosts {
		gauge(descLastSync, float64(newest[h].at.Unix()), h)
		ok := 0.0
		if newest[h].ok {
			ok = 1
		}
		gauge(descLastSyncSuccess, ok, h)
	}
}

// emitReconcile sends where the cloud's seats go, seen from server.
func emitReconcile(gauge gaugeFunc, server string, r *seats.Reconcile) {
	gauge(descPeople, float64(r.Both), server, "matched")
	gauge(descPeople, float64(r.ServerOnly), server, "server_only")
	gauge(descPeople, float64(r.CloudOnly), server, "cloud_only")
	for _, kind := range []string{seats.KindExactEmailSplit, seats.KindNoVerifiedEmail, seats.KindVSUnmatched, seats.KindSAMLMismatch, seats.KindLookalike} {
		gauge(descCountedTwice, float64(r.CountedTwice.Of(kind)), server, kind)
	}
	if r.ProjectedAfterSync != nil && *r.ProjectedAfterSync >= 0 {
		gauge(descProjected, float64(*r.ProjectedAfterSync), server)
	}
}

// sideOf is the source a failed part belongs to: "server" (the appliance: its API,
// utilities, GitHub Connect and sync job) or "cloud".
func sideOf(part string) string {
	if strings.HasPrefix(part, "cloud.") {
		return "cloud"
	}
	return "server"
}
