package tui

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/client/status"
)

// testNow is the fixed clock of every test, so goldens are stable.
var testNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

func ptr[T any](v T) *T { return &v }

func yes() client.FlexBool { return client.FlexBool{V: ptr(true)} }
func no() client.FlexBool  { return client.FlexBool{V: ptr(false)} }

// fakeBackend is an in-memory GHES + GHEC with knobs for every failure the console shows.
type fakeBackend struct {
	mu sync.Mutex

	cloud       bool
	metaErr     error
	viewer      client.Viewer
	viewerErr   error
	license     client.License
	settings    client.ConnectSettings
	settingsErr error
	// setErr fails the next SetLicenseSync; conflict makes it answer 412 once, after
	// someone else changed the settings.
	setErr   error
	conflict bool
	setCalls []string // the If-Match of every SetLicenseSync
	status   status.Status
	statusN  int
	jobs     []client.SyncJob // StartSync returns jobs[0]; SyncJob walks the rest
	startErr error            // StartSync fails with it
	starts   int
	jobIdx   int
	users    []client.ConsumedUser
	pageSize int
	usersErr error // ConsumedLicenses fails with it after the first page
	loadErr  error // ConsumedLicenses fails with it at once
	// snapshot is what CachedConsumedLicenses returns (nil: none), confirmed at
	// snapshotAt; unchanged makes ConsumedLicenses answer every page "not modified".
	snapshot   []client.ConsumedUser
	snapshotAt time.Time
	unchanged  bool
	loads      int // ConsumedLicenses calls
	syncSt     client.LicenseSyncStatus
	inst       *client.Installation // the cloud's GraphQL view; nil: unknown
	syncStErr  error
	syncStN    int
	// accounts are the server's own user list ReconcileFrom uses (nil: unknown).
	accounts []seats.ServerAccount
	// snapshotID is the Fetch.Snapshot of the snapshot's users and of a load that
	// leaves them unchanged; reconciles counts ReconcileFrom calls.
	snapshotID string
	reconciles int
	// cloudErr fails CheckCloud (the Connect step's cloud check).
	cloudErr error
	// kept is what Keep kept, by name: under snapshotID it is what ReadKeptForSnapshot reads.
	kept map[string]fakeKept
}

// fakeKept is one value Keep kept: the snapshot and version it was kept under, as JSON.
type fakeKept struct {
	snapshot string
	version  int
	value    []byte
}

func newFake() *fakeBackend {
	expires := testNow.Add(220 * 24 * time.Hour)
	last := testNow.Add(-2 * time.Hour)
	next := testNow.Add(5 * 24 * time.Hour)
	f := &fakeBackend{
		cloud:  true,
		viewer: client.Viewer{Login: "admin", SiteAdmin: true},
		license: client.License{
			Seats: client.Seats{N: 3000}, SeatsUsed: 2412, SeatsAvailable: client.Seats{N: 588},
			Kind: "enterprise", ExpiresAt: &expires,
		},
		settings: client.ConnectSettings{
			Connected: true, CloudURL: "https://github.com/enterprises/acme-cloud", CloudEnterprise: "acme-cloud",
			Hostname: "ghes.acme.test", Version: 7,
			Features: map[string]string{"license_sync": client.FeatureDisabled},
			ETag:     `"7"`,
		},
		status: status.Status{
			Server:  status.ServerStatus{URL: "https://ghes.acme.test", Hostname: "ghes.acme.test", Version: "3.14.2", Enterprise: "acme"},
			Connect: status.ConnectStatus{Connected: ptr(true), CloudEnterprise: "acme-cloud", LicenseSync: client.FeatureEnabled},
			Sync:    status.SyncStatus{State: client.JobSucceeded, LastSyncAt: &last, NextSyncAt: &next},
			Cloud: status.CloudStatus{
				Enterprise: "acme-cloud", SeatsPurchased: ptr(3000), SeatsConsumed: ptr(2950),
				Servers: []status.CloudServerSync{{ServerID: "6f1c", Hostname: "ghes.acme.test",
					LastSync: client.LastSync{Date: last.Format(time.RFC3339), Status: "success"}}},
			},
		},
		pageSize: 10,
		syncSt: client.LicenseSyncStatus{ServerInstances: []client.ServerInstance{{ServerID: "6f1c", Hostname: "ghes.acme.test",
			LastSync: client.LastSync{Date: last.Format(time.RFC3339), Status: "success"}}}},
	}
	lic := f.license
	f.status.Server.License = &lic
	f.users = demoUsers()
	return f
}

