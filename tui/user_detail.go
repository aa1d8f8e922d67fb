package tui

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/tui/common"
)

// detailLabel is the width of the user detail's labels.
const detailLabel = 18

// userDetail is everything the consumed-licenses API says about one person, opened
// with enter on a row of the users table: every email, the server ids, Visual Studio,
// the license, pending invitations, 2FA and the SAML id. It scrolls when it is taller
// than the screen.
type userDetail struct {
	sh     *common.Shared
	user   client.ConsumedUser
	row    userRow
	lines  []string // drawn at the last setSize
	offset int
	width  int
	height int
}

func newUserDetail(sh *common.Shared, u client.ConsumedUser) *userDetail {
	return &userDetail{sh: sh, user: u, row: newUserRow(u)}
}

// name is the person as the table shows them, for the breadcrumb.
func (d *userDetail) name() string { return d.row.login }

// profile is the cloud profile's address when the API gave a web one.
func (d *userDetail) profile() string {
	if d.user.GithubComProfile == nil {
		return ""
	}
	p := common.Clean(*d.user.GithubComProfile)
	if u, err := url.Parse(p); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return ""
	}
	return p
}

// copyParts is the login (or server ids) and every email.
func (d *userDetail) copyParts() []string { return []string{d.row.copyName(), d.row.emails} }

func (d *userDetail) handleKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := d.sh.Keys
	switch {
	case key.Matches(msg, k.Up):
		d.scroll(-1)
	case key.Matches(msg, k.Down):
		d.scroll(1)
	case key.Matches(msg, k.PageUp):
		d.scroll(-d.height)
	case key.Matches(msg, k.PageDown):
		d.scroll(d.height)
	case key.Matches(msg, k.Top):
		d.scroll(-len(d.lines))
	case key.Matches(msg, k.Bottom):
		d.scroll(len(d.lines))
	default:
		return nil, false
	}
	return nil, true
}

func (d *userDetail) scroll(by int) {
	d.offset = max(min(d.offset+by, len(d.lines)-d.height), 0)
}

func (d *userDetail) helpKeys() []key.Binding {
	k := d.sh.Keys
	keys := []key.Binding{
		common.Relabel(k.Back, "close"),
		common.Relabel(k.Copy, "copy login and emails"),
	}
	if d.profile() != "" {
		keys = append(keys, k.Open)
	}
	if len(d.lines) > d.height {
		keys = append(keys, k.Up, k.Down)
	}
	return keys
}

// setSize draws the lines for the width and keeps the scroll inside them.
func (d *userDetail) setSize(w, h int) {
	d.width, d.height = w, max(h, 1)
	d.lines = d.draw(w)
	d.scroll(0)
}

// view is the visible lines, with a "more" mark where some are cut off.
func (d *userDetail) view() string {
	st := d.sh.Styles
	lines := d.lines
	if len(lines) <= d.height {
		return strings.Join(lines, "\n")
	}
	end := min(d.offset+d.height, len(lines))
	shown := append([]string(nil), lines[d.offset:end]...)
	if d.offset > 0 {
		shown[0] = st.Muted.Render(common.Fit("↑ "+strconv.Itoa(d.offset)+" more above", d.width))
	}
	if end < len(lines) {
		shown[len(shown)-1] = st.Muted.Render(common.Fit("↓ "+strconv.Itoa(len(lines)-end+1)+" more below", d.width))
	}
	return strings.Join(shown, "\n")
}

// draw lays out every field the API gave, one per line (lists one item per line).
func (d *userDetail) draw(w int) []string {
	st, u := d.sh.Styles, d.user
	var out []string
	field := func(label, value string) {
		out = append(out, st.Label.Render(common.Pad(label, detailLabel))+d.sh.Hang(value, detailLabel, w, st.Text))
	}
	list := func(label string, items []string, none string) {
		if len(items) == 0 {
			field(label, st.Muted.Render(none))
			return
		}
		for i, it := range items {
			field(common.Pick(i == 0, label, ""), common.Clean(it))
		}
	}
	optional := func(label string, v *string, none string) {
		if v == nil || common.Clean(*v) == "" {
			field(label, st.Muted.Render(none))
			return
		}
		field(label, common.Clean(*v))
	}
	login := common.Clean(u.GithubComLogin)
	if login == "" {
		login = st.Muted.Render("none: not on the cloud")
	}
	field("Cloud login", login)
	optional("Name", u.GithubComName, "not given")
	if p := d.profile(); p != "" {
		field("Profile", p)
	}
	field("Seen on", seenOnWords(&d.row))
	field("License", common.Pick(common.Clean(u.LicenseType) != "", common.Clean(u.LicenseType), "not given"))
	if u.TotalUserAccounts > 0 {
		field("Accounts", frontend.Thousands(u.TotalUserAccounts)+" "+common.Pick(u.TotalUserAccounts == 1, "account counts", "accounts count")+" as this one license")
	}
	list("Server user ids", u.EnterpriseServerUserIDs, "none: not on the server")
	list("Server emails", u.EnterpriseServerEmails, "none")
	list("Verified emails", u.GithubComVerifiedDomainEmails, "none on the cloud's verified domains")
	field("Visual Studio", visualStudio(u))
	list("Member roles", u.GithubComMemberRoles, "none")
	list("Enterprise roles", u.GithubComEnterpriseRoles, "none")
	list("Pending invites", u.GithubComOrgsWithPendingInvites, "none")
	field("Two-factor auth", yesNo(u.GithubComTwoFactorAuth, "on", "off"))
	optional("SAML name id", u.GithubComSamlNameID, "none")
	return out
}

// seenOnWords is the SEEN ON column (seenOn) as a sentence.
func seenOnWords(r *userRow) string {
	switch seenOn(r) {
	case "both":
		return "the server and the cloud"
	case "server":
		return "the server only"
	case "cloud":
		return "the cloud only"
	}
	return "neither, as far as the API says"
}

// visualStudio is the subscription: whether, its status and its email.
func visualStudio(u client.ConsumedUser) string {
	parts := []string{yesNo(u.VisualStudioSubscriptionUser, "subscriber", "not a subscriber")}
	if u.VisualStudioLicenseStatus != nil && common.Clean(*u.VisualStudioLicenseStatus) != "" {
		parts = append(parts, "license "+common.Clean(*u.VisualStudioLicenseStatus))
	}
	if u.VisualStudioSubscriptionEmail != nil && common.Clean(*u.VisualStudioSubscriptionEmail) != "" {
		parts = append(parts, common.Clean(*u.VisualStudioSubscriptionEmail))
	}
	return strings.Join(parts, " · ")
}

// yesNo words a flag the API may leave out.
func yesNo(b client.FlexBool, yes, no string) string {
	switch {
	case b.V == nil:
		return "not given"
	case *b.V:
		return yes
	}
	return no
}
