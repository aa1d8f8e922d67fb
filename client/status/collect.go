package status

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/seats"
)

// Status reads everything the dashboard shows, with independent requests in parallel:
// meta, license, GitHub Connect settings and the sync job on the server; page 1 of
// consumed-licenses (totals only, never every page) and license-sync-status on the
// cloud; on a stock appliance (no console API), the cloud's Server Statistics for
// license sync (where the appliance shares them). It fails only when the server cannot
// be used at all (unreachable, TLS, a refused token, not GitHub's API); every other
// missing piece becomes a sentence in Status.Gaps and the matching fields stay null or
// "unknown".
func (c *Reader) Status(ctx context.Context) (*Status, error) {
	var (
		wg                   sync.WaitGroup
		meta                 *client.Meta
		lic                  *client.License
		settings             *client.ConnectSettings
		job                  *client.SyncJob
		metaErr, licErr      error
		settingsErr, jobErr  error
		cloud                cloudSnapshot
		statsSync            = client.FeatureUnknown // license sync per the cloud's Server Statistics
		statsNote            string
		statsRecs            []client.ServerStatsRecord
		statsErr             error
		dormantBad           []seats.Impossible // Server Statistics' dormant users, when impossible
		licNote, knownHost   string
		hostErr              error
		withToken            = c.HasServerToken()
		installs             *client.InstallationsWire
		installsErr          error
		users                *client.ServerUsers
		usersErr             error
		settingsKnown        = make(chan struct{})
		st                   = &Status{}
		needSettingsForCloud = c.Config().CloudEnterprise == ""
	)
	if !c.CloudOnly() {
		wg.Go(func() { lic, licNote, licErr = c.ServerLicense(ctx) })
	}
	wg.Go(func() { knownHost, hostErr = c.KnownHostname(ctx) })
	if withToken {
		wg.Go(func() { meta, metaErr = c.Meta(ctx) })
		wg.Go(func() { job, jobErr = c.SyncJob(ctx) })
		wg.Go(func() { users, usersErr = c.ServerUserCounts(ctx) })
	} else {
		// Appliance mode without a server token: what needs one is said once below.
		metaErr, jobErr = client.ErrNoServerToken, client.ErrNoServerToken
	}
	wg.Go(func() {
		defer close(settingsKnown)
		if !withToken {
			settingsErr = client.ErrNoServerToken
			return
		}
		settings, settingsErr = c.ConnectSettings(ctx)
		if settingsErr == nil && settings.Connected && client.CheckSlug(settings.CloudEnterprise, "") == nil {
			c.LearnCloudEnterprise(settings.CloudEnterprise)
		}
	})
	if c.HasCloud() {
		wg.Go(func() {
			if needSettingsForCloud {
				<-settingsKnown
			}
			cloud = c.readCloud(ctx)
		})
		// The cloud's own view of its servers (GraphQL), matched once the hostname is known.
		wg.Go(func() {
			if needSettingsForCloud {
				<-settingsKnown
			}
			installs, installsErr = c.Installations(ctx)
		})
		// A stock appliance does not say whether license sync is on; the cloud's Server
		// Statistics may (only where the appliance shares them).
		wg.Go(func() {
			<-settingsKnown
			// Without --cloud-enterprise a stock appliance cannot name the cloud enterprise.
			// GHE.com (data residency) has no Server Statistics: never send the admin there.
			if (client.KindOf(settingsErr) == client.KindConsoleUnavailable || !withToken) && c.Config().CloudEnterprise != "" && !c.CloudIsGHEcom() {
				statsRecs, statsErr = c.ServerStatistics(ctx, c.Now().Add(-statsLookback))
			}
		})
	}
	wg.Wait()
	if statsErr == nil && len(statsRecs) > 0 {
		// Matched by host name, and by the server id license-sync-status gives it.
		host := c.ServerHostname()
		if knownHost != "" {
			host = knownHost
		}
		id := serverIDFromSync(cloud.sync, host)
		statsSync, statsNote = licenseSyncNote(statsRecs, host, id)
		if users != nil {
			users.Dormant, dormantBad = dormantFromStatistics(statsRecs, id, host)
		}
	}

	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if !withToken {
		metaErr = nil // not asked; said once below
	}
	for _, err := range []error{metaErr, licErr} {
		switch client.KindOf(err) {
		case client.KindUnreachable, client.KindTLS, client.KindUnauthorized, client.KindBadResponse, client.KindNotSiteAdmin:
			return nil, err
		}
	}
	if client.KindOf(settingsErr) == client.KindNotFound {
		// The appliance has no such enterprise: everything else would be about nothing.
		return nil, settingsErr
	}
	if withToken && metaErr != nil && licErr != nil {
		// The server answered nothing useful at all (e.g. only 5xx): no status to show.
		return nil, metaErr
	}
	st.Errors, st.Impossible = []PartError{}, []seats.Impossible{}
	// gap says what is not offered (no server token, a cloud owner's session): a note,
	// not a failed part.
	gap := func(err error) { st.Gaps = append(st.Gaps, err.Error()) }

	st.Server = ServerStatus{URL: c.ServerRoot(), Hostname: c.ServerHostname(), Enterprise: c.Config().Enterprise, License: lic}
	// Every number the picture shows is one that can be true (client/seats): the others
	// are unknown, and said.
	st.impossible(believeLicense(lic))
	st.impossible(believeUsers(users))
	st.impossible(dormantBad)
	if !c.HasServer() {
		st.Server.URL, st.Server.Hostname = "", ""
	}
	switch {
	case c.CloudOnly():
		gap(c.NoServerTokenError("read the server side (license, users, GitHub Connect)"))
	case !withToken:
		gap(c.NoServerTokenError("read the server's users, seats in use and GitHub Connect"))
	case metaErr != nil:
		st.partError(PartServerMeta, metaErr)
	default:
		st.Server.Version = meta.InstalledVersion
	}
	if licErr != nil {
		st.partError(PartServerLicense, licErr)
	}
	if licNote != "" && withToken {
		st.Gaps = append(st.Gaps, licNote)
	}
	if hostErr != nil {
		st.partError(PartServerHostname, hostErr)
	}
	st.Server.Users = users
	if usersErr != nil {
		st.partError(PartServerUsers, usersErr)
	}

	st.Connect = ConnectStatus{LicenseSync: client.FeatureUnknown}
	st.Sync = SyncStatus{State: client.FeatureUnknown}
	consoleMissing := withToken && (client.KindOf(settingsErr) == client.KindConsoleUnavailable || client.KindOf(jobErr) == client.KindConsoleUnavailable)
	if consoleMissing {
		st.Gaps = append(st.Gaps, fmt.Sprintf(
			"This appliance does not report GitHub Connect (no console API): open %s → GitHub Connect in a browser; licensesync checks license sync through the cloud's license-sync-status.",
			c.SettingsPage()))
	}
	if settingsErr == nil {
		connected := settings.Connected
		st.Connect = ConnectStatus{Connected: &connected, CloudEnterprise: settings.CloudEnterprise, LicenseSync: settings.LicenseSync()}
		if settings.Hostname != "" {
			st.Server.Hostname = settings.Hostname
		}
	} else if !withToken {
		st.Connect.LicenseSync = statsSync
	} else if client.KindOf(settingsErr) != client.KindConsoleUnavailable {
		st.partError(PartConnectSettings, settingsErr)
	} else {
		st.Connect.LicenseSync = statsSync
	}
	if jobErr == nil {
		st.Sync = SyncStatus{State: job.State, NextSyncAt: job.NextScheduledAt, Error: job.Error}
		if job.State == client.JobSucceeded {
			st.Sync.LastSyncAt = job.FinishedAt
		}
	} else if withToken && client.KindOf(jobErr) != client.KindConsoleUnavailable {
		st.partError(PartSyncJob, jobErr)
	}
	if knownHost != "" {
		st.Server.Hostname = knownHost
	}

	if !c.HasCloud() {
		st.Gaps = append(st.Gaps, fmt.Sprintf("No cloud token: set %s to a classic token with the read:enterprise scope to see cloud seats and sync status.", c.TokenSource(client.SideCloud)))
		return st, nil
	}
	st.Cloud.Enterprise = cloud.enterprise
	for _, pe := range cloud.errs {
		err := pe.err
		st.partError(pe.part, err)
		switch client.KindOf(err) {
		case client.KindUnauthorized, client.KindMissingScope, client.KindNotFound:
			if st.CloudRefused == nil {
				st.CloudRefused = err
			}
		}
	}
	c.applyInstallation(st, installs, installsErr, len(cloud.errs) > 0)
	st.Match = c.matchNote(st.Server.Hostname, knownHost)
	st.Gaps = append(st.Gaps, cloud.notes...)
	if statsErr != nil && client.KindOf(statsErr) != client.KindNotFound {
		// A 404 means no Server Statistics are shared: not offered, not failed.
		st.partError(PartCloudServerStats, statsErr)
	}
	switch {
	case statsNote == "":
	case statsSync == client.FeatureUnknown:
		st.Gaps = append(st.Gaps, statsNote)
	default:
		st.Sources = append(st.Sources, statsNote)
	}
	if cloud.page != nil {
		var bad []seats.Impossible
		st.Cloud.SeatsPurchased, st.Cloud.SeatsConsumed, bad = believeCloud(cloud.page)
		st.impossible(bad)
	}
	if cloud.sync != nil {
		st.Cloud.Servers = make([]CloudServerSync, 0, len(cloud.sync.ServerInstances))
		for _, s := range cloud.sync.ServerInstances {
			st.Cloud.Servers = append(st.Cloud.Servers, CloudServerSync(s))
		}
		if st.Sync.LastSyncAt == nil {
			st.Sync.LastSyncAt = lastSuccessFor(cloud.sync, st.Server.Hostname, serverID(settings))
		}
	}
	return st, nil
}

