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
	descSeatsAvailable = prometheus.NewDesc("licensesync_seats_available",
		"Seats left: on the server's license, or purchased minus consumed on the cloud (negative: over).", []string{"side"}, nil)
	descCloudConsumed = prometheus.NewDesc("licensesync_cloud_seats_consumed",
		"Seats the cloud enterprise counts as consumed.", nil, nil)
	descCloudPurchased = prometheus.NewDesc("licensesync_cloud_seats_purchased",
		"Seats the cloud enterprise has purchased.", nil, nil)
	descProjected = prometheus.NewDesc("licensesync_cloud_seats_projected_after_sync",
		"Seats the cloud will count after this server's first license sync (absent once synced or unknown).", nil, nil)
	descLicenseExpiry = prometheus.NewDesc("licensesync_license_expiry_timestamp_seconds",
		"When the server's license expires, as a Unix time.", []string{"server"}, nil)
	descLastSync = prometheus.NewDesc("licensesync_last_sync_timestamp_seconds",
		"When the cloud last received this server's license sync, as a Unix time.", []string{"server"}, nil)
	descLastSyncSuccess = prometheus.NewDesc("licensesync_last_sync_success",
		"Whether the server's last license sync succeeded, as the cloud says (1 yes, 0 no).", []string{"server"}, nil)
	descPeople = prometheus.NewDesc("licensesync_people",
		"People holding a cloud seat: on both sides (matched), on the server only, on the cloud only.", []string{"kind"}, nil)
	descCountedTwice = prometheus.NewDesc("licensesync_counted_twice_people",
		"People who may be counted twice, by why.", []string{"kind"}, nil)
	descUp = prometheus.NewDesc("licensesync_up",
		"Whether the last refresh read every part of a side (1) or some failed (0).", []string{"source"}, nil)
	descRefreshDuration = prometheus.NewDesc("licensesync_refresh_duration_seconds",
		"How long the last refresh took.", nil, nil)
	descRefreshTime = prometheus.NewDesc("licensesync_last_refresh_timestamp_seconds",
		"When the last refresh that returned a picture ended, as a Unix time.", nil, nil)
	descRefreshErrors = prometheus.NewDesc("licensesync_refresh_errors_total",
		"Parts that could not be read, over every refresh, by cause.", []string{"cause"}, nil)
	descBuildInfo = prometheus.NewDesc("licensesync_build_info",
		"Always 1: the version and the Go version licensesync was built with.", []string{"version", "goversion"}, nil)
)

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

// emit sends every series the picture knows, and only those.
func emit(ch chan<- prometheus.Metric, st *status.Status) {
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	server := label(st.Server.Hostname)
	if l := st.Server.License; l != nil && server != "" {
		if !l.Seats.Unlimited && l.Seats.N > 0 {
			gauge(descServerSeats, float64(l.Seats.N), server)
		}
		if !l.SeatsUsedUnknown && l.SeatsUsed >= 0 {
			gauge(descServerSeatsUsed, float64(l.SeatsUsed), server)
			if !l.SeatsAvailable.Unlimited {
				gauge(descSeatsAvailable, float64(l.SeatsAvailable.N), "server")
			}
		}
		if l.ExpiresAt != nil && !l.ExpiresAt.IsZero() {
			gauge(descLicenseExpiry, float64(l.ExpiresAt.Unix()), server)
		}
	}
	c := st.Cloud
	if c.SeatsConsumed != nil && *c.SeatsConsumed >= 0 {
		gauge(descCloudConsumed, float64(*c.SeatsConsumed))
	}
	if c.SeatsPurchased != nil && *c.SeatsPurchased >= 0 {
		gauge(descCloudPurchased, float64(*c.SeatsPurchased))
	}
	if c.SeatsConsumed != nil && c.SeatsPurchased != nil && *c.SeatsConsumed >= 0 && *c.SeatsPurchased >= 0 {
		gauge(descSeatsAvailable, float64(*c.SeatsPurchased-*c.SeatsConsumed), "cloud")
	}
	emitSyncs(gauge, c.Servers)
	if r := st.Reconcile; r != nil {
		emitReconcile(gauge, r)
	}
}

// emitSyncs sends each server's last sync as the cloud lists it: one series per
// hostname (the newest when the cloud lists one twice), none for a date it did not give.
func emitSyncs(gauge func(*prometheus.Desc, float64, ...string), servers []status.CloudServerSync) {
	type last struct {
		at time.Time
		ok bool
	}
	newest := map[string]last{}
	for _, s := range servers {
		host := label(s.Hostname)
		at, err := client.ParseTime(s.LastSync.Date)
		if host == "" || err != nil || at.IsZero() {
			continue
		}
		if prev, seen := newest[host]; !seen || at.After(prev.at) {
			newest[host] = last{at, s.LastSync.Status == client.SyncSuccess}
		}
	}
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

// emitReconcile sends where the cloud's seats go.
func emitReconcile(gauge func(*prometheus.Desc, float64, ...string), r *seats.Reconcile) {
	gauge(descPeople, float64(r.Both), "matched")
	gauge(descPeople, float64(r.ServerOnly), "server_only")
	gauge(descPeople, float64(r.CloudOnly), "cloud_only")
	for _, kind := range []string{seats.KindExactEmailSplit, seats.KindNoVerifiedEmail, seats.KindVSUnmatched, seats.KindSAMLMismatch, seats.KindLookalike} {
		gauge(descCountedTwice, float64(r.CountedTwice.Of(kind)), kind)
	}
	if r.ProjectedAfterSync != nil && *r.ProjectedAfterSync >= 0 {
		gauge(descProjected, float64(*r.ProjectedAfterSync))
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
