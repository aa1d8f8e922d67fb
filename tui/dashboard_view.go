package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/client/status"
	"github.com/licensesync/licensesync/tui/common"
)

// summary is everything above the users table: stacked on narrow terminals, the server
// and the cloud side by side on wide ones.
func (p *dashboardPage) summary(w int) string {
	var out []string
	if w >= wideLayout {
		half := (w - 2) / 2
		left := strings.Join(p.serverLines(half), "\n")
		right := strings.Join(p.cloudLines(half), "\n")
		out = append(out, lipgloss.JoinHorizontal(lipgloss.Top,
			p.sh.Renderer.NewStyle().Width(half+2).Render(left), right))
	} else {
		out = append(out, p.serverLines(w)...)
		out = append(out, p.cloudLines(w)...)
	}
	out = append(out, p.noticeLines(w)...)
	return strings.Join(out, "\n")
}

func (p *dashboardPage) row(name, value string, w int) string {
	return p.sh.Styles.Label.Render(common.Pad(name, common.LabelWidth)) + common.Fit(value, w-common.LabelWidth)
}

func (p *dashboardPage) serverLines(w int) []string {
	st := p.sh.Styles
	if p.status.current == nil {
		if p.status.err != nil {
			return []string{st.Label.Render(common.Pad("Server", common.LabelWidth)) + p.sh.Hang(common.Reason(p.status.err), common.LabelWidth, w, st.Bad)}
		}
		return []string{p.row("Server", st.Muted.Render("reading…"), w)}
	}
	s := p.status.current.Server
	// One name for this server everywhere: the one GitHub knows it by.
	head := p.sh.ApplianceHost()
	if s.Version != "" {
		head += " · GHES " + common.Clean(s.Version)
	}
	if s.Enterprise != "" {
		head += " · " + common.Clean(s.Enterprise)
	}
	lines := []string{p.row("Server", head, w)}
	if l := s.License; l != nil {
		if text, ok := p.impossibleSeats(l); ok {
			lines = append(lines, p.hangingRow("Seats", text, w, st.Warning))
		} else {
			lines = append(lines, p.row("Seats", p.seats(l, w-common.LabelWidth), w))
		}
		if !p.compact || p.expiresSoon(l) {
			lines = append(lines, p.row("License", p.expiry(l), w))
		}
	} else {
		lines = append(lines, p.row("Seats", st.Muted.Render("unknown"), w))
	}
	lines = append(lines, p.row("Sync", p.syncLine(), w))
	return lines
}

// seats is the bar and the numbers; an unlimited license has no bar. A license used
// beyond its seats says how far over.
func (p *dashboardPage) seats(l *client.License, w int) string {
	switch {
	case l.Seats.Unlimited && l.SeatsUsedUnknown:
		return "in use unknown · unlimited seats"
	case l.Seats.Unlimited:
		return frontend.Thousands(l.SeatsUsed) + " used · unlimited seats"
	case l.SeatsUsedUnknown:
		return "in use unknown · " + frontend.Thousands(l.Seats.N) + " seats"
	}
	text := fmt.Sprintf(" %s used of %s · %s free", frontend.Thousands(l.SeatsUsed), frontend.Thousands(l.Seats.N), l.SeatsAvailable.String())
	switch {
	case l.SeatsOver != nil && *l.SeatsOver > 0:
		text = fmt.Sprintf(" %s used of %s · ", frontend.Thousands(l.SeatsUsed), frontend.Thousands(l.Seats.N)) +
			p.sh.Styles.Bad.Render(frontend.Thousands(*l.SeatsOver)+" over the license")
	case l.SeatsAvailable.Unlimited:
		text = fmt.Sprintf(" %s used of %s", frontend.Thousands(l.SeatsUsed), frontend.Thousands(l.Seats.N))
	}
	barWidth := min(30, w-lipgloss.Width(text)-2)
	if barWidth < 6 {
		return strings.TrimSpace(text)
	}
	return p.bar(l.SeatsUsed, l.Seats.N, barWidth) + text
}

// impossibleSeats is the license's seats when one of its numbers cannot be true
// (client/seats): that one said as impossible, with its value and source, beside the
// numbers that can be; no bar. ok is false when every number can be believed.
func (p *dashboardPage) impossibleSeats(l *client.License) (text string, ok bool) {
	bad := p.status.current.Impossible
	words := func(label, field string) string {
		i, _ := seats.ImpossibleOf(bad, field)
		return label + " " + i.Words()
	}
	var parts []string
	switch {
	case hasImpossible(bad, seats.FieldSeatsUsed):
		parts = append(parts, words("used", seats.FieldSeatsUsed))
	case !l.SeatsUsedUnknown:
		parts = append(parts, frontend.Thousands(l.SeatsUsed)+" used")
	}
	switch {
	case hasImpossible(bad, seats.FieldSeats):
		parts = append(parts, words("seats", seats.FieldSeats))
	case l.Seats.Unlimited:
		parts = append(parts, "unlimited seats")
	default:
		parts = append(parts, frontend.Thousands(l.Seats.N)+" seats")
	}
	if l.SeatsOver != nil && *l.SeatsOver > 0 {
		parts = append(parts, frontend.Thousands(*l.SeatsOver)+" over the license")
	}
	if hasImpossible(bad, seats.FieldSeatsAvailable) {
		parts = append(parts, words("available", seats.FieldSeatsAvailable))
	}
	ok = hasImpossible(bad, seats.FieldSeatsUsed) || hasImpossible(bad, seats.FieldSeats) || hasImpossible(bad, seats.FieldSeatsAvailable)
	return strings.Join(parts, " · "), ok
}

