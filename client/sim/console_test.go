package sim

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"testing"
	"time"
)

func TestSyncJobLifecycle(t *testing.T) {
	s, clock := newTestSim(t, Options{Seed: 2, SyncDuration: 4 * time.Second})
	job := decode[wireJob](t, do(t, s, http.MethodGet, pathSync, ServerAdminToken, ""))
	if job.State != jobNone || job.ID != 0 || job.StartedAt != nil || job.NextScheduledAt != nil {
		t.Fatalf("fresh job %+v", job)
	}
	rec := do(t, s, http.MethodPost, pathSync, ServerAdminToken, "")
	wantStatus(t, rec, http.StatusConflict)
	if msg := decode[apiError](t, rec).Message; msg != "License sync is disabled. You can enable it in the GitHub Connect settings" {
		t.Errorf("409 message %q", msg)
	}

	enableSync(t, s)
	rec = do(t, s, http.MethodPost, pathSync, ServerAdminToken, "")
	wantStatus(t, rec, http.StatusAccepted)
	job = decode[wireJob](t, rec)
	if job.State != jobQueued || job.Trigger != triggerManual || job.ID != 1 {
		t.Fatalf("started job %+v", job)
	}
	clock.Advance(time.Second)
	again := decode[wireJob](t, do(t, s, http.MethodPost, pathSync, ServerAdminToken, ""))
	if again.ID != job.ID || again.State != jobRunning {
		t.Fatalf("second Sync now %+v, want the running job %d", again, job.ID)
	}
	st := decode[wireSyncStatus](t, do(t, s, http.MethodGet, pathStatus, CloudAdminToken, ""))
	if len(st.ServerInstances) != 1 || st.ServerInstances[0].LastSync.Status != "" || st.ServerInstances[0].LastSync.Date != "" {
		t.Fatalf("status while running %+v", st)
	}

	clock.Advance(3 * time.Second)
	job = decode[wireJob](t, do(t, s, http.MethodGet, pathSync, ServerAdminToken, ""))
	if job.State != jobSucceeded || job.UsersUploaded != s.w.activeUsers || job.FinishedAt == nil {
		t.Fatalf("finished job %+v", job)
	}
	st = decode[wireSyncStatus](t, do(t, s, http.MethodGet, pathStatus, CloudAdminToken, ""))
	if got := st.ServerInstances[0]; got.Hostname != "ghes.acme.test" || got.LastSync.Status != syncSuccess || got.LastSync.Date != *job.FinishedAt {
		t.Fatalf("status after sync %+v", st)
	}
	if s.Stats().JobsStarted != 1 {
		t.Errorf("jobs started %d", s.Stats().JobsStarted)
	}
}

func TestSyncFailure(t *testing.T) {
	s, clock := newTestSim(t, Options{SyncFailure: "could not reach api.github.com"})
	enableSync(t, s)
	do(t, s, http.MethodPost, pathSync, ServerAdminToken, "")
	clock.Advance(10 * time.Second)
	job := decode[wireJob](t, do(t, s, http.MethodGet, pathSync, ServerAdminToken, ""))
	if job.State != jobFailed || job.Error != "could not reach api.github.com" || job.UsersUploaded != 0 {
		t.Fatalf("failed job %+v", job)
	}
	st := decode[wireSyncStatus](t, do(t, s, http.MethodGet, pathStatus, CloudAdminToken, ""))
	if ls := st.ServerInstances[0].LastSync; ls.Status != syncFailure || ls.Error != job.Error {
		t.Fatalf("status %+v", st)
	}
	if c := decode[wireConsumed](t, do(t, s, http.MethodGet, pathConsumed, CloudAdminToken, "")); c.TotalSeatsConsumed != len(s.w.cloud) {
		t.Errorf("a failed sync changed the count: %d", c.TotalSeatsConsumed)
	}
}

