package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/licensesync/licensesync/client/frontend"
)

// usersView is the table's title line, its column header and its visible rows.
func (p *dashboardPage) usersView(w int) string {
	st := p.sh.styles
	if !p.sh.backend.HasCloud() {
		return st.muted.Width(w).Render("Users: the consumed-licenses list comes from the cloud enterprise. Set GH_TOKEN to a token with read:enterprise to see it.")
	}
	var title string
	switch {
	case p.breakdown:
		title = breakdownView{p.sh}.title(p.reconcile)
	case p.duplicates:
		title = st.label.Render("Counted twice")
		switch {
		case !p.usersLoaded && !p.loadingUsers && p.usersErr != nil:
			// nothing to look at: the freshness says the users were not read
		case p.reconciling || p.reconcile == nil:
			title += st.muted.Render(" · looking…")
		default:
			title = p.twice.title(!p.noServerYet() || len(p.twice.rows) > 0)
		}
	default:
		title = st.label.Render("Users") + " " + frontend.Thousands(len(p.table.shown))
		if p.filter.Focused() || p.filter.Value() != "" {
			title += " · filter " + p.filter.View()
		}
		title += " · sort " + p.table.sort.String()
	}
	if f := p.freshness(); f != "" {
		title += " · " + f
	}
	lines := []string{fit(title, w)}
	switch {
	case p.breakdown:
		lines = append(lines, breakdownView{p.sh}.lines(p.reconcile, p.reconciling || p.loadingUsers, w, p.table.height+1)...)
	case p.duplicates:
		lines = append(lines, p.countedTwiceRows(w)...)
	default:
		lines = append(lines, p.userRows(w)...)
	}
	return strings.Join(lines, "\n")
}

// freshness says where the users came from and how current they are: the snapshot
// and its age while it is checked, the load's progress, or the check's outcome.
func (p *dashboardPage) freshness() string {
	st := p.sh.styles
	switch {
	case p.snapReading && !p.usersLoaded:
		return st.accent.Render("reading the snapshot…")
	case p.loadingUsers && p.fromSnapshot:
		return st.warning.Render("snapshot from "+frontend.Ago(p.sh.now(), p.snapAt)) + st.accent.Render(" · checking…"+p.pages())
	case p.loadingUsers && p.usersLoaded:
		return st.accent.Render("reloading…" + p.pages())
	case p.loadingUsers:
		return st.accent.Render("loading…" + p.pages())
	case p.usersErr != nil && p.fromSnapshot:
		return st.bad.Render("snapshot from " + frontend.Ago(p.sh.now(), p.snapAt) + ", not checked (see above)")
	case p.usersErr != nil && p.usersLoaded:
		return st.bad.Render("stale (see above)")
	case p.usersErr != nil:
		return st.bad.Render("not read (see above)")
	case p.fetch.NotModified > 0 && p.fetch.NotModified == p.fetch.Pages:
		return st.good.Render(fmt.Sprintf("current (%s %s unchanged)", frontend.Thousands(p.fetch.Pages), pick(p.fetch.Pages == 1, "page", "pages")))
	case p.fetch.NotModified > 0:
		return st.good.Render(fmt.Sprintf("current (%s of %s pages changed)", frontend.Thousands(p.fetch.Pages-p.fetch.NotModified), frontend.Thousands(p.fetch.Pages)))
	}
	return ""
}

// pages is a load's progress: " page 12/1,000", "" before the first page, and after a
// few seconds how long it has taken, so that a load held back by GitHub's rate limit
// (900 requests a minute: 100,000 users take over a minute) visibly goes on.
func (p *dashboardPage) pages() string {
	pr := p.progress
	var s string
	switch {
	case pr.Page == 0:
	case pr.LastPage > 0:
		s = fmt.Sprintf(" page %s/%s", frontend.Thousands(pr.Page), frontend.Thousands(pr.LastPage))
	default:
		s = " page " + frontend.Thousands(pr.Page)
	}
	if took := p.sh.now().Sub(p.loadStarted); took >= 3*time.Second {
		s += " · " + frontend.Span(took)
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

func (p *dashboardPage) userRows(w int) []string {
	st := p.sh.styles
	lw, nw, tw, ew := userColumns(w)
	head := "  " + pad("LOGIN", lw) + " " + pad("NAME", nw) + " SRV CLD " + pad("LICENSE", tw) + " " + pad("EMAILS", ew)
	lines := []string{st.tableHead.Render(fit(head, w))}
	for i, r := range p.table.visible() {
		mark := "  "
		if p.table.offset+i == p.table.cursor {
			mark = "› "
		}
		line := mark + pad(r.login, lw) + " " + pad(r.name, nw) + " " + flag(r.server) + "   " + flag(r.cloud) + "   " +
			pad(r.license, tw) + " " + pad(r.emails, ew)
		line = fit(line, w)
		if p.table.offset+i == p.table.cursor {
			line = st.selected.Render(line)
		}
		lines = append(lines, line)
	}
	if len(p.table.shown) == 0 && !p.loadingUsers && p.usersLoaded {
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

// noServerYet: no server user has reached the cloud, so nothing could be compared
// (a subscription alone can still be found).
func (p *dashboardPage) noServerYet() bool {
	return p.reconcile != nil && p.reconcile.Both+p.reconcile.ServerOnly == 0
}

// countedTwiceRows is the counted-twice view below its title (tui/counted_twice.go),
// or why it is empty.
func (p *dashboardPage) countedTwiceRows(w int) []string {
	st := p.sh.styles
	switch {
	case len(p.twice.rows) > 0:
		return p.twice.lines(w, p.table.height)
	case p.reconcile == nil:
		return nil
	case p.noServerYet():
		how := "press s to sync"
		if p.syncDisabled() {
			how = "enable license sync and press s to sync"
		}
		return []string{"  " + p.sh.hang(sentence(frontend.NoServerUsersText)+": "+how+", then look again.", 2, w, st.warning)}
	}
	return []string{st.muted.Render("  nobody looks counted twice")}
}