// demoUsers are 24 people, delivered in reverse login order so a sorted table differs
// from arrival order; jdoe is on the server only and "jdoe" is also a cloud-only login.
func demoUsers() []client.ConsumedUser {
	names := []string{"abel", "bea", "carla", "dmitri", "elif", "farah", "goran", "hana", "ivo", "jon",
		"kai", "lena", "mo", "nia", "omar", "pia", "quinn", "rui", "sam", "tara", "uma", "vik"}
	var users []client.ConsumedUser
	for i := len(names) - 1; i >= 0; i-- {
		n := names[i]
		users = append(users, client.ConsumedUser{
			GithubComLogin: n, GithubComName: ptr(strings.ToUpper(n[:1]) + n[1:] + " Example"),
			GithubComUser: yes(), EnterpriseServerUser: yes(), LicenseType: "enterprise",
			EnterpriseServerEmails: []string{n + "@acme.test"},
		})
	}
	users = append(users,
		client.ConsumedUser{EnterpriseServerUserIDs: []string{"ghes.acme.test:1042"}, GithubComUser: no(), EnterpriseServerUser: yes(),
			LicenseType: "enterprise", EnterpriseServerEmails: []string{"jdoe@acme.test"}},
		client.ConsumedUser{GithubComLogin: "jdoe", GithubComName: ptr("J. Doe"), GithubComUser: yes(), EnterpriseServerUser: no(),
			LicenseType: "enterprise", GithubComVerifiedDomainEmails: []string{"john.doe@acme-corp.test"}},
	)
	return users
}

func (f *fakeBackend) HasCloud() bool { f.mu.Lock(); defer f.mu.Unlock(); return f.cloud }

func (f *fakeBackend) Meta(context.Context) (*client.Meta, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.metaErr != nil {
		return nil, f.metaErr
	}
	return &client.Meta{InstalledVersion: "3.14.2"}, nil
}

func (f *fakeBackend) Viewer(context.Context) (*client.Viewer, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.viewerErr != nil {
		return nil, f.viewerErr
	}
	v := f.viewer
	return &v, nil
}

func (f *fakeBackend) License(context.Context) (*client.License, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	l := f.license
	return &l, nil
}

func (f *fakeBackend) Status(context.Context) (*status.Status, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.statusN++
	s := f.status
	return &s, nil
}

func (f *fakeBackend) copySettings() *client.ConnectSettings {
	s := f.settings
	s.Features = map[string]string{}
	for k, v := range f.settings.Features {
		s.Features[k] = v
	}
	return &s
}

func (f *fakeBackend) ConnectSettings(context.Context) (*client.ConnectSettings, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.settingsErr != nil {
		return nil, f.settingsErr
	}
	return f.copySettings(), nil
}

func (f *fakeBackend) SetLicenseSync(_ context.Context, enabled bool, ifMatch string) (*client.ConnectSettings, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.setCalls = append(f.setCalls, ifMatch)
	if err := f.setErr; err != nil {
		f.setErr = nil
		return nil, err
	}
	if f.conflict {
		f.conflict = false
		f.settings.Version++
		f.settings.ETag = fmt.Sprintf(`"%d"`, f.settings.Version)
		return nil, &client.Error{Kind: client.KindConflict, Status: 412, Op: "change license sync",
			Hint: "Someone else changed the GitHub Connect settings; read them again."}
	}
	v := client.FeatureDisabled
	if enabled {
		v = client.FeatureEnabled
	}
	f.settings.Features["license_sync"] = v
	f.settings.Version++
	f.settings.ETag = fmt.Sprintf(`"%d"`, f.settings.Version)
	return f.copySettings(), nil
}

func (f *fakeBackend) StartSync(context.Context) (*client.SyncJob, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.starts++
	if f.startErr != nil {
		return nil, f.startErr
	}
	f.jobIdx = 0
	j := f.jobs[0]
	return &j, nil
}

