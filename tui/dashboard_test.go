package tui

import (
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/charmbracelet/lipgloss"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/client/status"
	"github.com/licensesync/licensesync/tui/common"
	"github.com/muesli/termenv"
)

// toDashboard walks the whole wizard, enabling license sync on the way.
func (h *harness) toDashboard() *dashboardPage {
	h.toLicenseSync()
	h.keys(up, enter, enter, enter)
	if h.m.step != common.StepDashboard {
		h.t.Fatalf("not on the dashboard:\n%s", h.m.View())
	}
	return h.m.pages[common.StepDashboard].(*dashboardPage)
}

func TestSyncNowPollsUntilDoneThenRefreshes(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.jobs = []client.SyncJob{
		{ID: 8, State: client.JobQueued},
		{ID: 8, State: client.JobRunning},
		{ID: 8, State: client.JobSucceeded, UsersUploaded: 2412},
	}
	h := newHarness(t, testOptions(f), 80, 24)
	d := h.toDashboard()
	before := f.statusN
	h.keys(runes("s"))
	if v := h.m.View(); !strings.Contains(v, "Sync now: queued…") {
		t.Fatalf("no progress shown:\n%s", v)
	}
	h.send(syncPollMsg{id: d.sync.id})
	if v := h.m.View(); !strings.Contains(v, "Sync now: running…") {
		t.Fatalf("no running state:\n%s", v)
	}
	h.send(syncPollMsg{id: d.sync.id - 1}) // stale: ignored
	h.send(syncPollMsg{id: d.sync.id})
	if v := h.m.View(); !strings.Contains(v, "✓ Sync now succeeded: 2,412 users uploaded.") {
		t.Fatalf("no result:\n%s", v)
	}
	if f.statusN != before+1 {
		t.Fatalf("status not refreshed after the sync (%d calls)", f.statusN-before)
	}
}

func TestFailedRefreshKeepsDataMarkedStale(t *testing.T) {
	t.Parallel()
	f := newFake()
	h := newHarness(t, testOptions(f), 80, 24)
	d := h.toDashboard()
	h.send(statusMsg{id: d.status.id, err: &client.Error{Kind: client.KindUnreachable, Hint: "Check the network to ghes.acme.test."}})
	v := h.m.View()
	if !strings.Contains(v, "2,412 used of 3,000") || !strings.Contains(v, "Stale, updated 0s ago: Check the network") {
		t.Fatalf("stale data not kept or not marked:\n%s", v)
	}
}

// A reload of the users that fails half-way keeps the whole old table, marked stale;
// the page that did arrive is not mixed in.
func TestFailedUsersReloadKeepsOldRowsMarkedStale(t *testing.T) {
	t.Parallel()
	f := newFake()
	h := newHarness(t, testOptions(f), 80, 24)
	d := h.toDashboard()
	f.mu.Lock()
	f.users = append(f.users[:3:3], demoUsers()...) // 27 users: three pages, two never come
	f.usersErr = &client.Error{Kind: client.KindUnreachable, Hint: "Check the network to api.github.com."}
	f.mu.Unlock()
	h.keys(runes("r"))
	v := h.m.View()
	if len(d.users.table.rows) != len(demoUsers()) || d.users.loading {
		t.Fatalf("old rows not kept whole: %d rows", len(d.users.table.rows))
	}
	if flat := strings.Join(strings.Fields(v), " "); !strings.Contains(v, "Users 1 of 24") || !strings.Contains(v, "stale (see above)") ||
		!strings.Contains(flat, "Users are stale, the reload from the cloud failed: Check the network to api.github.com.") {
		t.Fatalf("stale users not marked:\n%s", v)
	}
	f.mu.Lock()
	f.users, f.usersErr = f.users[:3], nil
	f.mu.Unlock()
	h.keys(runes("r"))
	if v := h.m.View(); len(d.users.table.rows) != 3 || strings.Contains(v, "stale") {
		t.Fatalf("a good reload did not replace the rows (%d) or clear the mark:\n%s", len(d.users.table.rows), v)
	}
}

