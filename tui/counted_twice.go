package tui

import (
	"fmt"
	"strings"

	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/tui/common"
)

// findingRow is one person counted twice, made safe once (the client sanitised every
// field; clean is cheap on clean text and keeps the rule local).
type findingRow struct {
	kind, confidence string
	person           string // the cloud login, or the subscription's email
	server           string // the server candidates' emails
	why, fix         string
	urls             []string // the cloud profile, then the server accounts' pages
	f                seats.Finding
}

func newFindingRow(f seats.Finding) findingRow {
	r := findingRow{kind: f.Kind, confidence: f.Confidence, person: common.Clean(f.CloudLogin),
		server: common.Clean(strings.Join(f.ServerEmails, ", ")), why: common.Clean(f.Why), fix: common.Clean(f.Fix), f: f}
	if r.person == "" {
		r.person = "-"
	}
	if f.CloudProfile != "" {
		r.urls = append(r.urls, common.Clean(f.CloudProfile))
	}
	for _, u := range f.ServerProfiles {
		r.urls = append(r.urls, common.Clean(u))
	}
	return r
}

// kindShort is a kind in the table's narrow column.
var kindShort = map[string]string{
	seats.KindExactEmailSplit: "same email",
	seats.KindNoVerifiedEmail: "no domain",
	seats.KindVSUnmatched:     "VS unmatch",
	seats.KindSAMLMismatch:    "SAML",
	seats.KindLookalike:       "lookalike",
}

// countedTwiceView lists the people counted twice, one row each, with the selected
// one's reason, exact fix and profile links written out below the rows.
type countedTwiceView struct {
	sh             *common.Shared
	rows           []findingRow
	summary        string // e.g. "3 certain, 1 likely, 40 guesses"
	cursor, offset int
	// projected: no server user has reached the cloud yet; the rows are who will be
	// counted twice after the first sync (from the server's own accounts), the title
	// says "Projected".
	projected bool
}

func (v *countedTwiceView) set(r *seats.Reconcile) {
	findings := r.Findings
	v.projected = r.Both+r.ServerOnly == 0 && len(r.ProjectedFindings) > 0
	if v.projected {
		findings = r.ProjectedFindings
	}
	v.rows = make([]findingRow, len(findings))
	for i, f := range findings {
		v.rows[i] = newFindingRow(f)
	}
	v.summary = seats.ConfidenceSummary(findings)
	v.cursor = min(v.cursor, max(len(v.rows)-1, 0))
}

func (v *countedTwiceView) selected() *findingRow {
	if v.cursor >= len(v.rows) {
		return nil
	}
	return &v.rows[v.cursor]
}

// detailLines is how many lines the selected person's details take below the rows.
const detailLines = 6

// rowsHeight is the rows shown in a table of height lines.
func rowsHeight(height int) int { return max(height-detailLines, 1) }

// move moves the cursor by, keeping it in a window of height table lines.
func (v *countedTwiceView) move(by, height int) {
	v.cursor = max(min(v.cursor+by, len(v.rows)-1), 0)
	v.scroll(height)
}

func (v *countedTwiceView) scroll(height int) {
	h := rowsHeight(height)
	if v.cursor < h {
		v.offset = 0
	}
	if v.cursor < v.offset {
		v.offset = v.cursor
	}
	if v.cursor >= v.offset+h {
		v.offset = v.cursor - h + 1
	}
	v.offset = max(min(v.offset, len(v.rows)-h), 0)
}

// title is the view's title: people, never pairs.
func (v *countedTwiceView) title(checked bool) string {
	st := v.sh.Styles
	t := st.Label.Render("Counted twice")
	if v.projected {
		t = st.Label.Render("Projected: counted twice")
	}
	switch {
	case !checked:
		return t + st.Warning.Render(" · not checked yet")
	case len(v.rows) == 0:
		return t + " · nobody"
	}
	return t + fmt.Sprintf(" · %s %s (%s)", frontend.Thousands(len(v.rows)), common.Pick(len(v.rows) == 1, "person", "people"), v.summary)
}

// lines renders the header, the visible rows and the selected person's details in
// height lines of w cells.
func (v *countedTwiceView) lines(w, height int) []string {
	st := v.sh.Styles
	kw, cw, pw := 10, 7, min(18+max(w-80, 0)/4, 32)
	sw := max(w-2-kw-cw-pw-3, 10)
	head := "  " + common.Pad("KIND", kw) + " " + common.Pad("SURE", cw) + " " + common.Pad("PERSON", pw) + " " + common.Pad("SERVER EMAILS", sw)
	out := []string{st.TableHead.Render(common.Fit(head, w))}
	h := rowsHeight(height)
	end := min(v.offset+h, len(v.rows))
	for i := v.offset; i < end; i++ {
		r := v.rows[i]
		mark := common.Pick(i == v.cursor, "› ", "  ")
		line := common.Fit(mark+common.Pad(kindShort[r.kind], kw)+" "+common.Pad(r.confidence, cw)+" "+common.Pad(r.person, pw)+" "+common.Pad(r.server, sw), w)
		if i == v.cursor {
			line = st.Selected.Render(line)
		}
		out = append(out, line)
	}
	for n := end - v.offset; n < h; n++ {
		out = append(out, "")
	}
	return append(out, v.details(w)...)
}

// details is the selected person's why, fix, links and GitHub's rule behind the
// kind: detailLines lines at most.
func (v *countedTwiceView) details(w int) []string {
	st := v.sh.Styles
	r := v.selected()
	if r == nil {
		return nil
	}
	const indent = 6
	field := func(name, text string, lines int) []string {
		wrapped := strings.Split(v.sh.Hang(text, indent, w, st.Text), "\n")
		if len(wrapped) > lines {
			wrapped = wrapped[:lines]
			wrapped[lines-1] = common.Fit(wrapped[lines-1]+"…", w)
		}
		wrapped[0] = st.Label.Render(common.Pad(name, indent)) + wrapped[0]
		return wrapped
	}
	out := field("Why", r.why+".", 2)
	// The fix is what the admin acts on: when it needs a third line it takes the Rule's
	// (the kind's general rule, said in README.md) rather than be cut.
	fix := field("Fix", r.fix, 3)
	out = append(out, fix...)
	var links []string
	for _, u := range r.urls {
		links = append(links, v.link(u))
	}
	if len(links) == 0 {
		links = []string{st.Muted.Render("no profile known")}
	}
	out = append(out, st.Label.Render(common.Pad("Open", indent))+common.Fit(strings.Join(links, "  "), w-indent))
	if len(fix) > 2 {
		return out
	}
	return append(out, st.Label.Render(common.Pad("Rule", indent))+st.Muted.Render(common.Fit(seats.KindRule(r.kind), w-indent)))
}

// link is u as a hyperlink (shared.hyperlink) whose text drops the scheme.
func (v *countedTwiceView) link(u string) string {
	return v.sh.Hyperlink(u, strings.TrimPrefix(u, "https://"))
}
