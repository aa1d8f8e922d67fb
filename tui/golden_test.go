package tui

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/status"
	"github.com/licensesync/licensesync/tui/common"
)

// press is one key, then the texts to wait for before the next (all of them: the
// answers to one key arrive in any order).
type press struct {
	key  tea.KeyMsg
	wait string
	also string
}

// goldenScenario is a screen kept as golden files at three sizes, reached through a
// real program with keys.
type goldenScenario struct {
	name  string
	setup func(*fakeBackend, *common.Options)
	first string // text that shows the first screen is ready
	keys  []press
}

// goldenScenarios are the screens kept as golden files (testdata/TestGolden/…);
// refresh with go test -update.
var goldenScenarios = []goldenScenario{
	{name: "1-connect", first: "All checks passed"},
	{name: "1-connect-token-prompt", first: "Token",
		setup: func(f *fakeBackend, o *common.Options) {
			o.Backend, o.TokenSource = nil, ""
			o.OnToken = func(string) (common.Backend, error) { return f, nil }
		},
		keys: []press{{runes("ghp_x"), "•••••", ""}}},
	{name: "1-connect-not-site-admin", first: "not a site admin",
		setup: func(f *fakeBackend, _ *common.Options) { f.viewer.SiteAdmin = false }},
	{name: "2-enterprise", first: "All checks passed", keys: []press{{enter, "3,000 seats", ""}}},
	{name: "4-github-connect", first: "All checks passed",
		keys: []press{{enter, "3,000 seats", ""}, {enter, "Connected to", ""}}},
	{name: "4-github-connect-not-enabled", first: "All checks passed",
		setup: func(f *fakeBackend, _ *common.Options) { f.settings.Connected = false; f.settings.CloudEnterprise = "" },
		keys:  []press{{enter, "3,000 seats", ""}, {enter, "to check again", ""}}},
	{name: "5-license-sync", first: "All checks passed",
		keys: []press{{enter, "3,000 seats", ""}, {enter, "Connected to", ""}, {enter, "(current)", ""}}},
	{name: "5-license-sync-projection", first: "All checks passed", setup: withProjection,
		keys: []press{{enter, "3,000 seats", ""}, {enter, "Connected to", ""}, {enter, "(current)", "After the first sync"}}},
	{name: "5-license-sync-confirm", first: "All checks passed",
		keys: []press{{enter, "3,000 seats", ""}, {enter, "Connected to", ""}, {enter, "(current)", ""},
			{up, "› Enabled", ""}, {enter, "Change license sync", ""}}},
	{name: "5-license-sync-changed", first: "All checks passed",
		keys: []press{{enter, "3,000 seats", ""}, {enter, "Connected to", ""}, {enter, "(current)", ""},
			{up, "› Enabled", ""}, {enter, "Change license sync", ""}, {enter, "Disabled → Enabled", ""}}},
	// A stock appliance the cloud already confirms opens on the dashboard; esc shows
	// the browser path and its verification.
	{name: "5-license-sync-browser", first: "Verified: the cloud",
		setup: func(f *fakeBackend, _ *common.Options) {
			f.settingsErr = &client.Error{Kind: client.KindConsoleUnavailable, Status: 404}
		},
		keys: []press{{esc, "✓ Verified: the cloud shows", ""}}},
	{name: "6-dashboard-stock", first: "1 of 24", // j before the table is read would move nothing
		setup: func(f *fakeBackend, _ *common.Options) {
			f.settingsErr = &client.Error{Kind: client.KindConsoleUnavailable, Status: 404}
			f.status.Connect.LicenseSync = client.FeatureUnknown
			f.status.Gaps = []string{"This appliance does not report GitHub Connect (no console API): open https://ghes.acme.test/enterprises/acme/settings → GitHub Connect in a browser."}
		},
		keys: []press{{runes("j"), "2 of 24", ""}}},
	{name: "6-dashboard", first: "All checks passed",
		keys: []press{{enter, "3,000 seats", ""}, {enter, "Connected to", ""}, {enter, "(current)", ""},
			{enter, "› abel", "next in 5d"}}},
	{name: "6-dashboard-counted-twice", first: "All checks passed",
		keys: []press{{enter, "3,000 seats", ""}, {enter, "Connected to", ""}, {enter, "(current)", ""},
			{enter, "› abel", "next in 5d"}, {runes("d"), "1 person", ""}}},
	{name: "6-dashboard-breakdown", first: "All checks passed", setup: func(f *fakeBackend, _ *common.Options) { withEveryFinding(f) },
		keys: []press{{enter, "3,000 seats", ""}, {enter, "Connected to", ""}, {enter, "(current)", ""},
			{enter, "› abel", "next in 5d"}, {runes("b"), "on both sides", ""}}},
	{name: "6-dashboard-counted-twice-fixes", first: "All checks passed", setup: func(f *fakeBackend, _ *common.Options) { withEveryFinding(f) },
		keys: []press{{enter, "3,000 seats", ""}, {enter, "Connected to", ""}, {enter, "(current)", ""},
			{enter, "› abel", "next in 5d"}, {runes("d"), "5 people", ""}}},
	{name: "6-dashboard-last-row", first: "All checks passed",
		keys: []press{{enter, "3,000 seats", ""}, {enter, "Connected to", ""}, {enter, "(current)", ""},
			{enter, "› abel", "next in 5d"}, {runes("G"), "24 of 24", ""}}},
	{name: "6-dashboard-user-detail", first: "All checks passed",
		keys: []press{{enter, "3,000 seats", ""}, {enter, "Connected to", ""}, {enter, "(current)", ""},
			{enter, "› abel", "next in 5d"}, {down, "2 of 24", ""}, {enter, "Server emails", ""}}},
	{name: "6-dashboard-trend", first: "All checks passed",
		setup: func(_ *fakeBackend, o *common.Options) { o.History = syntheticHistory },
		keys: []press{{enter, "3,000 seats", ""}, {enter, "Connected to", ""}, {enter, "(current)", ""},
			{enter, "› abel", "next in 5d"}, {runes("T"), "Syncs", "Outlook"}}},
	// A license used beyond its seats and a cloud total that cannot be true (client/seats):
	// "150 over the license", the impossible number said with its source, the rest shown.
	{name: "6-dashboard-impossible", first: "All checks passed", setup: func(f *fakeBackend, _ *common.Options) { withImpossibleNumbers(f) },
		keys: []press{{enter, "3,000 seats", ""}, {enter, "Connected to", ""}, {enter, "(current)", ""},
			{enter, "› abel", "next in 5d"}}},
	{name: "6-dashboard-no-cloud", first: "All checks passed",
		setup: func(f *fakeBackend, _ *common.Options) { f.cloud = false; f.status.Cloud = status.CloudStatus{} },
		keys: []press{{enter, "3,000 seats", ""}, {enter, "Connected to", ""}, {enter, "(current)", ""},
			{enter, "read:enterprise", "updated 0s ago"}}},
}

