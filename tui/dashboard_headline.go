package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/client/status"
	"github.com/licensesync/licensesync/tui/common"
)

// The summary's headline numbers: the cloud's seats (the side that goes over), and
// one line for this server's sync built from what the appliance and the cloud both
// say, so that it cannot contradict the list of the other servers below it.

// cloudSeats is "3,340 consumed of 3,300 purchased · 40 over" with its own bar, in w
// cells. Before this server's first sync the cloud does not count its users yet: the
// free seats would be headroom the sync takes away, so the line says what the cloud will
// count after it (the reconciliation's projection), or at most how many more it may add.
func (p *dashboardPage) cloudSeats(c status.CloudStatus, w int) string {
	st := p.sh.Styles
	if c.SeatsConsumed == nil || c.SeatsPurchased == nil {
		return st.Muted.Render("seats unknown")
	}
	used, total := *c.SeatsConsumed, *c.SeatsPurchased
	// after is what the numbers mean, long and short: the words give way before the
	// numbers on a narrow screen.
	var after [2]string
	switch l := p.status.current.Server.License; {
	case used > total:
		after[1] = st.Bad.Render(frontend.Thousands(used-total) + " over")
		// Where the over-allocation comes from is one key away (tui/breakdown.go).
		after[0] = after[1] + st.Muted.Render(" · "+p.sh.Keys.Breakdown.Help().Key+": why")
	case p.beforeFirstSync() && p.projected() != nil:
		// The reconciliation's projection (tui/reconcile_load.go): what the cloud will
		// count once this server's users have reached it.
		n := *p.projected()
		left := frontend.Thousands(total-n) + " free"
		style := st.Warning
		if n > total {
			left, style = frontend.Thousands(n-total)+" over", st.Bad
		}
		after[0] = style.Render("about " + frontend.Thousands(n) + " after the first sync: " + left)
		after[1] = style.Render("≈" + frontend.Thousands(n) + " after sync: " + left)
	case p.beforeFirstSync() && l != nil && l.SeatsUsed > 0:
		after[0] = st.Warning.Render("up to " + frontend.Thousands(l.SeatsUsed) + " more at the first sync")
		after[1] = st.Warning.Render("a sync adds up to " + frontend.Thousands(l.SeatsUsed))
	case p.beforeFirstSync():
		after[0] = st.Warning.Render("this server not counted yet")
		after[1] = st.Warning.Render("server not counted yet")
	default:
		after[0] = frontend.Thousands(total-used) + " free"
		after[1] = after[0]
	}
	var text string
	for _, t := range []string{
		fmt.Sprintf(" %s consumed of %s purchased · %s", frontend.Thousands(used), frontend.Thousands(total), after[0]),
		fmt.Sprintf(" %s consumed of %s purchased · %s", frontend.Thousands(used), frontend.Thousands(total), after[1]),
		fmt.Sprintf(" %s of %s consumed · %s", frontend.Thousands(used), frontend.Thousands(total), after[1]),
	} {
		if text = t; lipgloss.Width(t) <= w {
			break
		}
	}
	barWidth := min(30, w-lipgloss.Width(text)-2)
	if barWidth < 6 {
		return strings.TrimSpace(text)
	}
	return p.bar(used, total, barWidth) + text
}

// impossibleCloudSeats is the cloud's seats when one of its totals cannot be true
// (client/seats): that one said as impossible, with its value and source, beside the
// other. ok is false when both can be believed.
func (p *dashboardPage) impossibleCloudSeats(c status.CloudStatus) (text string, ok bool) {
	bad := p.status.current.Impossible
	var parts []string
	for _, f := range []struct {
		n            *int
		field, words string
	}{{c.SeatsConsumed, seats.FieldSeatsConsumed, "consumed"}, {c.SeatsPurchased, seats.FieldSeatsPurchased, "purchased"}} {
		if i, found := seats.ImpossibleOf(bad, f.field); found {
			parts, ok = append(parts, f.words+" "+i.Words()), true
		} else if f.n != nil {
			parts = append(parts, frontend.Thousands(*f.n)+" "+f.words)
		}
	}
	return strings.Join(parts, " · "), ok
}

// projected is what the cloud will count after the first sync, nil while unknown.
func (p *dashboardPage) projected() *int {
	if r := p.breakdown.rec.r; r != nil {
		return r.ProjectedAfterSync
	}
	return nil
}

// thisServer is this server's entry in the cloud's list, found by its server id or
// by the name the cloud knows it by.
func (p *dashboardPage) thisServer() (status.CloudServerSync, bool) {
	for _, s := range p.status.current.Cloud.Servers {
		if p.sh.IsThisServer(s.ServerID, s.Hostname) {
			return s, true
		}
	}
	return status.CloudServerSync{}, false
}