func (f *fakeBackend) SyncJob(context.Context) (*client.SyncJob, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.jobIdx = min(f.jobIdx+1, len(f.jobs)-1)
	j := f.jobs[f.jobIdx]
	return &j, nil
}

func (f *fakeBackend) ConsumedLicenses(ctx context.Context, onPage func(client.PageProgress)) (*client.ConsumedLicenses, error) {
	f.mu.Lock()
	users := append([]client.ConsumedUser(nil), f.users...)
	size := f.pageSize
	failAfterFirst := f.usersErr
	unchanged := f.unchanged
	loadErr := f.loadErr
	consumed, purchased := f.totals()
	f.loads++
	f.mu.Unlock()
	if loadErr != nil {
		return nil, loadErr
	}
	last := (len(users) + size - 1) / size
	for page := 1; page <= last; page++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if page > 1 && failAfterFirst != nil {
			return nil, failAfterFirst
		}
		end := min(page*size, len(users))
		onPage(client.PageProgress{Page: page, LastPage: last, Consumed: consumed, Purchased: purchased,
			UsersSoFar: end, Users: users[(page-1)*size : end]})
	}
	cl := &client.ConsumedLicenses{TotalSeatsConsumed: consumed, TotalSeatsPurchased: purchased, Users: users}
	cl.Fetch.Pages = last
	if unchanged {
		cl.Fetch.NotModified, cl.Fetch.Snapshot = last, f.snapshotID
	}
	return cl, nil
}

func (f *fakeBackend) CachedConsumedLicenses(context.Context) (*client.ConsumedLicenses, time.Time, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.snapshot == nil {
		return nil, time.Time{}, false
	}
	consumed, purchased := f.totals()
	cl := &client.ConsumedLicenses{TotalSeatsConsumed: consumed, TotalSeatsPurchased: purchased,
		Users: append([]client.ConsumedUser(nil), f.snapshot...)}
	cl.Fetch.FromSnapshot, cl.Fetch.Snapshot = true, f.snapshotID
	return cl, f.snapshotAt, true
}

func (f *fakeBackend) ReadKeptForSnapshot(_ context.Context, name string, version int, maxBytes int64, v any) (time.Time, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	k, ok := f.kept[name]
	if !ok || f.snapshot == nil || k.snapshot != f.snapshotID || k.version != version || int64(len(k.value)) > maxBytes || json.Unmarshal(k.value, v) != nil {
		return time.Time{}, false
	}
	return f.snapshotAt, true
}

func (f *fakeBackend) Keep(name string, version int, snapshot string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.kept == nil {
		f.kept = map[string]fakeKept{}
	}
	f.kept[name] = fakeKept{snapshot: snapshot, version: version, value: data}
	return nil
}

func (f *fakeBackend) CheckCloud(context.Context) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return "acme-cloud", f.cloudErr
}

func (f *fakeBackend) Installation(_ context.Context, hostname string) (*client.Installation, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.inst == nil {
		return &client.Installation{Unknown: "not set in the fake"}, nil
	}
	inst := *f.inst
	return &inst, nil
}

func (f *fakeBackend) LicenseSyncStatus(context.Context) (*client.LicenseSyncStatus, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.syncStN++
	if f.syncStErr != nil {
		return nil, f.syncStErr
	}
	s := f.syncSt
	return &s, nil
}

func (f *fakeBackend) ReconcileFrom(_ context.Context, cl *client.ConsumedLicenses) *seats.Reconcile {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reconciles++
	return seats.NewReconcile(seats.ReconcileInput{Licenses: cl, Accounts: f.accounts})
}

// totals are the cloud's consumed and purchased seats, as the status says them
// (2,950 of 3,000 when it says none). f.mu must be held.
func (f *fakeBackend) totals() (consumed, purchased int) {
	consumed, purchased = 2950, 3000
	if c := f.status.Cloud; c.SeatsConsumed != nil && c.SeatsPurchased != nil {
		consumed, purchased = *c.SeatsConsumed, *c.SeatsPurchased
	}
	return consumed, purchased
}
