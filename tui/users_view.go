package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/tui/common"
)

// view is the table's title line, its column header and its visible rows.
func (u *usersPane) view() string {
	st, w := u.sh.Styles, u.width
	if !u.sh.Backend.HasCloud() {
		return st.Muted.Width(w).Render("Users: the consumed-licenses list comes from the cloud enterprise. Set GH_TOKEN to a token with read:enterprise to see it.")
	}
	title := st.Label.Render("Users") + " " + u.position()
	switch {
	case u.filter.Focused():
		title += " · filter " + u.filter.View()
	case u.filter.Value() != "":
		// Done typing: the words alone, not the input padded to its width.
		title += " · filter " + u.filter.Value()
	}
	title += " · sort " + u.table.sort.String() + " " + u.table.direction()
	if f := u.freshness(); f != "" {
		title += " · " + f
	}
	return strings.Join(append([]string{common.Fit(title, w)}, u.userRows(w)...), "\n")
}

// position is where the cursor is: "11 of 3,340", or the count when no row is shown.
func (u *usersPane) position() string {
	if u.firstScreenOf > 0 && u.table.firstOrder() {
		return frontend.Thousands(u.table.cursor+1) + " of " + frontend.Thousands(u.firstScreenOf)
	}
	if u.firstScreenOf > 0 { // filtered or sorted otherwise: only every row can say
		return frontend.Thousands(u.firstScreenOf)
	}
	n := len(u.table.shown)
	if n == 0 {
		return "0"
	}
	return frontend.Thousands(u.table.cursor+1) + " of " + frontend.Thousands(n)
}

// freshness says where the users came from and how current they are: the snapshot
// and its age while it is checked, the load's progress, or the check's outcome.
func (u *usersPane) freshness() string {
	st := u.sh.Styles
	switch {
	case u.firstScreenOf > 0:
		return st.Warning.Render("snapshot from "+frontend.Ago(u.sh.Now(), u.snapAt)) + st.Accent.Render(" · reading the rest…")
	case u.snapReading && !u.loaded:
		return st.Accent.Render("reading the snapshot…")
	case u.loading && u.fromSnapshot:
		return st.Warning.Render("snapshot from "+frontend.Ago(u.sh.Now(), u.snapAt)) + st.Accent.Render(" · checking…"+u.pages())
	case u.loading && u.loaded:
		return st.Accent.Render("reloading…" + u.pages())
	case u.loading:
		return st.Accent.Render("loading…" + u.pages())
	case u.err != nil && u.fromSnapshot:
		return st.Bad.Render("snapshot from " + frontend.Ago(u.sh.Now(), u.snapAt) + ", not checked (see above)")
	case u.err != nil && u.loaded:
		return st.Bad.Render("stale (see above)")
	case u.err != nil:
		return st.Bad.Render("not read (see above)")
	case u.fetch.Trusted > 0:
		// Page 1 unchanged and the snapshot fresh: the other pages were not asked for.
		return st.Good.Render("page 1 unchanged · snapshot from " + frontend.Ago(u.sh.Now(), u.fetch.ConfirmedAt))
	case u.fetch.NotModified > 0 && u.fetch.NotModified == u.fetch.Pages:
		// Every page revalidated unchanged: said as an admin would, not in pages.
		return st.Good.Render("up to date · checked " + frontend.Ago(u.sh.Now(), u.checkedAt))
	case u.fetch.NotModified > 0:
		return st.Good.Render("up to date · changes read " + frontend.Ago(u.sh.Now(), u.checkedAt))
	}
	return ""
}

// pages is a load's progress: " page 12/1,000", "" before the first page, and after a
// few seconds how long it has taken, so that a load held back by GitHub's rate limit
// (900 requests a minute: 100,000 users take over a minute) visibly goes on.
func (u *usersPane) pages() string {
	pr := u.progress
	var s string
	switch {
	case pr.Page == 0:
	case pr.LastPage > 0:
		s = fmt.Sprintf(" page %s/%s", frontend.Thousands(pr.Page), frontend.Thousands(pr.LastPage))
	default:
		s = " page " + frontend.Thousands(pr.Page)
	}
	if left := pr.WaitingUntil.Sub(u.sh.Now()); left > 0 {
		// A read over the cloud's rate limit waits for the reset: a countdown, not a
		// load that seems to hang (client.Config.WaitForBudget).
		return s + " · rate limit, " + left.Round(time.Second).String()
	}
	if took := u.sh.Now().Sub(u.started); took >= 3*time.Second {
		s += " · " + frontend.Span(took)
	}
	return s
}

// seenOnWidth is the SEEN ON column: "server", "cloud" or "both".
const seenOnWidth = 7

// userColumns splits the width: the cursor mark, login, name, SEEN ON, license,
// emails, and the 6 cells of separators between them. Login and name get up to 16 and
// 18 cells at 80 columns, and beyond a quarter of the extra each (up to 32), but never
// more than their widest value (or their header); emails get the rest.
func userColumns(w int, t *userTable) (login, name, license, emails int) {
	login, name, license = 16, 18, 10
	if extra := w - 80; extra > 0 {
		login = min(login+extra/4, 32)
		name = min(name+extra/4, 32)
	}
	login = min(login, max(t.widest.login, len("LOGIN")))
	name = min(name, max(t.widest.name, len("NAME")))
	license = min(license, max(t.widest.license, len("LICENSE")))
	emails = w - 2 - 4 - seenOnWidth - login - name - license
	if emails < 12 {
		name = max(name+emails-12, 4)
		emails = w - 2 - 4 - seenOnWidth - login - name - license
	}
	return login, name, license, max(emails, 1)
}

func (u *usersPane) userRows(w int) []string {
	st := u.sh.Styles
	lw, nw, tw, ew := userColumns(w, &u.table)
	head := "  " + common.Pad("LOGIN", lw) + " " + common.Pad("NAME", nw) + " " + common.Pad("SEEN ON", seenOnWidth) + " " + common.Pad("LICENSE", tw) + " " + common.Pad("EMAILS", ew)
	lines := []string{st.TableHead.Render(common.Fit(head, w))}
	if u.firstScreenOf > 0 && !u.table.firstOrder() {
		// The first screen is the first users by login: any other order or a filter is
		// of all of them, drawn when they are read.
		return append(lines, st.Muted.Render(common.Fit("  "+common.Pick(u.table.filter != "", "filtering", "sorting")+" all "+
			frontend.Thousands(u.firstScreenOf)+" users once they are read…", w)))
	}
	for i, r := range u.table.visible() {
		mark := "  "
		if u.table.offset+i == u.table.cursor {
			mark = "› "
		}
		line := mark + common.Pad(r.login, lw) + " " + common.Pad(r.name, nw) + " " + common.Pad(seenOn(r), seenOnWidth) + " " +
			common.Pad(r.license, tw) + " " + common.Pad(r.emails, ew)
		line = common.Fit(line, w)
		if u.table.offset+i == u.table.cursor {
			line = st.Selected.Render(line)
		}
		lines = append(lines, line)
	}
	if len(u.table.shown) == 0 && !u.loading && u.loaded {
		lines = append(lines, st.Muted.Render("  no users match"))
	}
	return lines
}

// seenOn says on which side a user was counted, in words.
func seenOn(r *userRow) string {
	switch {
	case r.server && r.cloud:
		return "both"
	case r.server:
		return "server"
	case r.cloud:
		return "cloud"
	}
	return ""
}
