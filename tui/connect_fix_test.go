package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/tui/common"
)

const cloudRefused = "The token from GH_TOKEN was refused; set GH_TOKEN to a valid, unexpired classic token."

// TestBadCloudTokenFailsOnTheConnectStep: a refused cloud token is shown, precisely, on
// the first step; enter says why it does not go on, and the console never opens on the
// dashboard (even with license sync already on, which would skip the steps).
func TestBadCloudTokenFailsOnTheConnectStep(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.settings.Features["license_sync"] = client.FeatureEnabled
	f.cloudErr = &client.Error{Kind: client.KindUnauthorized, Status: 401, Op: "read the cloud's license sync status", Hint: cloudRefused}
	h := newHarness(t, testOptions(f), 80, 24)
	v := h.m.View()
	if !strings.Contains(v, "✗ cloud") || !strings.Contains(strings.Join(strings.Fields(v), " "), cloudRefused) {
		t.Fatalf("want the cloud check failed with the client's words:\n%s", v)
	}
	h.keys(enter)
	if h.m.step != common.StepConnect {
		t.Fatalf("enter went on past a refused cloud token, to step %d", h.m.step)
	}
	if v := h.m.View(); !strings.Contains(v, "Not yet: the cloud check failed") {
		t.Fatalf("enter does not say why it does not go on:\n%s", v)
	}
	f.mu.Lock()
	f.cloudErr = nil
	f.mu.Unlock()
	h.keys(runes("r"))
	if h.m.step != common.StepDashboard {
		t.Fatalf("with the token fixed and license sync on, want the dashboard, at step %d:\n%s", h.m.step, h.m.View())
	}
}

// TestNoCloudTokenDoesNotBlock: without a cloud token the check says how to add one,
// and the steps go on (the dashboard shows the server side only).
func TestNoCloudTokenDoesNotBlock(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.cloud = false
	h := newHarness(t, testOptions(f), 80, 24)
	v := h.m.View()
	if !strings.Contains(v, "- cloud        no cloud token: set GH_TOKEN") || !strings.Contains(v, "All checks passed") {
		t.Fatalf("want the missing cloud token noted, not failed:\n%s", v)
	}
	h.keys(enter)
	if h.m.step != common.StepEnterprise {
		t.Fatalf("at step %d", h.m.step)
	}
}

// TestServerURLIsEditedInPlace: tab opens the server field at a failed reachability
// check (which says so); enter reconnects to the URL typed, https:// added by OnServer.
func TestServerURLIsEditedInPlace(t *testing.T) {
	t.Parallel()
	bad := newFake()
	bad.metaErr = &client.Error{Kind: client.KindUnreachable, Op: "reach the server", Hint: "No answer from ghes.acme.tset."}
	good := newFake()
	opts := testOptions(bad)
	opts.ServerURL = "https://ghes.acme.tset"
	var typed string
	opts.OnServer = func(raw string) (common.Backend, string, error) {
		typed = raw
		return good, "https://" + raw, nil
	}
	h := newHarness(t, opts, 80, 24)
	if v := h.m.View(); !strings.Contains(v, "tab: edit the server URL here") {
		t.Fatalf("the failed check does not say the URL can be fixed here:\n%s", v)
	}
	h.keys(tea.KeyMsg{Type: tea.KeyTab}, tea.KeyMsg{Type: tea.KeyCtrlU}, runes("ghes.acme.test"))
	if v := h.m.View(); !strings.Contains(v, "Server  ghes.acme.test") || !strings.Contains(v, "esc keeps the old one") {
		t.Fatalf("the server field is not open with the text typed:\n%s", v)
	}
	h.keys(enter)
	v := h.m.View()
	if typed != "ghes.acme.test" || !strings.Contains(v, "Server  https://ghes.acme.test") || !strings.Contains(v, "All checks passed") {
		t.Fatalf("typed %q; want the checks passed against the new server:\n%s", typed, v)
	}
}

// TestTokenCanBePastedAtAFailedTokenCheck: the failed check says where to paste another.
func TestTokenCanBePastedAtAFailedTokenCheck(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.viewerErr = &client.Error{Kind: client.KindUnauthorized, Status: 401, Op: "read the token's user", Hint: "The token was refused."}
	opts := testOptions(f)
	good := newFake()
	opts.OnToken = func(string) (common.Backend, error) { return good, nil }
	h := newHarness(t, opts, 80, 24)
	if v := h.m.View(); !strings.Contains(v, "tab: paste another token here (hidden, not saved)") {
		t.Fatalf("the failed token check does not say a token can be pasted here:\n%s", v)
	}
	h.keys(tea.KeyMsg{Type: tea.KeyTab}, runes("ghp_new"), enter)
	if v := h.m.View(); !strings.Contains(v, "All checks passed") || strings.Contains(v, "ghp_new") {
		t.Fatalf("want the pasted token used and never shown:\n%s", v)
	}
}