func TestUsersFilterSortAndDuplicates(t *testing.T) {
	t.Parallel()
	f := newFake()
	h := newHarness(t, testOptions(f), 80, 24)
	d := h.toDashboard()
	if len(d.users.table.rows) != len(f.users) || d.users.loading {
		t.Fatalf("users not loaded: %d rows", len(d.users.table.rows))
	}
	h.keys(runes("/"), runes("doe"))
	if v := h.m.View(); !strings.Contains(v, "Users 1 of 2 ") || strings.Contains(v, "abel") {
		t.Fatalf("filter on login/name/emails failed:\n%s", v)
	}
	h.keys(runes("q")) // typed into the filter, not quit
	if !d.users.filter.Focused() {
		t.Fatal("q left the filter")
	}
	h.keys(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("\x1b\u202e\x00"), Paste: true})
	if d.users.table.filter != "doeq" || strings.ContainsAny(h.m.View(), "\x1b\u202e\x00") {
		t.Fatalf("control characters got into the filter: %q", d.users.table.filter)
	}
	h.keys(esc)
	if len(d.users.table.shown) != len(f.users) {
		t.Fatal("esc did not clear the filter")
	}
	h.keys(runes("o"))
	if d.users.table.sort != sortName {
		t.Fatalf("sort = %s", d.users.table.sort)
	}
	h.keys(runes("d"))
	v := h.m.View()
	if !strings.Contains(v, "Counted twice · 1 person") || !strings.Contains(v, "jdoe@acme.test") {
		t.Fatalf("duplicates view wrong:\n%s", v)
	}
	h.keys(esc)
	if d.showing(d.twice) || h.m.step != common.StepDashboard {
		t.Fatal("esc did not close the duplicates view first")
	}
}

func TestNoCloudTokenShowsServerSideAndWhatCloudNeeds(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.cloud = false
	f.status.Cloud = status.CloudStatus{}
	h := newHarness(t, testOptions(f), 80, 24)
	h.toDashboard()
	v := strings.Join(strings.Fields(h.m.View()), " ")
	if !strings.Contains(v, "2,412 used of 3,000") || !strings.Contains(v, "needs GH_TOKEN with read:enterprise") ||
		!strings.Contains(v, "Set GH_TOKEN to a token with read:enterprise") {
		t.Fatalf("cloud gap not explained:\n%s", v)
	}
}

func TestLicenseExpiryAndOverAllocation(t *testing.T) {
	t.Parallel()
	f := newFake()
	soon := testNow.Add(12 * 24 * time.Hour)
	f.status.Server.License.ExpiresAt = &soon
	f.status.Cloud.SeatsConsumed = ptr(3050)
	h := newHarness(t, testOptions(f), 80, 24)
	h.toDashboard()
	v := h.m.View()
	if !strings.Contains(v, "(in 12 days): renew soon") || !strings.Contains(v, "3,050 consumed of 3,000 purchased · 50 over") {
		t.Fatalf("warnings missing:\n%s", v)
	}
	gone := testNow.Add(-3 * 24 * time.Hour)
	f.status.Server.License = &client.License{Seats: client.Seats{Unlimited: true}, SeatsUsed: 12, SeatsAvailable: client.Seats{Unlimited: true}, Kind: "evaluation", ExpiresAt: &gone}
	h.keys(runes("r"))
	v = h.m.View()
	if !strings.Contains(v, "EXPIRED 2026-11-21 (3 days ago)") || !strings.Contains(v, "12 used · unlimited seats") {
		t.Fatalf("expired/unlimited not shown:\n%s", v)
	}
}

func TestCraftedNamesNeverReachTheScreen(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.users[0].GithubComName = ptr("Mallory\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b[31mRed\u202e")
	f.users[0].GithubComLogin = "mal\x1b[1mlory\r"
	f.status.Gaps = []string{"cloud said \x1b[5mblink\x1b[0m"}
	h := newHarness(t, testOptions(f), 80, 24)
	h.toDashboard()
	h.keys(runes("o"), runes("o")) // any order: make sure Mallory is visible
	h.keys(runes("/"), runes("mal"))
	v := h.m.View()
	if strings.ContainsAny(v, "\x1b\x07\r\u202e") {
		t.Fatalf("control characters reached View: %q", v)
	}
	if !strings.Contains(v, "mallory") {
		t.Fatalf("the user is not shown at all:\n%s", v)
	}
}

// TestNoColorViewHasNoColours: NoColor draws no colour, but the selected row stays in
// reverse video and headings in bold, so the screen still reads.
func TestNoColorViewHasNoColours(t *testing.T) {
	t.Parallel()
	colour := lipgloss.NewRenderer(nil)
	colour.SetColorProfile(termenv.TrueColor)
	opts := testOptions(newFake())
	opts.Renderer = colour
	h := newHarness(t, opts, 80, 24)
	if !strings.Contains(h.m.View(), "\x1b[") {
		t.Fatal("the colour renderer did not colour: the test proves nothing")
	}
	opts.NoColor = true
	h = newHarness(t, opts, 80, 24)
	h.toDashboard()
	v := h.m.View()
	if c := regexp.MustCompile(`\x1b\[[0-9;]*\b(3[0-8]|4[0-8]|9[0-7]|10[0-7])\b[0-9;]*m`).FindString(v); c != "" {
		t.Fatalf("NoColor view has colour %q: %q", c, v)
	}
	if !strings.Contains(v, "\x1b[7m› abel") || !strings.Contains(v, "\x1b[1mServer") {
		t.Fatalf("NoColor view lost its reverse and bold: %q", v)
	}
}