// hangingRow is a labelled row whose value wraps under itself in style, never cut:
// for words that must read whole, such as a number that cannot be true.
func (p *dashboardPage) hangingRow(name, value string, w int, style lipgloss.Style) string {
	return p.sh.Styles.Label.Render(common.Pad(name, common.LabelWidth)) + p.sh.Hang(value, common.LabelWidth, w, style)
}

// hasImpossible says whether field is among bad.
func hasImpossible(bad []seats.Impossible, field string) bool {
	_, ok := seats.ImpossibleOf(bad, field)
	return ok
}

// bar draws used out of total in w cells between brackets; nearly full is yellow, full
// or over red.
func (p *dashboardPage) bar(used, total, w int) string {
	st := p.sh.Styles
	b := st.Bar
	switch {
	case total > 0 && used >= total:
		b = st.BarFull
	case total > 0 && float64(used) >= 0.9*float64(total): // used*10 would overflow for huge counts
		b = st.BarWarning
	}
	b.Width = w
	percent := 1.0
	if total > 0 {
		percent = min(float64(used)/float64(total), 1)
	}
	return "[" + b.ViewAs(percent) + "]"
}

// expiresSoon reports a license that it is time to renew, or that has ended: worth a
// line even on a small screen.
func (p *dashboardPage) expiresSoon(l *client.License) bool {
	e := frontend.LicenseExpiry(l, p.sh.Now())
	return e.Known && (e.Expired || e.RenewSoon)
}

// expiry is the license kind and when it ends (frontend.LicenseExpiry): a warning when
// it is time to renew, red once over.
func (p *dashboardPage) expiry(l *client.License) string {
	st := p.sh.Styles
	kind := common.Clean(l.Kind)
	if kind == "" {
		kind = "license"
	}
	e := frontend.LicenseExpiry(l, p.sh.Now())
	date := ""
	if e.Date != "" {
		date = e.Date + " "
	}
	switch {
	case !e.Known:
		return kind
	case e.Expired:
		return kind + " · " + st.Bad.Render(fmt.Sprintf("EXPIRED %s(%d days ago)", date, -e.Days))
	case e.RenewSoon:
		return kind + " · " + st.Warning.Render(fmt.Sprintf("expires %s(in %d days): renew soon", date, e.Days))
	default:
		return kind + fmt.Sprintf(" · expires %s(in %d days)", date, e.Days)
	}
}

func (p *dashboardPage) cloudLines(w int) []string {
	st := p.sh.Styles
	if !p.sh.Backend.HasCloud() {
		return []string{p.row("Cloud", st.Warning.Render("needs GH_TOKEN with read:enterprise"), w)}
	}
	if p.users.noCloudEnt {
		return []string{st.Label.Render(common.Pad("Cloud", common.LabelWidth)) +
			p.sh.Hang(common.UpperFirst(common.NoCloudEnterpriseText), common.LabelWidth, w, st.Warning)}
	}
	if p.status.current == nil {
		return []string{p.row("Cloud", st.Muted.Render("reading…"), w)}
	}
	c := p.status.current.Cloud
	name := common.Clean(c.Enterprise)
	if name == "" {
		name = st.Muted.Render("enterprise unknown")
	}
	lines := []string{p.row("Cloud", name, w), p.row("Seats", p.cloudSeats(c, w-common.LabelWidth), w)}
	if text, ok := p.impossibleCloudSeats(c); ok {
		lines[1] = p.hangingRow("Seats", text, w, st.Warning)
	}
	// This server's sync is the Sync line; the others connected to the same cloud
	// enterprise follow, as the cloud saw them.
	const maxServers = 3
	others := p.otherServers()
	first := true
	for i, s := range others {
		if p.compact && strings.EqualFold(s.LastSync.Status, "success") {
			continue // a small screen lists only the servers whose sync went wrong
		}
		if i == maxServers {
			lines = append(lines, p.row("", st.Muted.Render(fmt.Sprintf("and %d more servers", len(others)-maxServers)), w))
			break
		}
		lines = append(lines, p.row(common.Pick(first, "Others", ""), p.serverSync(s), w))
		first = false
	}
	return lines
}

// serverSync is one server as the cloud saw its last sync.
func (p *dashboardPage) serverSync(s status.CloudServerSync) string {
	st := p.sh.Styles
	line := common.Clean(s.Hostname) + p.sh.FleetMark(s.Hostname) + ": "
	// Documented statuses in words; anything else verbatim, marked unrecognised.
	status := client.SyncStatusWords(s.LastSync.Status)
	if strings.EqualFold(strings.TrimSpace(s.LastSync.Status), client.SyncSuccess) {
		line += st.Good.Render(status)
	} else {
		line += st.Bad.Render(status)
	}
	if t, err := client.ParseTime(s.LastSync.Date); err == nil {
		line += " " + frontend.Ago(p.sh.Now(), t)
	}
	if s.LastSync.Error != "" {
		line += " · " + st.Bad.Render(common.Clean(s.LastSync.Error))
	}
	return line
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