// otherServers are the cloud's list without this server.
func (p *dashboardPage) otherServers() []status.CloudServerSync {
	me, ok := p.thisServer()
	var out []status.CloudServerSync
	for _, s := range p.status.current.Cloud.Servers {
		if ok && s == me {
			continue
		}
		out = append(out, s)
	}
	return out
}

// beforeFirstSync reports that neither the appliance nor the cloud knows of a sync of
// this server.
func (p *dashboardPage) beforeFirstSync() bool {
	if p.status.current.Sync.LastSyncAt != nil {
		return false
	}
	me, ok := p.thisServer()
	return !ok || cloudNeverSynced(me.LastSync.Status)
}

// cloudConfirms reports a recent successful sync of this server, as the cloud saw it:
// proof that license sync is on.
func (p *dashboardPage) cloudConfirms(me status.CloudServerSync) bool {
	t, err := client.ParseTime(me.LastSync.Date)
	return err == nil && strings.EqualFold(me.LastSync.Status, "success") && p.sh.Now().Sub(t) <= common.FreshSync
}

func cloudNeverSynced(status string) bool {
	s := strings.ToLower(strings.TrimSpace(status))
	return s == "" || s == "never_synced" || s == "never synced"
}

// syncLine is this server's sync: the setting, the newest sync either side knows of
// (or how the last one failed), what runs now, and the next.
func (p *dashboardPage) syncLine() string {
	st := p.sh.Styles
	c, s := p.status.current.Connect, p.status.current.Sync
	me, known := p.thisServer()
	setting := frontend.ValueLabel(c.LicenseSync)
	switch {
	case c.LicenseSync == client.FeatureDisabled:
		setting = st.Warning.Render(setting)
	case c.LicenseSync != client.FeatureEnabled && known && p.cloudConfirms(me):
		// A stock appliance cannot say; a recent sync the cloud saw can.
		setting = "Enabled, the cloud confirms"
	}
	parts := append([]string{setting}, p.cloudViewParts(c)...)
	last := s.LastSyncAt
	var cloudAt *time.Time
	if t, err := client.ParseTime(me.LastSync.Date); known && err == nil {
		cloudAt = &t
	}
	cloudFailed := known && cloudAt != nil && !cloudNeverSynced(me.LastSync.Status) && !strings.EqualFold(me.LastSync.Status, "success")
	if cloudAt != nil && !cloudFailed && (last == nil || cloudAt.After(*last)) {
		last = cloudAt
	}
	switch {
	case s.State == client.JobFailed:
		parts = append(parts, st.Bad.Render("last job failed: "+common.Clean(s.Error)))
	case cloudFailed && (last == nil || !last.After(*cloudAt)):
		failed := "last sync failed " + frontend.Ago(p.sh.Now(), *cloudAt)
		if e := common.Clean(me.LastSync.Error); e != "" {
			failed += ": " + e
		}
		parts = append(parts, st.Bad.Render(failed))
	case last != nil:
		parts = append(parts, "synced "+frontend.Ago(p.sh.Now(), *last))
	case s.State == client.JobNone || (known && cloudNeverSynced(me.LastSync.Status)):
		parts = append(parts, "never synced")
	}
	if s.State == client.JobRunning || s.State == client.JobQueued {
		parts = append(parts, s.State)
	}
	if s.NextSyncAt != nil {
		parts = append(parts, "next "+frontend.Ago(p.sh.Now(), *s.NextSyncAt))
	}
	return strings.Join(parts, " · ")
}

// cloudViewParts is, for the dashboard's sync line where the appliance does not say
// (a stock appliance, no console API), whether GitHub.com's GraphQL view lists this
// server as connected and, when its last upload did not succeed, how it went and
// when; a successful upload is already the line's "synced" time (status.Status takes
// it from there on a stock appliance). None otherwise.
func (p *dashboardPage) cloudViewParts(c status.ConnectStatus) []string {
	inst, st := c.Installation, p.sh.Styles
	if inst == nil || !inst.Found || c.LicenseSync == client.FeatureEnabled || c.LicenseSync == client.FeatureDisabled {
		return nil
	}
	part := "GitHub.com: connection unknown"
	if inst.Connected != nil && *inst.Connected {
		part = st.Good.Render("GitHub.com: connected")
	} else if inst.Connected != nil {
		part = st.Warning.Render("GitHub.com: not connected")
	}
	if u := inst.LastUpload; u != nil && u.State != client.UploadSuccess {
		words := "last upload " + u.StateWords()
		if t, err := client.ParseTime(u.CreatedAt); err == nil {
			words += " " + frontend.Ago(p.sh.Now(), t)
		}
		part += ", " + st.Bad.Render(words)
	}
	return []string{part}
}