func TestTooSmallAndResize(t *testing.T) {
	t.Parallel()
	h := newHarness(t, testOptions(newFake()), 50, 12)
	v := h.m.View()
	if !strings.Contains(v, "Terminal too small: 50×12") || !strings.Contains(v, "at least 60×16") {
		t.Fatalf("no notice:\n%s", v)
	}
	h.keys(enter)
	if h.m.step != common.StepConnect {
		t.Fatal("keys act behind the notice")
	}
	h.send(windowSize(60, 16))
	if v := h.m.View(); strings.Contains(v, "too small") || lipgloss.Height(v) != 16 || lipgloss.Width(v) != 60 {
		t.Fatalf("resize did not re-lay out (%dx%d):\n%s", lipgloss.Width(v), lipgloss.Height(v), v)
	}
}

// Sync now while license sync is off says how to turn it on here, whether the last
// status said so (no request made) or the appliance refused the job (409).
func TestSyncNowWhileDisabledSaysHowToEnableHere(t *testing.T) {
	t.Parallel()
	const want = "License sync is disabled: press esc to go back to the setting and choose Enabled"
	t.Run("known setting", func(t *testing.T) {
		f := newFake()
		f.jobs = []client.SyncJob{{ID: 1, State: client.JobQueued}}
		h := newHarness(t, testOptions(f), 80, 24)
		h.toLicenseSync()
		f.status.Connect.LicenseSync = client.FeatureDisabled
		h.keys(enter) // keep Disabled: the dashboard
		h.keys(runes("s"))
		v := h.m.View()
		if flat := strings.Join(strings.Fields(v), " "); !strings.Contains(flat, want) {
			t.Fatalf("no way forward shown:\n%s", v)
		}
		if f.starts != 0 {
			t.Fatal("a sync was started although the setting is off")
		}
		h.keys(esc)
		if h.m.step != common.StepLicenseSync {
			t.Fatalf("esc did not go back to the setting, at %d", h.m.step)
		}
	})
	t.Run("refused by the appliance", func(t *testing.T) {
		f := newFake()
		f.startErr = &client.Error{Kind: client.KindConflict, Status: 409, Op: "start a license sync",
			Hint: "Enable license sync first (licensesync enable), then sync."}
		h := newHarness(t, testOptions(f), 80, 24)
		h.toDashboard()
		h.keys(runes("s"))
		v := h.m.View()
		if flat := strings.Join(strings.Fields(v), " "); !strings.Contains(flat, want) || strings.Contains(v, "licensesync enable") {
			t.Fatalf("the command's hint, not the console's:\n%s", v)
		}
	})
}

// Errors and hints on the dashboard are never lost: where they would crowd out the
// users table they take one line each, marked as cut, and n shows them whole.
func TestDashboardErrorsWrapNotCut(t *testing.T) {
	t.Parallel()
	f := newFake()
	hint := "The cloud answered with a page from a proxy: ask your network team to let api.github.com through, or set HTTPS_PROXY to the proxy that does."
	f.startErr = &client.Error{Kind: client.KindBadResponse, Op: "start a license sync", Hint: hint}
	f.status.Gaps = []string{"The cloud's license sync status is 3 days old, so the seats it counts may have moved since."}
	h := newHarness(t, testOptions(f), 80, 24)
	d := h.toDashboard()
	h.keys(runes("s"))
	h.send(statusMsg{id: d.status.id, err: &client.Error{Kind: client.KindUnreachable, Hint: hint}})
	if v := h.m.View(); !strings.Contains(v, "✗ Sync now failed: The cloud answered with a page from a proxy") ||
		!strings.Contains(v, "…") || !strings.Contains(v, "n all notes") || d.users.table.height < minTableRows {
		t.Fatalf("the notes do not fold to keep %d rows (%d):\n%s", minTableRows, d.users.table.height, v)
	}
	h.keys(runes("n"))
	v := h.m.View()
	flat := strings.Join(strings.Fields(v), " ")
	if !strings.Contains(flat, "Sync now failed: Start a license sync. "+hint) || !strings.Contains(flat, "Stale, updated 0s ago: "+hint+" Retrying in 30s; r retries now.") {
		t.Fatalf("not shown whole:\n%s", v)
	}
	if lipgloss.Height(v) != 24 {
		t.Fatalf("the screen is %d lines", lipgloss.Height(v))
	}
}

