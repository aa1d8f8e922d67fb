package common

import (
	"context"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/client/status"
)

// Backend is the part of *status.Reader the console calls. Tests hand in a fake.
type Backend interface {
	HasCloud() bool
	Meta(ctx context.Context) (*client.Meta, error)
	Viewer(ctx context.Context) (*client.Viewer, error)
	License(ctx context.Context) (*client.License, error)
	Status(ctx context.Context) (*status.Status, error)
	ConnectSettings(ctx context.Context) (*client.ConnectSettings, error)
	SetLicenseSync(ctx context.Context, enabled bool, ifMatch string) (*client.ConnectSettings, error)
	StartSync(ctx context.Context) (*client.SyncJob, error)
	SyncJob(ctx context.Context) (*client.SyncJob, error)
	ConsumedLicenses(ctx context.Context, onPage func(client.PageProgress)) (*client.ConsumedLicenses, error)
	// CachedConsumedLicenses is the last complete result kept on disk, without a
	// request: the dashboard shows it at once, then revalidates with ConsumedLicenses.
	CachedConsumedLicenses(ctx context.Context) (*client.ConsumedLicenses, time.Time, bool)
	// ReadKeptForSnapshot and Keep hold what the console computes from the snapshot's
	// users beside it, under its fingerprint (client.Keep): the users table's first screen.
	ReadKeptForSnapshot(ctx context.Context, name string, version int, maxBytes int64, v any) (time.Time, bool)
	Keep(name string, version int, snapshot string, v any) error
	LicenseSyncStatus(ctx context.Context) (*client.LicenseSyncStatus, error)
	// ReconcileFrom is where the seats of a users load go, with what the server adds.
	ReconcileFrom(ctx context.Context, cl *client.ConsumedLicenses) *seats.Reconcile
	// CheckCloud checks the cloud token against the cloud enterprise and names it.
	CheckCloud(ctx context.Context) (string, error)
	// Installation is this server (by hostname) as GitHub.com's GraphQL API sees it:
	// the check after "open this page in a browser" on a stock appliance.
	Installation(ctx context.Context, hostname string) (*client.Installation, error)
}

var _ Backend = (*status.Reader)(nil)
