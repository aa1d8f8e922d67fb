package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/tui/common"
)

func TestWizardEnablesLicenseSync(t *testing.T) {
	t.Parallel()
	f := newFake()
	h := newHarness(t, testOptions(f), 80, 24)
	if v := h.m.View(); !strings.Contains(v, "All checks passed") {
		t.Fatalf("checks did not pass:\n%s", v)
	}
	h.toLicenseSync()
	if v := h.m.View(); !strings.Contains(v, "Disabled   (current)") || !strings.Contains(v, frontend.SettingLabel) {
		t.Fatalf("dropdown does not show the current value:\n%s", v)
	}
	h.keys(up, enter)
	if v := h.m.View(); !strings.Contains(v, "Change license sync from Disabled to Enabled?") {
		t.Fatalf("no confirmation asked:\n%s", v)
	}
	if len(f.setCalls) != 0 {
		t.Fatal("applied before confirmation")
	}
	h.keys(enter)
	if got := f.settings.Features["license_sync"]; got != client.FeatureEnabled {
		t.Fatalf("license sync = %s", got)
	}
	if f.setCalls[0] != `"7"` {
		t.Errorf("If-Match = %q, want the ETag read before", f.setCalls[0])
	}
	v := h.m.View()
	if !strings.Contains(v, "License sync: Disabled → Enabled") || !strings.Contains(v, "Enabled    (current)") {
		t.Fatalf("change not reported:\n%s", v)
	}
	h.keys(enter)
	if h.m.step != common.StepDashboard {
		t.Fatalf("enter on the current value should open the dashboard, at %d", h.m.step)
	}
}

func TestConfirmationCanBeCancelled(t *testing.T) {
	t.Parallel()
	f := newFake()
	h := newHarness(t, testOptions(f), 80, 24)
	h.toLicenseSync()
	h.keys(up, enter, esc)
	if len(f.setCalls) != 0 || h.m.step != common.StepLicenseSync {
		t.Fatalf("cancel applied or left the step")
	}
	if v := h.m.View(); !strings.Contains(v, "› Disabled") {
		t.Fatalf("cursor not back on the current value:\n%s", v)
	}
}

func TestApplyFailureKeepsOldValue(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.setErr = &client.Error{Kind: client.KindServer, Status: 502, Op: "change license sync",
		Hint: "The appliance had a hiccup; try again in a minute."}
	h := newHarness(t, testOptions(f), 80, 24)
	h.toLicenseSync()
	h.keys(up, enter, enter)
	v := h.m.View()
	if !strings.Contains(v, "Disabled   (current)") {
		t.Fatalf("old value not kept:\n%s", v)
	}
	if flat := strings.Join(strings.Fields(v), " "); !strings.Contains(flat, "The appliance had a hiccup") || !strings.Contains(flat, "It stays Disabled") {
		t.Fatalf("reason not shown:\n%s", v)
	}
}

func TestConflictShowsNewValueAndAsksAgain(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.conflict = true
	h := newHarness(t, testOptions(f), 80, 24)
	h.toLicenseSync()
	h.keys(up, enter, enter)
	v := h.m.View()
	if !strings.Contains(v, "Changed by someone else: it is now Disabled") || !strings.Contains(v, "Change license sync from Disabled to Enabled?") {
		t.Fatalf("conflict not explained or not asked again:\n%s", v)
	}
	h.keys(enter)
	if f.settings.Features["license_sync"] != client.FeatureEnabled {
		t.Fatal("second confirmation did not apply")
	}
	if len(f.setCalls) != 2 || f.setCalls[1] != `"8"` {
		t.Fatalf("If-Match calls = %q, want the fresh ETag the second time", f.setCalls)
	}
}

// TestStaleStatusAnswersAreDropped: the dashboard drops an answer to a superseded
// status request (the license sync step's own: setup.TestLicenseSyncDropsAStaleAnswer).
func TestStaleStatusAnswersAreDropped(t *testing.T) {
	t.Parallel()
	f := newFake()
	h := newHarness(t, testOptions(f), 80, 24)
	dash := h.toDashboard()
	h.send(statusMsg{id: dash.status.id - 1, err: &client.Error{Kind: client.KindServer, Hint: "stale"}})
	if dash.status.err != nil {
		t.Fatal("a stale status answer was applied")
	}
}

