package status

import (
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/seats"
)

// Status is everything the dashboard knows, once: the `status --json` contract
// (README.md, "status --json"). Field names are stable.
type Status struct {
	Server  ServerStatus  `json:"server"`
	Connect ConnectStatus `json:"connect"`
	Sync    SyncStatus    `json:"sync"`
	Cloud   CloudStatus   `json:"cloud"`
	// Reconcile is where the cloud's consumed seats go (README.md "Where the seats
	// go"); null when the cloud's users could not be read.
	Reconcile *seats.Reconcile `json:"reconcile"`
	// Gaps lists what could not be read and why, one actionable sentence each.
	// They are printed on stderr by the commands and never fail the status.
	Gaps []string `json:"-"`
	// Sources says where a value came from when it is not the usual place (license
	// sync read from the cloud's Server Statistics on a stock appliance): a fact, not
	// a problem; the commands print it with the notes, the console as information.
	Sources []string `json:"-"`
	// Errors lists every part that could not be read, after retries: never empty
	// because a side is simply not offered (a stock appliance, no cloud token). A part
	// listed here has null fields in the status, never a made-up zero.
	Errors []PartError `json:"errors"`
	// Impossible lists every number a source sent that cannot be true (client/seats):
	// its field is null above, and the commands and the console say it as impossible,
	// with the value and its source. [] when every number can be believed.
	Impossible []seats.Impossible `json:"impossible"`
	// CloudRefused is the cloud's refusal when it turned the token or the enterprise
	// down (KindUnauthorized, KindMissingScope, KindNotFound): the status is still
	// complete on the server side, but a script must be able to tell.
	CloudRefused error `json:"-"`
	// Match says by which name this server was picked in the cloud's lists when it is
	// not the given server URL's host ("" when it is); the human status shows it.
	Match string `json:"-"`
}

// ServerStatus is the GHES side.
type ServerStatus struct {
	URL        string          `json:"url"`
	Hostname   string          `json:"hostname"`
	Version    string          `json:"version"`
	Enterprise string          `json:"enterprise"`
	License    *client.License `json:"license"`
	// Users are the server's users as GitHub counts them (/enterprise/stats/users, with
	// dormant users from Server Statistics where shared); nil when not read.
	Users *client.ServerUsers `json:"users"`
}

// ConnectStatus is GitHub Connect as the appliance reports it.
type ConnectStatus struct {
	Connected       *bool  `json:"connected"`
	CloudEnterprise string `json:"cloud_enterprise"`
	LicenseSync     string `json:"license_sync"` // enabled, disabled or unknown
	// Installation is this server as GitHub.com's GraphQL API sees it; nil when the
	// cloud side is not configured (docs/APPLIANCE.md).
	Installation *client.Installation `json:"installation"`
}

// SyncStatus is the appliance's last / current sync job.
type SyncStatus struct {
	State      string     `json:"state"` // none, queued, running, succeeded, failed, unknown
	LastSyncAt *time.Time `json:"last_sync_at"`
	NextSyncAt *time.Time `json:"next_sync_at"`
	Error      string     `json:"error"`
}

// CloudStatus is the GHEC side.
type CloudStatus struct {
	Enterprise     string            `json:"enterprise"`
	SeatsPurchased *int              `json:"seats_purchased"`
	SeatsConsumed  *int              `json:"seats_consumed"`
	Servers        []CloudServerSync `json:"servers"`
}

// CloudTotalsAre reports whether the status's cloud totals are these: the users kept
// with them are still the cloud's.
func (st *Status) CloudTotalsAre(consumed, purchased int) bool {
	c := st.Cloud
	return c.SeatsConsumed != nil && c.SeatsPurchased != nil && *c.SeatsConsumed == consumed && *c.SeatsPurchased == purchased
}

// CloudServerSync is one server instance in license-sync-status.
type CloudServerSync struct {
	ServerID string          `json:"server_id"`
	Hostname string          `json:"hostname"`
	LastSync client.LastSync `json:"last_sync"`
}
