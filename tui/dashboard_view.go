package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/frontend"
)

// labelWidth is the width of the dashboard's left-hand labels.
const labelWidth = 8

// summary is everything above the users table: stacked on narrow terminals, the server
// and the cloud side by side on wide ones.
func (p *dashboardPage) summary(w int) string {
	var out []string
	if w >= wideLayout {
		half := (w - 2) / 2
		left := strings.Join(p.serverLines(half), "\n")
		right := strings.Join(p.cloudLines(half), "\n")
		out = append(out, lipgloss.JoinHorizontal(lipgloss.Top,
			p.sh.renderer.NewStyle().Width(half+2).Render(left), right))
	} else {
		out = append(out, p.serverLines(w)...)
		out = append(out, p.cloudLines(w)...)
	}
	out = append(out, p.noticeLines(w)...)
	return strings.Join(out, "\n")
}

func (p *dashboardPage) row(name, value string, w int) string {
	return p.sh.styles.label.Render(pad(name, labelWidth)) + fit(value, w-labelWidth)
}

func (p *dashboardPage) serverLines(w int) []string {
	st := p.sh.styles
	if p.status == nil {
		if p.statusErr != nil {
			return []string{st.label.Render(pad("Server", labelWidth)) + p.sh.hang(reason(p.statusErr), labelWidth, w, st.bad)}
		}
		return []string{p.row("Server", st.muted.Render("reading…"), w)}
	}
	s := p.status.Server
	head := clean(s.Hostname)
	if head == "" {
		head = p.sh.applianceHost()
	}
	if s.Version != "" {
		head += " · GHES " + clean(s.Version)
	}
	if s.Enterprise != "" {
		head += " · " + clean(s.Enterprise)
	}
	lines := []string{p.row("Server", head, w)}
	if l := s.License; l != nil {
		lines = append(lines, p.row("Seats", p.seats(l, w-labelWidth), w))
		lines = append(lines, p.row("License", p.expiry(l), w))
	} else {
		lines = append(lines, p.row("Seats", st.muted.Render("unknown"), w))
	}
	lines = append(lines, p.row("Sync", p.syncLine(), w))
	return lines
}

// seats is the bar and the numbers; an unlimited license has no bar.
func (p *dashboardPage) seats(l *client.License, w int) string {
	if l.Seats.Unlimited {
		return frontend.Thousands(l.SeatsUsed) + " used · unlimited seats"
	}
	text := fmt.Sprintf(" %s/%s used · %s free", frontend.Thousands(l.SeatsUsed), frontend.Thousands(l.Seats.N), l.SeatsAvailable.String())
	if l.SeatsAvailable.Unlimited {
		text = fmt.Sprintf(" %s/%s used", frontend.Thousands(l.SeatsUsed), frontend.Thousands(l.Seats.N))
	}
	barWidth := min(30, w-lipgloss.Width(text)-2)
	if barWidth < 6 {
		return strings.TrimSpace(text)
	}
	return p.bar(l.SeatsUsed, l.Seats.N, barWidth) + text
}

// bar draws used out of total in w cells between brackets; nearly full is yellow, full
// or over red.
func (p *dashboardPage) bar(used, total, w int) string {
	st := p.sh.styles
	b := st.bar
	switch {
	case total > 0 && used >= total:
		b = st.barFull
	case total > 0 && used*10 >= total*9:
		b = st.barWarning
	}
	b.Width = w
	percent := 1.0
	if total > 0 {
		percent = min(float64(used)/float64(total), 1)
	}
	return "[" + b.ViewAs(percent) + "]"
}

// expiry is the license kind and when it ends (frontend.LicenseExpiry): a warning when
// it is time to renew, red once over.
func (p *dashboardPage) expiry(l *client.License) string {
	st := p.sh.styles
	kind := clean(l.Kind)
	if kind == "" {
		kind = "license"
	}
	e := frontend.LicenseExpiry(l, p.sh.now())
	date := ""
	if e.Date != "" {
		date = e.Date + " "
	}
	switch {
	case !e.Known:
		return kind
	case e.Expired:
		return kind + " · " + st.bad.Render(fmt.Sprintf("EXPIRED %s(%d days ago)", date, -e.Days))
	case e.RenewSoon:
		return kind + " · " + st.warning.Render(fmt.Sprintf("expires %s(in %d days): renew soon", date, e.Days))
	default:
		return kind + fmt.Sprintf(" · expires %s(in %d days)", date, e.Days)
	}
}

func (p *dashboardPage) syncLine() string {
	st := p.sh.styles
	c, s := p.status.Connect, p.status.Sync
	setting := frontend.ValueLabel(c.LicenseSync)
	if c.LicenseSync == client.FeatureDisabled {
		setting = st.warning.Render(setting)
	}
	parts := []string{setting}
	switch {
	case s.State == client.JobFailed:
		parts = append(parts, st.bad.Render("last job failed: "+clean(s.Error)))
	case s.LastSyncAt != nil:
		parts = append(parts, "last "+frontend.Ago(p.sh.now(), *s.LastSyncAt))
	case s.State == client.JobNone:
		parts = append(parts, "never synced")
	}
	if s.State == client.JobRunning || s.State == client.JobQueued {
		parts = append(parts, s.State)
	}
	if s.NextSyncAt != nil {
		parts = append(parts, "next "+frontend.Ago(p.sh.now(), *s.NextSyncAt))
	}
	return strings.Join(parts, " · ")
}

