package setup

import (
	"context"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/tui/common"
)

// cloudProbeMsg is the GitHub Connect step's read of the cloud, which checks two of
// GitHub Connect's prerequisites from where licensesync runs: the IP allow list and the
// way out (a proxy) to GitHub.com.
type cloudProbeMsg struct {
	id  int
	err error
}

// probeCloud reads license-sync-status, the cheapest cloud answer; nil without a cloud
// token.
func probeCloud(sh *common.Shared, id int) tea.Cmd {
	if !sh.Backend.HasCloud() {
		return nil
	}
	return common.Call(sh, func(ctx context.Context, b common.Backend) (struct{}, error) {
		_, err := b.LicenseSyncStatus(ctx)
		return struct{}{}, err
	}, func(_ struct{}, err error) tea.Msg { return cloudProbeMsg{id: id, err: err} })
}

// prereq is one GitHub Connect prerequisite and what licensesync could check of it.
type prereq struct {
	mark string // "✓", "✗" or "·" (not checkable from here)
	text string
}

// connectPrerequisites lists what GitHub Connect needs, as GitHub's docs name it
// (docs/APPLIANCE.md, "GitHub Connect prerequisites"), checked where it can be:
// probed is whether the cloud probe answered, probeErr its error.
func (p *githubConnectPage) connectPrerequisites(probed bool, probeErr error) []prereq {
	out := []prereq{{"·", "An invoiced enterprise account on GitHub Enterprise Cloud (not a trial, not credit-card billing); licensesync cannot check this."}}
	hint := strings.ToLower(common.HintOf(probeErr))
	switch {
	case !probed:
		out = append(out, prereq{"·", "This appliance's address on the cloud enterprise's IP allow list, if it has one."},
			prereq{"·", "A proxy, if any, lets the appliance reach github.com, api.github.com and uploads.github.com."})
	case strings.Contains(hint, "ip allow list"):
		out = append(out, prereq{"✗", "IP allow list: " + common.Reason(probeErr)},
			prereq{"·", "A proxy, if any, lets the appliance reach github.com, api.github.com and uploads.github.com."})
	case client.KindOf(probeErr) == client.KindUnreachable || client.KindOf(probeErr) == client.KindTLS || client.KindOf(probeErr) == client.KindBadResponse:
		out = append(out, prereq{"·", "This appliance's address on the cloud enterprise's IP allow list, if it has one."},
			prereq{"✗", "The cloud cannot be reached from here (a proxy must allow github.com, api.github.com and uploads.github.com): " + common.Reason(probeErr)})
	default:
		out = append(out, prereq{"✓", "The cloud answers requests from where licensesync runs (IP allow list and proxy; run it in the admin shell to check the appliance itself)."})
	}
	if s := p.sh.Session.Settings; s != nil && isGHEcom(s.CloudURL) {
		out = append(out, p.gheComPrereq())
	}
	return out
}

// gheComPrereq checks that a connection to GHE.com (data residency) has GHES 3.15 or
// later; GHE.com offers no Server Statistics, so nothing sends the admin there.
func (p *githubConnectPage) gheComPrereq() prereq {
	const text = "GHE.com (data residency) needs GitHub Enterprise Server 3.15 or later"
	if p.sh.Session.Meta == nil {
		return prereq{"·", text + "."}
	}
	v := common.Clean(p.sh.Session.Meta.InstalledVersion)
	if atLeast(v, 3, 15) {
		return prereq{"✓", text + ": this is " + v + "."}
	}
	return prereq{"✗", text + ": this is " + v + "; upgrade first."}
}

// isGHEcom reports a GHE.com (data residency) cloud URL: a host under ghe.com.
func isGHEcom(cloudURL string) bool {
	u := strings.ToLower(strings.TrimSpace(cloudURL))
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	host, _, _ := strings.Cut(u, "/")
	return strings.HasSuffix(host, ".ghe.com")
}

// atLeast compares a "3.15.2"-style version with major.minor; false when unreadable.
func atLeast(version string, major, minor int) bool {
	parts := strings.SplitN(version, ".", 3)
	if len(parts) < 2 {
		return false
	}
	ma, err1 := strconv.Atoi(parts[0])
	mi, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return false
	}
	return ma > major || ma == major && mi >= minor
}

// prerequisitesView renders the list under a label.
func (p *githubConnectPage) prerequisitesView(w int) string {
	st := p.sh.Styles
	var b strings.Builder
	b.WriteString(st.Label.Render("GitHub Connect needs") + "\n")
	for _, r := range p.connectPrerequisites(p.probed, p.probeErr) {
		mark := st.Muted.Render(r.mark)
		switch r.mark {
		case "✓":
			mark = st.Good.Render(r.mark)
		case "✗":
			mark = st.Bad.Render(r.mark)
		}
		b.WriteString(mark + " " + p.sh.Hang(r.text, 2, w, st.Text) + "\n")
	}
	return b.String()
}