// The selected person's reason, fix and links are written out below the rows; moving
// the cursor changes them without moving the table.
func TestCountedTwiceShowsWhyAndFix(t *testing.T) {
	t.Parallel()
	f := newFake()
	h := newHarness(t, testOptions(f), 80, 24)
	d := h.toDashboard()
	h.keys(runes("d"))
	d.twice.list.rows = []findingRow{
		newFindingRow(seats.Finding{Kind: seats.KindExactEmailSplit, Confidence: seats.ConfidenceCertain, CloudLogin: "jonathan-doe",
			ServerEmails: []string{"jonathan.doe@old.test"}, Why: "jonathan.doe@acme.test is not the primary email",
			Fix: "On ghes make jonathan.doe@acme.test the primary email of jdoe, then sync now.", CloudProfile: "https://github.com/jonathan-doe"}),
		newFindingRow(seats.Finding{Kind: seats.KindLookalike, Confidence: seats.ConfidenceGuess, CloudLogin: "jdoe",
			ServerEmails: []string{"jdoe@acme.test"}, Why: "server email jdoe@acme.test looks like jdoe", Fix: "If they are one person, verify it."}),
	}
	d.twice.list.cursor = 0
	h.m.layout()
	v := h.m.View()
	flat := strings.Join(strings.Fields(v), " ")
	if !strings.Contains(flat, "Fix On ghes make jonathan.doe@acme.test the primary email of jdoe, then sync now.") ||
		!strings.Contains(flat, "Open github.com/jonathan-doe") {
		t.Fatalf("the fix or the link is not shown:\n%s", v)
	}
	pos := func(v string) int { return strings.Index(v, "Why ") }
	before := pos(v)
	h.keys(down)
	v = h.m.View()
	if !strings.Contains(v, "Fix   If they are one person, verify it.") || pos(v) != before || lipgloss.Height(v) != 24 {
		t.Fatalf("the details moved or did not follow the cursor:\n%s", v)
	}
}

// "Sync now" refused because the setting is off says how to enable it; once that is
// done and the dashboard is back, the advice is gone.
func TestSyncDisabledMessageGoesOnceEnabled(t *testing.T) {
	t.Parallel()
	const stale = "License sync is disabled"
	f := newFake()
	f.jobs = []client.SyncJob{{ID: 1, State: client.JobQueued}}
	f.status.Connect.LicenseSync = client.FeatureDisabled
	h := newHarness(t, testOptions(f), 80, 24)
	h.toLicenseSync()
	h.keys(enter, runes("s"))
	if v := h.m.View(); !strings.Contains(v, stale) {
		t.Fatalf("no advice shown:\n%s", v)
	}
	h.keys(esc, up, enter, enter) // Enabled, confirmed
	f.mu.Lock()
	f.status.Connect.LicenseSync = client.FeatureEnabled
	f.mu.Unlock()
	h.keys(enter)
	if h.m.step != common.StepDashboard {
		t.Fatalf("not on the dashboard:\n%s", h.m.View())
	}
	if v := h.m.View(); strings.Contains(v, stale) || !strings.Contains(v, "Enabled") {
		t.Fatalf("the stale advice outlived the change:\n%s", v)
	}

	// A status read that shows the setting now on clears it too, without leaving.
	d := h.m.pages[common.StepDashboard].(*dashboardPage)
	d.sync.result = syncDisabledText
	h.keys(runes("r"))
	if v := h.m.View(); strings.Contains(v, stale) {
		t.Fatalf("a status saying Enabled kept the advice:\n%s", v)
	}
}

// Before a sync no user is on the server side in the cloud's list: the "counted twice"
// view says nothing could be compared, not that nobody is counted twice.
func TestCountedTwiceBeforeAnySyncSaysNotChecked(t *testing.T) {
	t.Parallel()
	f := newFake()
	for i := range f.users {
		f.users[i].EnterpriseServerUser = no()
	}
	f.users = f.users[:len(f.users)-2] // the server-only jdoe and its cloud twin
	f.status.Connect.LicenseSync = client.FeatureDisabled
	h := newHarness(t, testOptions(f), 80, 24)
	h.toLicenseSync()
	h.keys(enter, runes("d"))
	v := h.m.View()
	flat := strings.Join(strings.Fields(v), " ")
	if strings.Contains(v, "nobody looks counted twice") || strings.Contains(v, "· nobody") ||
		!strings.Contains(flat, "No server users have reached the cloud yet: enable license sync and press s to sync, then look again.") ||
		!strings.Contains(v, "not checked yet") {
		t.Fatalf("claims a clean result without a check:\n%s", v)
	}

	// With server users and no pair, the clean result stands.
	f = newFake()
	f.users = f.users[:len(f.users)-2]
	h = newHarness(t, testOptions(f), 80, 24)
	h.toDashboard()
	h.keys(runes("d"))
	if v := h.m.View(); !strings.Contains(v, "nobody looks counted twice") || !strings.Contains(v, "Counted twice · nobody") {
		t.Fatalf("a real clean result is not shown:\n%s", v)
	}
}

