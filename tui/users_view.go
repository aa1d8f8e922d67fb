package tui

import (
	"fmt"
	"strings"
	"time"
)

// view is the table's title line, its column header and its visible rows.
func (u *usersPane) view() string {
	st, w := u.sh.styles, u.width
	if !u.sh.backend.HasCloud() {
		return st.muted.Width(w).Render("Users: the consumed-licenses list comes from the cloud enterprise. Set GH_TOKEN to a token with read:enterprise to see it.")
	}
	title := st.label.Render("Users") + " " + count(len(u.table.shown))
	if u.filter.Focused() || u.filter.Value() != "" {
		title += " · filter " + u.filter.View()
	}
	title += " · sort " + u.table.sort.String()
	if f := u.freshness(); f != "" {
		title += " · " + f
	}
	return strings.Join(append([]string{fit(title, w)}, u.userRows(w)...), "\n")
}

// freshness says where the users came from and how current they are: the snapshot
// and its age while it is checked, the load's progress, or the check's outcome.
func (u *usersPane) freshness() string {
	st := u.sh.styles
	switch {
	case u.snapReading && !u.loaded:
		return st.accent.Render("reading the snapshot…")
	case u.loading && u.fromSnapshot:
		return st.warning.Render("snapshot from "+Ago(u.sh.now(), u.snapAt)) + st.accent.Render(" · checking…"+u.pages())
	case u.loading && u.loaded:
		return st.accent.Render("reloading…" + u.pages())
	case u.loading:
		return st.accent.Render("loading…" + u.pages())
	case u.err != nil && u.fromSnapshot:
		return st.bad.Render("snapshot from " + Ago(u.sh.now(), u.snapAt) + ", not checked (see above)")
	case u.err != nil && u.loaded:
		return st.bad.Render("stale (see above)")
	case u.err != nil:
		return st.bad.Render("not read (see above)")
	case u.fetch.NotModified > 0 && u.fetch.NotModified == u.fetch.Pages:
		return st.good.Render(fmt.Sprintf("current (%s %s unchanged)", count(u.fetch.Pages), pick(u.fetch.Pages == 1, "page", "pages")))
	case u.fetch.NotModified > 0:
		return st.good.Render(fmt.Sprintf("current (%s of %s pages changed)", count(u.fetch.Pages-u.fetch.NotModified), count(u.fetch.Pages)))
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
		s = fmt.Sprintf(" page %s/%s", count(pr.Page), count(pr.LastPage))
	default:
		s = " page " + count(pr.Page)
	}
	if took := u.sh.now().Sub(u.started); took >= 3*time.Second {
		s += " · " + Span(took)
	}
	return s
}

// userColumns splits the width: the cursor mark, login, name, two flags, license,
// emails, and the 11 cells of separators and flags between them. Beyond 80 columns
// login and name get a quarter of the extra each (up to 32 cells), emails the rest.
func userColumns(w int) (login, name, license, emails int) {
	login, name, license = 16, 18, 10
	if extra := w - 80; extra > 0 {
		login = min(login+extra/4, 32)
		name = min(name+extra/4, 32)
	}
	emails = w - 13 - login - name - license
	if emails < 12 {
		name = max(name+emails-12, 8)
		emails = 12
	}
	return login, name, license, emails
}

func (u *usersPane) userRows(w int) []string {
	st := u.sh.styles
	lw, nw, tw, ew := userColumns(w)
	head := "  " + pad("LOGIN", lw) + " " + pad("NAME", nw) + " SRV CLD " + pad("LICENSE", tw) + " " + pad("EMAILS", ew)
	lines := []string{st.tableHead.Render(fit(head, w))}
	for i, r := range u.table.visible() {
		mark := "  "
		if u.table.offset+i == u.table.cursor {
			mark = "› "
		}
		line := mark + pad(r.login, lw) + " " + pad(r.name, nw) + " " + flag(r.server) + "   " + flag(r.cloud) + "   " +
			pad(r.license, tw) + " " + pad(r.emails, ew)
		line = fit(line, w)
		if u.table.offset+i == u.table.cursor {
			line = st.selected.Render(line)
		}
		lines = append(lines, line)
	}
	if len(u.table.shown) == 0 && !u.loading && u.loaded {
		lines = append(lines, st.muted.Render("  no users match"))
	}
	return lines
}

func flag(b bool) string {
	if b {
		return "✓"
	}
	return "·"
}
