package tui

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/tui/common"
)

// g/G and Home/End go to the ends, the title says where the cursor is, and the sort
// can be turned around.
func TestUsersTableTravel(t *testing.T) {
	t.Parallel()
	h := newHarness(t, testOptions(newFake()), 80, 24)
	d := h.toDashboard()
	if v := h.m.View(); !strings.Contains(v, "Users 1 of 24 · sort login ↑") {
		t.Fatalf("no position or sort direction:\n%s", v)
	}
	h.keys(runes("G"))
	if v := h.m.View(); !strings.Contains(v, "Users 24 of 24") || !strings.Contains(v, "› vik") {
		t.Fatalf("G did not go to the last row:\n%s", v)
	}
	h.keys(runes("g"))
	if d.users.table.cursor != 0 || d.users.table.offset != 0 {
		t.Fatalf("g: cursor %d, offset %d", d.users.table.cursor, d.users.table.offset)
	}
	h.keys(tea.KeyMsg{Type: tea.KeyEnd})
	if d.users.table.cursor != 23 {
		t.Fatalf("end: cursor %d", d.users.table.cursor)
	}
	h.keys(tea.KeyMsg{Type: tea.KeyHome}, tea.KeyMsg{Type: tea.KeyPgDown})
	if d.users.table.cursor != d.users.table.height {
		t.Fatalf("home then pgdn: cursor %d, height %d", d.users.table.cursor, d.users.table.height)
	}
	selected := d.users.table.selected().login
	h.keys(runes("O"))
	if v := h.m.View(); !strings.Contains(v, "sort login ↓") || d.users.table.selected().login != selected {
		t.Fatalf("O did not reverse the order keeping %s selected:\n%s", selected, v)
	}
	h.keys(runes("g"))
	if v := h.m.View(); !strings.Contains(v, "› vik") {
		t.Fatalf("reversed, vik is not first:\n%s", v)
	}
	if v := h.m.View(); !strings.Contains(v, "SEEN ON") || !strings.Contains(v, "both ") {
		t.Fatalf("SEEN ON is not in words:\n%s", v)
	}
}

// Enter on a row shows everything the API said about that person; c copies from there,
// p opens the profile (or copies its address where no browser can start), esc closes.
func TestUserDetailShowsEverythingAndCopies(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.users[0] = client.ConsumedUser{
		GithubComLogin: "vik", GithubComName: ptr("Vik Example"), GithubComUser: yes(), EnterpriseServerUser: yes(),
		LicenseType: "enterprise", GithubComProfile: ptr("https://github.com/vik"),
		EnterpriseServerUserIDs:         []string{"ghes.acme.test:7", "ghes.acme.test:9"},
		EnterpriseServerEmails:          []string{"vik@acme.test", "v.k@acme.test"},
		GithubComVerifiedDomainEmails:   []string{"vik@acme-corp.test"},
		VisualStudioSubscriptionUser:    yes(),
		VisualStudioLicenseStatus:       ptr("active"),
		VisualStudioSubscriptionEmail:   ptr("vik@vs.test"),
		GithubComOrgsWithPendingInvites: []string{"acme-labs"},
		GithubComTwoFactorAuth:          no(),
		GithubComSamlNameID:             ptr("vik@idp.test"),
		GithubComMemberRoles:            []string{"acme:member"},
		TotalUserAccounts:               2,
	}
	var out bytes.Buffer
	opts := testOptions(f)
	opts.Output = &out
	var opened []string
	opts.OpenURL = func(u string) error { opened = append(opened, u); return nil }
	h := newHarness(t, opts, 80, 40)
	d := h.toDashboard()
	h.keys(runes("G"), enter)
	if d.detail == nil {
		t.Fatalf("enter did not open the detail:\n%s", h.m.View())
	}
	v := h.m.View()
	for _, want := range []string{"Dashboard › vik", "vik@acme.test", "v.k@acme.test", "vik@acme-corp.test",
		"ghes.acme.test:7", "ghes.acme.test:9", "subscriber · license active · vik@vs.test", "acme-labs",
		"Two-factor auth   off", "vik@idp.test", "https://github.com/vik", "the server and the cloud", "acme:member"} {
		if !strings.Contains(v, want) {
			t.Errorf("the detail lacks %q:\n%s", want, v)
		}
	}
	h.keys(runes("c"))
	if !strings.Contains(out.String(), osc52For("vik, vik@acme.test, v.k@acme.test, vik@acme-corp.test")) {
		t.Errorf("c copied %q", out.String())
	}
	h.keys(runes("p"))
	if len(opened) != 1 || opened[0] != "https://github.com/vik" || !strings.Contains(h.m.View(), "Opened https://github.com/vik") {
		t.Errorf("w opened %v:\n%s", opened, h.m.View())
	}
	h.keys(esc)
	if d.detail != nil || h.m.step != common.StepDashboard || !strings.Contains(h.m.View(), "Users 24 of 24") {
		t.Fatalf("esc did not close the detail back onto the table:\n%s", h.m.View())
	}
}

// Where no browser can start (over SSH), "open" copies the address; a failing browser
// says so with the address to open by hand.
func TestOpenProfileWithoutBrowser(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.users[0].GithubComProfile = ptr("https://github.com/vik")
	var out bytes.Buffer
	opts := testOptions(f)
	opts.Output = &out
	h := newHarness(t, opts, 80, 24)
	h.toDashboard()
	h.keys(runes("G"), enter, runes("p"))
	if v := h.m.View(); out.String() != osc52For("https://github.com/vik") || !strings.Contains(v, "copied https://github.com/vik") {
		t.Fatalf("wrote %q:\n%s", out.String(), v)
	}
	f = newFake()
	f.users[0].GithubComProfile = ptr("https://github.com/vik")
	opts = testOptions(f)
	opts.OpenURL = func(string) error { return errors.New("xdg-open: not found") }
	h = newHarness(t, opts, 80, 24)
	h.toDashboard()
	h.keys(runes("G"), enter, runes("p"))
	if v := h.m.View(); !strings.Contains(strings.Join(strings.Fields(v), " "), "Could not open a browser (xdg-open: not found): open https://github.com/vik yourself") {
		t.Fatalf("the failure is not said:\n%s", v)
	}
}

// A detail taller than the screen scrolls and says how much is cut off.
func TestUserDetailScrollsWithMoreMarks(t *testing.T) {
	t.Parallel()
	f := newFake()
	for i := range 30 {
		f.users[0].EnterpriseServerEmails = append(f.users[0].EnterpriseServerEmails, "alias"+frontend.Thousands(i)+"@acme.test")
	}
	h := newHarness(t, testOptions(f), 60, 16)
	h.toDashboard()
	h.keys(runes("G"), enter)
	if v := h.m.View(); !strings.Contains(v, "more below") || strings.Contains(v, "more above") {
		t.Fatalf("no more-below mark:\n%s", v)
	}
	h.keys(runes("G"))
	if v := h.m.View(); !strings.Contains(v, "more above") || !strings.Contains(v, "SAML name id") {
		t.Fatalf("G did not reach the end of the detail:\n%s", v)
	}
}