// noCloudEnterpriseErr is the client's error when a cloud token is set but neither
// --cloud-enterprise nor the appliance (no console API) says which enterprise to ask.
func noCloudEnterpriseErr() error {
	return &client.Error{Kind: client.KindUsage, Op: "find the cloud enterprise", Err: client.ErrNoCloudEnterprise,
		Hint: "Pass --cloud-enterprise SLUG."}
}

// A stock appliance without a cloud enterprise slug: one short line on the Cloud row
// says what to do, not the same long error three times.
func TestNoCloudEnterpriseSaidOnce(t *testing.T) {
	t.Parallel()
	f := newFake()
	err := noCloudEnterpriseErr()
	f.loadErr = err
	f.status.Cloud = status.CloudStatus{}
	f.status.Gaps = []string{err.Error(), "Seats could not be read.", "Seats could not be read."}
	h := newHarness(t, testOptions(f), 80, 24)
	h.toDashboard()
	v := h.m.View()
	flat := strings.Join(strings.Fields(v), " ")
	if !strings.Contains(flat, "Cloud This appliance does not say which cloud enterprise it is connected to; start licensesync with --cloud-enterprise SLUG (or LICENSESYNC_CLOUD_ENTERPRISE).") {
		t.Fatalf("no concise line:\n%s", v)
	}
	if strings.Contains(v, "Pass --cloud-enterprise") || strings.Contains(v, "Cloud   cloud") || strings.Count(flat, "--cloud-enterprise") != 1 {
		t.Fatalf("the long error is repeated:\n%s", v)
	}
	if n := strings.Count(v, "Seats could not be read."); n != 1 {
		t.Fatalf("an identical gap is shown %d times:\n%s", n, v)
	}
	if !strings.Contains(v, "LOGIN") {
		t.Fatalf("the users table is pushed off the screen:\n%s", v)
	}

	// Step 5 on a stock appliance says it the same way.
	f = newFake()
	f.settingsErr = &client.Error{Kind: client.KindConsoleUnavailable, Status: 404}
	f.syncStErr = err
	h = newHarness(t, testOptions(f), 80, 24)
	h.toLicenseSync()
	flat = strings.Join(strings.Fields(h.m.View()), " ")
	if !strings.Contains(flat, "Could not ask the cloud: this appliance does not say which cloud enterprise") || strings.Contains(flat, "Pass --cloud-enterprise") {
		t.Fatalf("step 5:\n%s", h.m.View())
	}
}

// Other cloud usage errors keep their own words.
func TestNoCloudEnterpriseIsRecognisedBySentinel(t *testing.T) {
	t.Parallel()
	if !common.NoCloudEnterprise(noCloudEnterpriseErr()) {
		t.Fatal("not recognised")
	}
	for _, err := range []error{
		&client.Error{Kind: client.KindUsage, Op: "read the cloud's consumed licenses: no cloud token", Hint: "Set GH_TOKEN."},
		&client.Error{Kind: client.KindUsage, Op: "find the cloud enterprise: GitHub Connect is not connected to a cloud enterprise", Hint: "Enable GitHub Connect."},
		&client.Error{Kind: client.KindNotFound, Status: 404, Op: "read the cloud's consumed licenses"},
	} {
		if common.NoCloudEnterprise(err) {
			t.Errorf("%v taken for a missing cloud enterprise", err)
		}
	}
}

// With no users read, counted twice does not claim to be looking.
func TestCountedTwiceWithoutUsersIsNotLooking(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.loadErr = noCloudEnterpriseErr()
	h := newHarness(t, testOptions(f), 80, 24)
	h.toDashboard()
	h.keys(runes("d"))
	if v := h.m.View(); strings.Contains(v, "looking") || !strings.Contains(v, "Counted twice · not read (see above)") {
		t.Fatalf("looking for what will not come:\n%s", v)
	}
}
