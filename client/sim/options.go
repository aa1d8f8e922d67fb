package sim

import (
	"fmt"
	"io"
	"math"
	"time"
)

// Unlimited, as ServerSeats, gives the appliance an unlimited (evaluation-style)
// license: the API then answers "seats": "unlimited".
const Unlimited = -1

// Options shape the simulated enterprise. The zero value is a sensible demo world;
// every zero field takes the default named in its comment.
type Options struct {
	// Seed makes the seeded world: the same seed gives byte-identical responses
	// (for the same Now).
	Seed int64
	// Users is the number of server users (default 2500).
	Users int
	// CloudUsers is the number of cloud enterprise members (default 1800).
	CloudUsers int
	// Enterprise is the GHES enterprise slug (default "acme").
	Enterprise string
	// CloudEnterprise is the GHEC enterprise slug (default "acme-cloud").
	CloudEnterprise string
	// Hostname is the appliance's hostname as the cloud knows it (default "ghes.acme.test").
	Hostname string
	// SeatsPurchased is the cloud enterprise's purchased seats (default: enough for
	// every unique person, rounded up to a hundred).
	SeatsPurchased int
	// ServerSeats is the appliance license's seats (default: users plus ~10%,
	// rounded up to fifty); Unlimited for an unlimited license.
	ServerSeats int
	// LicenseKind is the appliance license kind (default "standard", or "evaluation"
	// with Unlimited seats).
	LicenseKind string
	// LicenseExpiresIn is how long after the world's creation the appliance license
	// expires (default 200 days).
	LicenseExpiresIn time.Duration
	// Disconnected turns GitHub Connect off (the default is connected), so license
	// sync cannot be enabled.
	Disconnected bool
	// LicenseSyncEnabled starts the world with license sync enabled three days ago
	// and one successful sync behind it.
	LicenseSyncEnabled bool
	// ServerStatistics starts the world with the GitHub Connect feature Server
	// Statistics enabled 30 days ago (unless Disconnected). While that feature is on
	// (it can also be switched with the console API), the cloud serves
	// GET /enterprise-installation/{e}/server-statistics: one record a day for the
	// appliance; otherwise that endpoint answers 404.
	ServerStatistics bool
	// StatisticsPast, with ServerStatistics, is how long before the world's creation
	// Server Statistics was turned on (default 30 days); the records of those days show
	// the server's users growing towards today's (see serverstats_past.go).
	StatisticsPast time.Duration
	// SyncDuration is the wall-clock time a sync job takes (default 3s): queued for
	// the first tenth, then running, then succeeded or failed. On the sim clock it
	// lasts SyncDuration·Clock.
	SyncDuration time.Duration
	// SyncFailure, when set, makes every sync job fail with this error.
	SyncFailure string
	// Clock speeds up simulated time (default 1): with 10080, a week passes in a
	// minute and the weekly schedule is observable.
	Clock float64
	// Latency is added to every request.
	Latency time.Duration
	// PageTime is the server time of one page of a paged endpoint.
	PageTime PageTime
	// FailRate is the fraction of requests answered 502 or 500 (deterministic).
	FailRate float64
	// ResetRate is the fraction of connections closed without an answer.
	ResetRate float64
	// SpikeRate is the fraction of requests delayed by SpikeLatency on top of Latency
	// (drawn from their own seeded generator, so FailRate's draws are unchanged).
	SpikeRate float64
	// SpikeLatency is a latency spike's length (default 500ms when SpikeRate is set).
	SpikeLatency time.Duration
	// LostWriteReplies makes the first N successful writes (PATCH, PUT, POST, DELETE;
	// not GraphQL queries) lose their answer: the change is applied, then the
	// connection is closed without a reply, as when a proxy times out after the server
	// acted. Clients must read back, not repeat.
	LostWriteReplies int
	// Stock makes a stock appliance: the console API (docs/CONSOLE_API.md) answers 404
	// as on a real GitHub Enterprise Server, so only the public endpoints remain. The
	// setting then cannot be changed through licensesync, only observed (start with
	// LicenseSyncEnabled to see a server that syncs).
	Stock bool
	// HostileNames plants terminal escape sequences, bidi overrides and control
	// characters (HostilePayloads) in some users' names, logins and emails.
	HostileNames bool
	// SecondaryLimit is GitHub's secondary rate limit; zero fields are off.
	SecondaryLimit SecondaryLimit
	// PrimaryLimit is GitHub's primary rate limit per token; zero is not enforced
	// (the headers then show a 5000/hour budget that is never exhausted).
	PrimaryLimit PrimaryLimit
	// StateFile, when set, keeps the mutable state (settings, jobs, sync and upload
	// records, the sim clock) across processes, and shares it between processes running
	// at once: the file is read again before a request when another process saved it
	// since. The seeded data is regenerated.
	StateFile string
	// Now is the wall clock (default time.Now); tests pass a fake one.
	Now func() time.Time
	// Log receives the HTTP server's own error lines when served by Start (a failed
	// TLS handshake, a panicking handler), prefixed "sim: ". Nil discards them, so an
	// in-process demo never writes over its terminal.
	Log io.Writer
}