func TestWeeklySchedule(t *testing.T) {
	// A week passes in a minute of wall-clock time.
	s, clock := newTestSim(t, Options{Clock: 10080, SyncDuration: time.Millisecond})
	enableSync(t, s)
	settings := decode[wireConnect](t, do(t, s, http.MethodGet, pathConnect, ServerAdminToken, ""))
	enabledAt, _ := time.Parse(time.RFC3339, *settings.LicenseSyncEnabledAt)
	job := decode[wireJob](t, do(t, s, http.MethodGet, pathSync, ServerAdminToken, ""))
	if job.State != jobNone || *job.NextScheduledAt != *stamp(enabledAt.Add(week)) {
		t.Fatalf("before the first slot %+v", job)
	}
	clock.Advance(61 * time.Second)
	job = decode[wireJob](t, do(t, s, http.MethodGet, pathSync, ServerAdminToken, ""))
	if job.Trigger != triggerScheduled || job.State != jobSucceeded || *job.StartedAt != *stamp(enabledAt.Add(week)) ||
		*job.NextScheduledAt != *stamp(enabledAt.Add(2 * week)) {
		t.Fatalf("after a week %+v", job)
	}
	// Three more weeks at once: the slots count, the last one shows.
	clock.Advance(3 * time.Minute)
	job = decode[wireJob](t, do(t, s, http.MethodGet, pathSync, ServerAdminToken, ""))
	if job.ID != 4 || *job.StartedAt != *stamp(enabledAt.Add(4 * week)) {
		t.Fatalf("after four weeks %+v", job)
	}
	st := decode[wireSyncStatus](t, do(t, s, http.MethodGet, pathStatus, CloudAdminToken, ""))
	if st.ServerInstances[0].LastSync.Status != syncSuccess {
		t.Fatalf("status %+v", st)
	}
	// Disabled: no schedule.
	wantStatus(t, do(t, s, http.MethodPatch, pathConnect, ServerAdminToken, `{"features":{"license_sync":"disabled"}}`), http.StatusOK)
	if job = decode[wireJob](t, do(t, s, http.MethodGet, pathSync, ServerAdminToken, "")); job.NextScheduledAt != nil {
		t.Fatalf("schedule while disabled %+v", job)
	}
}

func TestSettingsIfMatch(t *testing.T) {
	s, _ := newTestSim(t, Options{})
	rec := do(t, s, http.MethodGet, pathConnect, ServerAdminToken, "")
	if rec.Header().Get("ETag") != `"1"` {
		t.Fatalf("ETag %q", rec.Header().Get("ETag"))
	}
	v := decode[wireConnect](t, rec)
	if !v.Connected || v.CloudEnterprise != "acme-cloud" || v.Features.LicenseSync != featureOff || v.LicenseSyncEnabledAt != nil {
		t.Fatalf("settings %+v", v)
	}
	rec = do(t, s, http.MethodPatch, pathConnect, ServerAdminToken, `{"features":{"license_sync":"enabled"}}`, "If-Match", `"7"`)
	wantStatus(t, rec, http.StatusPreconditionFailed)
	if cur := decode[struct{ Current wireConnect }](t, rec).Current; cur.Version != 1 {
		t.Fatalf("412 current %+v", cur)
	}
	rec = do(t, s, http.MethodPatch, pathConnect, ServerAdminToken, `{"features":{"license_sync":"enabled"}}`, "If-Match", `"1"`)
	wantStatus(t, rec, http.StatusOK)
	if v = decode[wireConnect](t, rec); v.Version != 2 || v.Features.LicenseSync != featureOn || rec.Header().Get("ETag") != `"2"` || v.LicenseSyncEnabledAt == nil {
		t.Fatalf("after PATCH %+v %v", v, rec.Header())
	}
	// The same value again changes nothing.
	if v = decode[wireConnect](t, do(t, s, http.MethodPatch, pathConnect, ServerAdminToken, `{"features":{"license_sync":"enabled"}}`)); v.Version != 2 {
		t.Fatalf("no-op PATCH bumped the version: %d", v.Version)
	}
	for _, body := range []string{`{"features":{"warp_drive":"enabled"}}`, `{"features":{"license_sync":"on"}}`, `{"features":{}}`} {
		wantStatus(t, do(t, s, http.MethodPatch, pathConnect, ServerAdminToken, body), http.StatusUnprocessableEntity)
	}
	wantStatus(t, do(t, s, http.MethodPatch, pathConnect, ServerAdminToken, `{`), http.StatusBadRequest)

	off, _ := newTestSim(t, Options{Disconnected: true})
	v = decode[wireConnect](t, do(t, off, http.MethodGet, pathConnect, ServerAdminToken, ""))
	if v.Connected || v.CloudEnterprise != "" {
		t.Fatalf("disconnected settings %+v", v)
	}
	wantStatus(t, do(t, off, http.MethodPatch, pathConnect, ServerAdminToken, `{"features":{"license_sync":"enabled"}}`), http.StatusUnprocessableEntity)
	if st := decode[wireSyncStatus](t, do(t, off, http.MethodGet, pathStatus, CloudAdminToken, "")); len(st.ServerInstances) != 0 {
		t.Fatalf("disconnected server listed: %+v", st)
	}
}