// cloudSnapshot is what Status reads on the cloud side.
type cloudSnapshot struct {
	enterprise string
	page       *client.ConsumedLicenses // page 1: the totals
	sync       *client.LicenseSyncStatus
	errs       []cloudPartError
	notes      []string // about the snapshot and what a decode left out
}

// cloudPartError is a cloud part that could not be read.
type cloudPartError struct {
	part string
	err  error
}

// readCloud reads consumed-licenses page 1 and license-sync-status in parallel.
func (c *Reader) readCloud(ctx context.Context) cloudSnapshot {
	var snap cloudSnapshot
	ent, err := c.CloudEnterprise(ctx)
	if err != nil {
		snap.errs = append(snap.errs, cloudPartError{PartCloudEnterprise, err})
		return snap
	}
	snap.enterprise = ent
	var wg sync.WaitGroup
	var pageErr, syncErr error
	wg.Go(func() {
		var notes []string
		snap.page, notes, pageErr = c.ConsumedLicensesTotals(ctx, ent)
		snap.notes = append(snap.notes, notes...)
	})
	wg.Go(func() { snap.sync, syncErr = c.LicenseSyncStatus(ctx) })
	wg.Wait()
	if pageErr != nil {
		snap.errs = append(snap.errs, cloudPartError{PartCloudConsumed, pageErr})
	}
	if syncErr != nil {
		snap.errs = append(snap.errs, cloudPartError{PartCloudSyncStatus, syncErr})
	}
	return snap
}

func serverID(s *client.ConnectSettings) string {
	if s == nil {
		return ""
	}
	return s.ServerID
}

// lastSuccessFor is the date of this server's last successful sync as the cloud saw it,
// matched by server id or host name; nil when the cloud lists none.
func lastSuccessFor(s *client.LicenseSyncStatus, hostname, id string) *time.Time {
	for _, inst := range s.ServerInstances {
		match := (id != "" && inst.ServerID == id) || (hostname != "" && strings.EqualFold(inst.Hostname, hostname))
		if !match || !strings.EqualFold(inst.LastSync.Status, client.SyncSuccess) {
			continue
		}
		if t, err := client.ParseTime(inst.LastSync.Date); err == nil {
			return &t
		}
	}
	return nil
}
