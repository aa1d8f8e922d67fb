package status

import (
	"context"
	"errors"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/transport"
)

// PartError is one part of the status that could not be read: the `errors` array of
// `status --json` (README, "status"). Part names a field group, e.g.
// "cloud.consumed_licenses"; Kind is one of the words of partKind.
type PartError struct {
	Part    string `json:"part"`
	Kind    string `json:"kind"`
	Message string `json:"message"`
}

// The parts of a status, as PartError.Part names them.
const (
	PartServer            = "server" // the server could not be used at all (status --all)
	PartServerMeta        = "server.meta"
	PartServerLicense     = "server.license"
	PartServerHostname    = "server.hostname" // appliance mode: ghe-config
	PartServerUsers       = "server.users"
	PartConnectSettings   = "connect.settings"
	PartSyncJob           = "sync.job"
	PartCloudEnterprise   = "cloud.enterprise"
	PartCloudConsumed     = "cloud.consumed_licenses"
	PartCloudSyncStatus   = "cloud.license_sync_status"
	PartCloudServerStats  = "cloud.server_statistics"
	PartCloudInstallation = "cloud.installations" // GraphQL: how the cloud sees this server
	kindImpossibleNumbers = "impossible_value"
)

// partKind is the stable word for why a part failed: timeout, unreachable, tls,
// unauthorized, not_site_admin, missing_scope, rate_limited, not_found, conflict,
// server_error, bad_response, impossible_value, cancelled or other.
func partKind(err error) string {
	switch {
	case errors.Is(err, transport.ErrTimedOut), errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "cancelled"
	case errors.Is(err, client.ErrImpossible):
		return kindImpossibleNumbers
	}
	switch client.KindOf(err) {
	case client.KindUnreachable:
		return "unreachable"
	case client.KindTLS:
		return "tls"
	case client.KindUnauthorized:
		return "unauthorized"
	case client.KindNotSiteAdmin:
		return "not_site_admin"
	case client.KindMissingScope:
		return "missing_scope"
	case client.KindRateLimited:
		return "rate_limited"
	case client.KindNotFound:
		return "not_found"
	case client.KindConflict:
		return "conflict"
	case client.KindServer:
		return "server_error"
	case client.KindBadResponse:
		return "bad_response"
	}
	return "other"
}

// IsAuthKind reports a PartError.Kind that a token or its rights caused (exit 4).
func IsAuthKind(kind string) bool {
	return kind == "unauthorized" || kind == "missing_scope" || kind == "not_site_admin"
}

// NewPartError is the PartError for part failing with err.
func NewPartError(part string, err error) PartError {
	return PartError{Part: part, Kind: partKind(err), Message: err.Error()}
}

// partError records that part failed with err.
func (st *Status) partError(part string, err error) {
	st.Gaps = append(st.Gaps, err.Error())
	st.Errors = append(st.Errors, NewPartError(part, err))
}