// TestSelfSignedCertificateIsTrustedOnFirstUse: after a TLS failure the certificate's
// fingerprint is shown; only the trust key trusts it, and the checks then pass.
func TestSelfSignedCertificateIsTrustedOnFirstUse(t *testing.T) {
	t.Parallel()
	bad := newFake()
	bad.metaErr = &client.Error{Kind: client.KindTLS, Hint: "The TLS certificate of https://ghes.acme.test could not be verified."}
	good := newFake()
	opts := testOptions(bad)
	var trusted string
	opts.ReadCertificate = func(context.Context) (common.Certificate, error) { return testCertificate, nil }
	opts.TrustCertificate = func(fp string) (common.Backend, string, error) {
		trusted = fp
		return good, "/home/admin/.config/licensesync/trusted/ghes.acme.test.pem", nil
	}
	h := newHarness(t, opts, 80, 24)
	v := strings.Join(strings.Fields(h.m.View()), " ")
	if !strings.Contains(v, "SHA-256 "+testCertificate.Fingerprint[:47]+" "+testCertificate.Fingerprint[48:]) || !strings.Contains(v, "it is saved to the config folder") {
		t.Fatalf("want the fingerprint and the key:\n%s", h.m.View())
	}
	h.keys(enter)
	if trusted != "" || h.m.step != common.StepConnect {
		t.Fatal("enter trusted the certificate or went on")
	}
	h.keys(runes("t"))
	v = strings.Join(strings.Fields(h.m.View()), " ")
	if trusted != testCertificate.Fingerprint || !strings.Contains(v, "All checks passed") || !strings.Contains(v, "saved to /home/admin/.config/licensesync/trusted/ghes.acme.test.pem") {
		t.Fatalf("trusted %q:\n%s", trusted, h.m.View())
	}
}

var testCertificate = common.Certificate{
	Fingerprint: "3F:A2:8C:19:D4:7E:05:B6:61:9A:CE:22:F0:8D:4B:73:E1:56:0C:9F:A8:33:7D:E4:12:B9:6F:05:C7:2A:98:D1",
	Subject:     "CN=ghes.acme.test", Issuer: "CN=ghes.acme.test", NotAfter: testNow.Add(365 * 24 * time.Hour),
}

// TestGoldenConnectFixes keeps the Connect step's failure screens at the three sizes.
func TestGoldenConnectFixes(t *testing.T) {
	t.Parallel()
	runGoldenScenarios(t, []goldenScenario{
		{name: "cloud-refused", first: "Not yet", // said at once, no enter needed
			setup: func(f *fakeBackend, _ *common.Options) {
				f.cloudErr = &client.Error{Kind: client.KindUnauthorized, Status: 401, Hint: cloudRefused}
			}},
		{name: "tls-trust-on-first-use", first: "trusts it",
			setup: func(f *fakeBackend, o *common.Options) {
				f.metaErr = &client.Error{Kind: client.KindTLS, Hint: "The TLS certificate of https://ghes.acme.test could not be verified."}
				o.ReadCertificate = func(context.Context) (common.Certificate, error) { return testCertificate, nil }
				o.TrustCertificate = func(string) (common.Backend, string, error) { return f, "", nil }
			}},
		{name: "unreachable-edit-server", first: "edit the server URL here", keys: []press{{tea.KeyMsg{Type: tea.KeyTab}, "esc keeps", ""}},
			setup: func(f *fakeBackend, o *common.Options) {
				f.metaErr = &client.Error{Kind: client.KindUnreachable, Hint: "No answer from ghes.acme.test: check the URL and the network."}
				o.OnServer = func(raw string) (common.Backend, string, error) { return f, raw, nil }
			}},
	})
}

// TestFailedCheckSaysWhatNextWithoutEnter: once a check has failed, the step says at
// once that enter will not go on and which key checks again, as it says "All checks
// passed" at once; before, it said so only after a useless enter.
func TestFailedCheckSaysWhatNextWithoutEnter(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.cloudErr = &client.Error{Kind: client.KindUnauthorized, Status: 401, Op: "read the cloud enterprise"}
	h := newHarness(t, testOptions(f), 80, 24)
	if v := strings.Join(strings.Fields(h.m.View()), " "); !strings.Contains(v, "Not yet: the cloud check failed (see above). Fix it, then press r to check again.") {
		t.Fatalf("a failed check does not say what next:\n%s", h.m.View())
	}
}