func TestConsoleUnavailableShowsBrowserPathAndVerifies(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.settingsErr = &client.Error{Kind: client.KindConsoleUnavailable, Status: 404, Op: "read GitHub Connect"}
	synced := f.syncSt.ServerInstances
	f.syncSt.ServerInstances = nil // not enabled yet: the cloud does not know this server
	h := newHarness(t, testOptions(f), 80, 24)
	h.keys(enter, enter)
	if v := h.m.View(); !strings.Contains(v, "no console API") {
		t.Fatalf("console gap not explained:\n%s", v)
	}
	h.keys(enter)
	if v := h.m.View(); !strings.Contains(v, "does not show ghes.acme.test yet") {
		t.Fatalf("an unconfirmed setting was taken as on:\n%s", v)
	}
	f.syncSt.ServerInstances = synced // enabled in the browser, and synced since
	h.keys(runes("r"))
	v := h.m.View()
	for _, want := range []string{"https://ghes.acme.test/enterprises/acme/settings", "→ GitHub Connect",
		`→ to the right of "License sync", click Enable`, "Verified: the cloud shows ghes.acme.test synced 2h ago"} {
		if !strings.Contains(v, want) {
			t.Fatalf("missing %q:\n%s", want, v)
		}
	}
	before := f.syncStN
	h.keys(runes("r"))
	if f.syncStN != before+1 {
		t.Fatal("r did not check again")
	}
	f.syncSt.ServerInstances = nil
	h.keys(runes("r"))
	if v := h.m.View(); !strings.Contains(v, "does not show ghes.acme.test yet") {
		t.Fatalf("missing server not reported:\n%s", v)
	}
}

func TestGitHubConnectNotEnabledIsAPrerequisite(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.settings.Connected = false
	f.settings.CloudEnterprise = ""
	h := newHarness(t, testOptions(f), 80, 24)
	h.keys(enter, enter, enter)
	if h.m.step != common.StepGitHubConnect {
		t.Fatal("moved past a missing prerequisite")
	}
	v := h.m.View()
	if !strings.Contains(v, "GitHub Connect is not enabled yet") || !strings.Contains(v, "https://ghes.acme.test/enterprises/acme/settings → GitHub Connect") {
		t.Fatalf("prerequisite not explained:\n%s", v)
	}
	f.settings.Connected = true
	h.keys(runes("r"), enter)
	if h.m.step != common.StepLicenseSync {
		t.Fatal("did not continue once connected")
	}
}

func TestConnectChecksShowTheFix(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.viewerErr = &client.Error{Kind: client.KindUnauthorized, Status: 401, Op: "read the token's user",
		Hint: "The token from GH_ENTERPRISE_TOKEN was rejected: create a new one."}
	h := newHarness(t, testOptions(f), 80, 24)
	v := h.m.View()
	if !strings.Contains(v, "✓ reachable") || !strings.Contains(v, "✗ token valid") || !strings.Contains(v, "was rejected") {
		t.Fatalf("checks wrong:\n%s", v)
	}
	h.keys(enter)
	if h.m.step != common.StepConnect {
		t.Fatal("enter passed failed checks")
	}
	f.viewerErr = nil
	f.viewer.SiteAdmin = false
	h.keys(runes("r"))
	if v := h.m.View(); !strings.Contains(v, "✗ site admin") || !strings.Contains(v, "admin is not a site admin") {
		t.Fatalf("site admin check wrong:\n%s", v)
	}
}

func TestTokenIsAskedWhenNoneFound(t *testing.T) {
	t.Parallel()
	f := newFake()
	opts := testOptions(f)
	opts.Backend, opts.TokenSource = nil, ""
	var got string
	opts.OnToken = func(token string) (common.Backend, error) { got = token; return f, nil }
	h := newHarness(t, opts, 80, 24)
	h.keys(runes("ghp_secret"))
	v := h.m.View()
	if strings.Contains(v, "ghp_secret") || !strings.Contains(v, "••••••••••") {
		t.Fatalf("token not masked:\n%s", v)
	}
	h.keys(runes("q")) // typed, not quit
	h.keys(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("\x1b\x07\u202e!"), Paste: true})
	h.keys(enter)
	if got != "ghp_secretq!" {
		t.Fatalf("OnToken got %q", got)
	}
	if v := h.m.View(); !strings.Contains(v, "All checks passed") {
		t.Fatalf("checks did not run with the typed token:\n%s", v)
	}
}