func (p *dashboardPage) cloudLines(w int) []string {
	st := p.sh.styles
	if !p.sh.backend.HasCloud() {
		return []string{p.row("Cloud", st.warning.Render("needs GH_TOKEN with read:enterprise"), w)}
	}
	if p.noCloudEnt {
		return []string{st.label.Render(pad("Cloud", labelWidth)) +
			p.sh.hang(upperFirst(noCloudEnterpriseText), labelWidth, w, st.warning)}
	}
	if p.status == nil {
		return []string{p.row("Cloud", st.muted.Render("reading…"), w)}
	}
	c := p.status.Cloud
	name := clean(c.Enterprise)
	if name == "" {
		name = st.muted.Render("enterprise unknown")
	}
	var seats string
	switch {
	case c.SeatsConsumed == nil || c.SeatsPurchased == nil:
		seats = st.muted.Render("seats unknown")
	case *c.SeatsConsumed > *c.SeatsPurchased:
		seats = st.bad.Render(fmt.Sprintf("%s/%s consumed · %s over", frontend.Thousands(*c.SeatsConsumed), frontend.Thousands(*c.SeatsPurchased), frontend.Thousands(*c.SeatsConsumed-*c.SeatsPurchased)))
	default:
		seats = fmt.Sprintf("%s/%s consumed · %s free", frontend.Thousands(*c.SeatsConsumed), frontend.Thousands(*c.SeatsPurchased), frontend.Thousands(*c.SeatsPurchased-*c.SeatsConsumed))
	}
	lines := []string{p.row("Cloud", name+" · "+seats, w)}
	const maxServers = 3
	for i, s := range c.Servers {
		if i == maxServers {
			lines = append(lines, p.row("", st.muted.Render(fmt.Sprintf("and %d more servers", len(c.Servers)-maxServers)), w))
			break
		}
		lines = append(lines, p.row(pick(i == 0, "Synced", ""), p.serverSync(s), w))
	}
	return lines
}

func pick(cond bool, a, b string) string {
	if cond {
		return a
	}
	return b
}

// serverSync is one server as the cloud saw its last sync.
func (p *dashboardPage) serverSync(s client.CloudServerSync) string {
	st := p.sh.styles
	line := clean(s.Hostname) + p.sh.fleetMark(s.Hostname) + ": "
	// Documented statuses in words; anything else verbatim, marked unrecognised.
	status := client.SyncStatusWords(s.LastSync.Status)
	if strings.EqualFold(strings.TrimSpace(s.LastSync.Status), client.SyncSuccess) {
		line += st.good.Render(status)
	} else {
		line += st.bad.Render(status)
	}
	if t, err := client.ParseTime(s.LastSync.Date); err == nil {
		line += " " + frontend.Ago(p.sh.now(), t)
	}
	if s.LastSync.Error != "" {
		line += " · " + st.bad.Render(clean(s.LastSync.Error))
	}
	return line
}

// noticeLines are the "Sync now" progress or result, staleness and the status's gaps.
// A line is never shown twice, and a gap that repeats an error already shown (the same
// failure, seen by the status and by the users load) is left out.
func (p *dashboardPage) noticeLines(w int) []string {
	st := p.sh.styles
	var out []string
	shown := map[string]bool{}
	// Results and errors are wrapped, never cut: the fix is in their last words.
	note := func(mark, text string, style lipgloss.Style) {
		if shown[text] {
			return
		}
		shown[text] = true
		out = append(out, style.Render(mark+" ")+p.sh.hang(text, 2, w, style))
	}
	// hints are the shown errors' hints: a gap carrying one says nothing new.
	var hints []string
	switch {
	case p.syncing:
		state := "starting"
		if p.job != nil {
			state = clean(p.job.State)
		}
		elapsed := p.sh.now().Sub(p.syncStarted).Round(time.Second)
		out = append(out, st.accent.Render(fit(fmt.Sprintf("Sync now: %s… %s", state, frontend.Span(elapsed)), w)))
	case p.syncResult != "" && p.syncGood:
		note("✓", p.syncResult, st.good)
	case p.syncResult != "":
		note("✗", p.syncResult, st.bad)
	}
	if p.sh.arrival != "" {
		note("→", p.sh.arrival, st.accent)
	}
	switch {
	case p.copied != "" && p.copyOK:
		note("✓", p.copied, st.good)
	case p.copied != "":
		note("✗", p.copied, st.bad)
	}
	if p.usersErr != nil && !p.loadingUsers {
		hints = append(hints, hintOf(p.usersErr))
		what := "Users could not be read: "
		switch {
		case p.noCloudEnt:
			what = "" // the Cloud line above says it
		case p.fromSnapshot:
			what = "Users are the snapshot from " + frontend.Ago(p.sh.now(), p.snapAt) + "; checking it failed: "
		case p.usersLoaded:
			what = "Users are stale, the reload failed: "
		}
		if what != "" {
			note("✗", what+cloudReason(p.usersErr), st.bad)
		}
	}
	if p.statusErr != nil && p.status != nil {
		hints = append(hints, hintOf(p.statusErr))
		note("✗", "Stale, updated "+frontend.Ago(p.sh.now(), p.updated)+": "+reason(p.statusErr), st.bad)
	} else if p.status != nil {
		updated := "updated " + frontend.Ago(p.sh.now(), p.updated)
		if p.refreshing {
			updated += " · refreshing…"
		}
		out = append(out, st.muted.Render(updated))
	}
	for i, n := range p.notes {
		if i == 1 {
			break
		}
		note("!", clean(n), st.warning)
	}
	if p.status != nil {
		const maxGaps = 2
		gaps := 0
		for _, g := range p.status.Gaps {
			g = clean(g)
			if gaps == maxGaps || shown[g] || containsAny(g, hints) {
				continue
			}
			gaps++
			note("!", g, st.warning)
		}
	}
	return out
}

// containsAny reports whether s contains one of the non-empty subs.
func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if sub != "" && strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// upperFirst capitalises a sentence's first letter.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