// PageTime is the server time of one page: Base plus PerItem for each item on it.
type PageTime struct {
	Base    time.Duration
	PerItem time.Duration
}

// SecondaryLimit models GitHub's secondary rate limits. Requests over MaxConcurrent
// in flight are answered 403; more than PointsPerWindow points (GET 1, writes 5) per
// token and endpoint within Window are answered 429. Both carry Retry-After.
type SecondaryLimit struct {
	MaxConcurrent   int
	PointsPerWindow int
	Window          time.Duration // default one minute
}

// PrimaryLimit models GitHub's primary rate limit: Limit requests per token per
// Window (default one hour); then 403 with x-ratelimit-remaining: 0 until the reset.
type PrimaryLimit struct {
	Limit  int
	Window time.Duration
}

// withDefaults fills the zero fields and checks the rest.
func (o Options) withDefaults() (Options, error) {
	if o.Users == 0 {
		o.Users = 2500
	}
	if o.CloudUsers == 0 {
		o.CloudUsers = 1800
	}
	if o.Users < 1 || o.CloudUsers < 1 {
		return o, fmt.Errorf("sim: Users and CloudUsers must be positive")
	}
	if o.Users > 5_000_000 || o.CloudUsers > 5_000_000 {
		return o, fmt.Errorf("sim: at most 5000000 users per side")
	}
	if o.Enterprise == "" {
		o.Enterprise = "acme"
	}
	if o.CloudEnterprise == "" {
		o.CloudEnterprise = "acme-cloud"
	}
	if o.Hostname == "" {
		o.Hostname = "ghes.acme.test"
	}
	if o.ServerSeats == 0 {
		o.ServerSeats = roundUp(o.Users+o.Users/10, 50)
	}
	if o.ServerSeats < Unlimited {
		return o, fmt.Errorf("sim: ServerSeats must be positive or Unlimited")
	}
	if o.LicenseKind == "" {
		o.LicenseKind = "standard"
		if o.ServerSeats == Unlimited {
			o.LicenseKind = "evaluation"
		}
	}
	if o.LicenseExpiresIn == 0 {
		o.LicenseExpiresIn = 200 * 24 * time.Hour
	}
	if o.SyncDuration == 0 {
		o.SyncDuration = 3 * time.Second
	}
	if o.SyncDuration < 0 {
		return o, fmt.Errorf("sim: SyncDuration must not be negative")
	}
	if o.Clock == 0 {
		o.Clock = 1
	}
	if o.Clock < 0 || math.IsNaN(o.Clock) || math.IsInf(o.Clock, 0) {
		return o, fmt.Errorf("sim: Clock must be a positive speed-up")
	}
	if o.FailRate < 0 || o.FailRate > 1 || o.ResetRate < 0 || o.ResetRate > 1 {
		return o, fmt.Errorf("sim: FailRate and ResetRate are fractions in [0, 1]")
	}
	if o.SpikeRate < 0 || o.SpikeRate > 1 || math.IsNaN(o.SpikeRate) || math.IsNaN(o.FailRate) || math.IsNaN(o.ResetRate) {
		return o, fmt.Errorf("sim: SpikeRate, FailRate and ResetRate are fractions in [0, 1]")
	}
	if o.SpikeRate > 0 && o.SpikeLatency == 0 {
		o.SpikeLatency = 500 * time.Millisecond
	}
	if o.SpikeLatency < 0 || o.Latency < 0 || o.LostWriteReplies < 0 {
		return o, fmt.Errorf("sim: Latency, SpikeLatency and LostWriteReplies must not be negative")
	}
	if o.SecondaryLimit.Window == 0 {
		o.SecondaryLimit.Window = time.Minute
	}
	if o.PrimaryLimit.Window == 0 {
		o.PrimaryLimit.Window = time.Hour
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o, nil
}

func roundUp(n, step int) int {
	return (n + step - 1) / step * step
}