// The web pages keep the configured server's scheme, host and port; once the appliance
// names itself, the header uses that name.
func TestWebPagesFollowTheServerURL(t *testing.T) {
	t.Parallel()
	f := newFake()
	opts := testOptions(f)
	opts.ServerURL = "http://127.0.0.1:43659/"
	h := newHarness(t, opts, 80, 24)
	h.keys(enter)
	if v := h.m.View(); !strings.Contains(v, "http://127.0.0.1:43659/enterprises/acme/settings") {
		t.Fatalf("settings page URL wrong:\n%s", v)
	}
	h.keys(enter, enter)
	if v := h.m.View(); !strings.Contains(strings.SplitN(v, "\n", 2)[0], "step 4 of 4") {
		t.Fatalf("not on the setting step:\n%s", v)
	}
	h.keys(up, enter, enter, enter)
	if head := strings.SplitN(h.m.View(), "\n", 2)[0]; !strings.HasSuffix(strings.TrimSpace(head), "ghes.acme.test") {
		t.Fatalf("header does not name the appliance: %q", head)
	}
}

func TestBrowserPathUsesTheServerURLAndFindsTheApplianceByName(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.settingsErr = &client.Error{Kind: client.KindConsoleUnavailable, Status: 404}
	opts := testOptions(f)
	opts.ServerURL = "http://127.0.0.1:43659"
	h := newHarness(t, opts, 80, 24)
	h.keys(enter, enter, enter)
	v := h.m.View()
	if !strings.Contains(v, "http://127.0.0.1:43659/enterprises/acme/settings") {
		t.Fatalf("browser path URL wrong:\n%s", v)
	}
	if !strings.Contains(v, "does not show 127.0.0.1 yet") {
		t.Fatalf("without the appliance's name, the configured host is looked for:\n%s", v)
	}
}

// A returning admin, with license sync already on, lands on the dashboard as soon as the
// checks pass; esc still leads back to the setting.
func TestEnabledAlreadyOpensOnTheDashboard(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.settings.Features["license_sync"] = client.FeatureEnabled
	h := newHarness(t, testOptions(f), 80, 24)
	if h.m.step != common.StepDashboard {
		t.Fatalf("step = %d, want the dashboard:\n%s", h.m.step, h.m.View())
	}
	if v := h.m.View(); !strings.Contains(v, "License sync is already enabled") {
		t.Fatalf("the dashboard does not say why it opened:\n%s", v)
	}
	h.keys(esc)
	if h.m.step != common.StepLicenseSync || !strings.Contains(h.m.View(), "Enabled    (current)") {
		t.Fatalf("esc does not lead to the setting:\n%s", h.m.View())
	}
	h.keys(enter) // enter on the current value: back to the dashboard, note gone
	if h.m.step != common.StepDashboard || strings.Contains(h.m.View(), "already enabled") {
		t.Fatalf("the arrival note outlives its moment:\n%s", h.m.View())
	}
}

// First-time setup is unchanged: with license sync off the console starts at Connect.
func TestDisabledStaysOnTheSetupSteps(t *testing.T) {
	t.Parallel()
	h := newHarness(t, testOptions(newFake()), 80, 24)
	if h.m.step != common.StepConnect {
		t.Fatalf("step = %d, want Connect", h.m.step)
	}
}

// A slug the appliance does not know is said on the Enterprise step, not only later.
func TestUnknownEnterpriseIsSaidOnTheEnterpriseStep(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.settingsErr = &client.Error{Kind: client.KindNotFound, Status: 404, Op: "read the GitHub Connect settings",
		Hint: `The appliance has no enterprise "acme"; check --enterprise.`}
	h := newHarness(t, testOptions(f), 80, 24)
	h.keys(enter)
	flat := strings.Join(strings.Fields(h.m.View()), " ")
	if !strings.Contains(flat, `The appliance has no enterprise "acme"; check --enterprise.`) {
		t.Fatalf("the Enterprise step does not say the slug is unknown:\n%s", h.m.View())
	}
}