func TestGolden(t *testing.T) {
	t.Parallel()
	runGoldenScenarios(t, goldenScenarios)
}

// runGoldenScenarios compares each scenario's screen with its golden file
// (testdata/<test>/<scenario>/<size>.golden) at 60x16, 80x24 and 120x40.
func runGoldenScenarios(t *testing.T, scenarios []goldenScenario) {
	for _, sc := range scenarios {
		for _, size := range [][2]int{{60, 16}, {80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s/%dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				t.Parallel()
				f := newFake()
				opts := testOptions(f)
				if sc.setup != nil {
					sc.setup(f, &opts)
				}
				tm := teatest.NewTestModel(t, New(opts), teatest.WithInitialTermSize(size[0], size[1]))
				waitFor(t, tm, sc.first)
				for _, p := range sc.keys {
					tm.Send(p.key)
					waitFor(t, tm, p.wait, p.also)
				}
				requireGolden(t, tm)
			})
		}
	}
}

func TestGoldenTooSmall(t *testing.T) {
	t.Parallel()
	tm := teatest.NewTestModel(t, New(testOptions(newFake())), teatest.WithInitialTermSize(50, 12))
	waitFor(t, tm, "too small")
	requireGolden(t, tm)
}

func waitFor(t *testing.T, tm *teatest.TestModel, texts ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		for _, text := range texts {
			if text != "" && !bytes.Contains(b, []byte(text)) {
				return false
			}
		}
		return true
	},
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

// requireGolden quits and compares the final View (plain text: the renderer is ASCII).
func requireGolden(t *testing.T, tm *teatest.TestModel) {
	t.Helper()
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	view := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).View()
	golden.RequireEqual(t, []byte(view))
}