func TestExportAndUpload(t *testing.T) {
	s, _ := newTestSim(t, Options{Seed: 5})
	rec := do(t, s, http.MethodGet, pathUsage, ServerAdminToken, "")
	wantStatus(t, rec, http.StatusOK)
	file := decode[wireUsageFile](t, rec)
	if file.Hostname != "ghes.acme.test" || file.Version != installedVersion || len(file.Users) != s.w.activeUsers {
		t.Fatalf("usage file: host %q version %q users %d", file.Hostname, file.Version, len(file.Users))
	}
	wantStatus(t, do(t, s, http.MethodPost, pathUpload, CloudAdminToken, `{"hostname":"x"}`), http.StatusUnprocessableEntity)
	wantStatus(t, do(t, s, http.MethodPost, pathUpload, CloudAdminToken, `not json`), http.StatusUnprocessableEntity)
	rec = do(t, s, http.MethodPost, pathUpload, CloudAdminToken, rec.Body.String())
	wantStatus(t, rec, http.StatusCreated)
	if got := decode[map[string]any](t, rec); int(got["users_uploaded"].(float64)) != s.w.activeUsers {
		t.Fatalf("upload answer %v", got)
	}
	c := decode[wireConsumed](t, do(t, s, http.MethodGet, pathConsumed, CloudAdminToken, ""))
	if want := naiveConsumed(s.w, true); c.TotalSeatsConsumed != want {
		t.Fatalf("consumed after upload %d, want %d", c.TotalSeatsConsumed, want)
	}
	st := decode[wireSyncStatus](t, do(t, s, http.MethodGet, pathStatus, CloudAdminToken, ""))
	if st.ServerInstances[0].LastSync.Status != syncSuccess {
		t.Fatalf("status after upload %+v", st)
	}
	if s.Stats().Writes != 3 || s.Stats().Uploads != 1 {
		t.Errorf("writes %d uploads %d", s.Stats().Writes, s.Stats().Uploads)
	}
}

// The export's users are encoded once while the suspensions are unchanged: a user
// suspended through the API leaves the next export, and comes back when unsuspended;
// the body is what encoding the whole file gives.
func TestExportFollowsSuspensions(t *testing.T) {
	s, _ := newTestSim(t, Options{Seed: 5, HostileNames: true}) // names with <, > and & in them
	export := func() (string, wireUsageFile) {
		rec := do(t, s, http.MethodGet, pathUsage, ServerAdminToken, "")
		wantStatus(t, rec, http.StatusOK)
		return rec.Body.String(), decode[wireUsageFile](t, rec)
	}
	listed := func(f wireUsageFile, login string) bool {
		return slices.ContainsFunc(f.Users, func(u wireUsageUser) bool { return u.Login == login })
	}
	body, first := export()
	s.mu.Lock()
	whole, err := marshal(s.usageFileAt(s.st.simNow(time.Now()), true))
	s.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	if strip := func(b string) string { return regexp.MustCompile(`"exported_at":"[^"]*"`).ReplaceAllString(b, "") }; strip(body) != strip(string(whole)) {
		t.Fatalf("the export differs from the whole file encoded:\n%.300s\n%.300s", body, whole)
	}
	login := first.Users[3].Login // url.PathEscape: a hostile login holds control characters
	wantStatus(t, do(t, s, http.MethodPut, "/api/v3/users/"+url.PathEscape(login)+"/suspended", ServerAdminToken, `{"reason":"dormant"}`), http.StatusNoContent)
	if _, f := export(); listed(f, login) || len(f.Users) != len(first.Users)-1 {
		t.Fatalf("suspended %s still exported (%d users, was %d)", login, len(f.Users), len(first.Users))
	}
	wantStatus(t, do(t, s, http.MethodDelete, "/api/v3/users/"+url.PathEscape(login)+"/suspended", ServerAdminToken, `{"reason":"undo"}`), http.StatusNoContent)
	if _, f := export(); !listed(f, login) || len(f.Users) != len(first.Users) {
		t.Fatalf("unsuspended %s not exported (%d users)", login, len(f.Users))
	}
}
