package setup

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/assets"
	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/tui/common"
)

// dropdownValues are the dropdown's choices, in the web UI's order.
var dropdownValues = []string{client.FeatureEnabled, client.FeatureDisabled}

type applyMsg struct {
	id       int
	settings *client.ConnectSettings
	err      error
}

type syncStatusMsg struct {
	id     int
	status *client.LicenseSyncStatus
	// inst is the cloud's GraphQL view of this server; nil when it could not be read.
	inst *client.Installation
	err  error
}

// cloudCheck is what the check after the browser step reads from the cloud.
type cloudCheck struct {
	status *client.LicenseSyncStatus
	inst   *client.Installation
}

// licenseSyncPage is step 4: the dropdown, its confirmation and the change; or, on an
// appliance without the console API, the page to open and a check from the cloud side.
type licenseSyncPage struct {
	sh     *common.Shared
	cursor int
	// asking is the value awaiting confirmation; "" when nothing is asked.
	asking   string
	applying bool
	id       int
	// outcome is the last change's result line, good or bad.
	outcome     string
	outcomeGood bool

	verifying bool
	verified  string
	verifyOK  bool

	projection projectionLine // tui/projection.go
}

func NewLicenseSyncPage(sh *common.Shared) *licenseSyncPage {
	return &licenseSyncPage{sh: sh, projection: projectionLine{sh: sh}}
}

func (p *licenseSyncPage) Crumb() string {
	return "Enterprise › Settings › GitHub Connect › License sync"
}

func (p *licenseSyncPage) Capturing() bool { return p.asking != "" || p.applying }

func (p *licenseSyncPage) current() string { return p.sh.Session.Settings.LicenseSync() }

func (p *licenseSyncPage) Enter() tea.Cmd {
	p.asking, p.outcome = "", ""
	if p.sh.Session.ConsoleUnavailable {
		return p.verify()
	}
	p.pointAtCurrent()
	return p.projection.load()
}

func (p *licenseSyncPage) pointAtCurrent() {
	for i, v := range dropdownValues {
		if v == p.current() {
			p.cursor = i
		}
	}
}

func (p *licenseSyncPage) apply(target string) tea.Cmd {
	p.applying = true
	p.id = p.sh.NewID()
	id := p.id
	etag := p.sh.Session.Settings.ETag
	enabled := target == client.FeatureEnabled
	return common.Call(p.sh, func(ctx context.Context, b common.Backend) (*client.ConnectSettings, error) {
		return b.SetLicenseSync(ctx, enabled, etag)
	}, func(v *client.ConnectSettings, err error) tea.Msg { return applyMsg{id: id, settings: v, err: err} })
}

func (p *licenseSyncPage) verify() tea.Cmd {
	p.verified = ""
	if !p.sh.Backend.HasCloud() {
		p.verifying = false
		return nil
	}
	p.verifying = true
	p.id = p.sh.NewID()
	id := p.id
	host := p.sh.ApplianceHost()
	return common.Call(p.sh, func(ctx context.Context, b common.Backend) (cloudCheck, error) {
		st, err := b.LicenseSyncStatus(ctx)
		inst, _ := b.Installation(ctx, host) // unknown when it fails: the REST answer still judges
		return cloudCheck{status: st, inst: inst}, err
	},
		func(v cloudCheck, err error) tea.Msg {
			return syncStatusMsg{id: id, status: v.status, inst: v.inst, err: err}
		})
}

func (p *licenseSyncPage) Update(msg tea.Msg) tea.Cmd {
	if p.projection.update(msg) {
		return nil
	}
	switch msg := msg.(type) {
	case applyMsg:
		if msg.id != p.id {
			return nil
		}
		return p.applied(msg)
	case connectSettingsMsg:
		// The fresh state after a 412: show it and ask again.
		if msg.id != p.id {
			return nil
		}
		p.applying = false
		if msg.err != nil {
			p.asking = ""
			p.outcome, p.outcomeGood = "Could not re-read the setting: "+common.Reason(msg.err), false
			return nil
		}
		p.sh.Session.SetSettings(msg.settings)
		if p.asking == p.current() {
			p.outcome, p.outcomeGood = "Changed by someone else: it is already "+frontend.ValueLabel(p.current())+".", true
			p.asking = ""
		} else {
			p.outcome, p.outcomeGood = "Changed by someone else: it is now "+frontend.ValueLabel(p.current())+". Apply "+frontend.ValueLabel(p.asking)+" anyway?", false
		}
		p.pointAtCurrent()
	case syncStatusMsg:
		if msg.id != p.id {
			return nil
		}
		p.verifying = false
		p.verified, p.verifyOK = cloudVerdict(p.sh, msg.status, msg.err)
		if view, ok := p.judgeInstallation(msg.inst); ok && !p.verifyOK {
			p.verified, p.verifyOK = "Verified: "+view, true
		} else if view != "" {
			p.verified += " " + common.UpperFirst(view)
		}
	}
	return nil
}

func (p *licenseSyncPage) applied(msg applyMsg) tea.Cmd {
	target := p.asking
	if common.IsConflict(msg.err) {
		p.id = p.sh.NewID()
		return readConnectSettings(p.sh, p.id)
	}
	p.applying, p.asking = false, ""
	if msg.err != nil {
		p.outcome = "Not changed: " + common.Reason(msg.err) + " It stays " + frontend.ValueLabel(p.current()) + "."
		p.outcomeGood = false
		p.pointAtCurrent()
		return nil
	}
	before := p.current()
	p.sh.Session.SetSettings(msg.settings)
	after := p.current()
	p.pointAtCurrent()
	if after != target {
		p.outcome, p.outcomeGood = "Applied, but the server reads back "+frontend.ValueLabel(after)+".", false
		return nil
	}
	p.outcome, p.outcomeGood = "License sync: "+frontend.ValueLabel(before)+" → "+frontend.ValueLabel(after), true
	return nil
}

// cloudVerdict says whether the cloud shows this server with a recent successful sync.
func cloudVerdict(sh *common.Shared, st *client.LicenseSyncStatus, err error) (string, bool) {
	if err != nil {
		return "Could not ask the cloud: " + common.CloudReason(err), false
	}
	host := sh.ApplianceHost()
	for _, s := range st.ServerInstances {
		if !sh.IsThisServer(s.ServerID, s.Hostname) {
			continue
		}
		status := common.Clean(s.LastSync.Status)
		when, perr := client.ParseTime(s.LastSync.Date)
		switch {
		case !strings.EqualFold(status, "success"):
			msg := "The cloud shows " + host + " with last sync status " + client.SyncStatusWords(status)
			if status == "" {
				msg = "The cloud shows " + host + " with no sync reported yet"
			}
			if s.LastSync.Error != "" {
				msg += ": " + common.Clean(s.LastSync.Error)
			}
			return msg + ".", false
		case perr != nil:
			return "The cloud shows " + host + " synced, at an unreadable date.", false
		case sh.Now().Sub(when) > common.FreshSync:
			return "The cloud's last successful sync of " + host + " is " + frontend.Ago(sh.Now(), when) + ": not recent yet.", false
		default:
			return "Verified: the cloud shows " + host + " synced " + frontend.Ago(sh.Now(), when) + ".", true
		}
	}
	return "The cloud does not show " + host + " yet. After enabling, a sync can take a while.", false
}

func (p *licenseSyncPage) HandleKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := p.sh.Keys
	if p.applying {
		return nil, true
	}
	if p.asking != "" {
		switch {
		case key.Matches(msg, k.Yes):
			return p.apply(p.asking), true
		case key.Matches(msg, k.No):
			p.asking = ""
			p.outcome = ""
			p.pointAtCurrent()
		}
		return nil, true
	}
	if p.sh.Session.ConsoleUnavailable {
		switch {
		case key.Matches(msg, k.Copy):
			p.sh.CopyLink(p.sh.SettingsWebPage())
			return nil, true
		case key.Matches(msg, k.Refresh):
			return p.verify(), true
		case key.Matches(msg, k.Next):
			return p.sh.GoTo(common.StepDashboard), true
		}
		return nil, false
	}
	switch {
	case key.Matches(msg, k.Copy):
		docs, _ := common.DocsWebPage(assets.StepLicenseSync)
		p.sh.CopyLinks(docs)
		return nil, true
	case key.Matches(msg, k.Up):
		p.cursor = max(p.cursor-1, 0)
		return nil, true
	case key.Matches(msg, k.Down):
		p.cursor = min(p.cursor+1, len(dropdownValues)-1)
		return nil, true
	case key.Matches(msg, k.Next):
		chosen := dropdownValues[p.cursor]
		if chosen == p.current() {
			return p.sh.GoTo(common.StepDashboard), true
		}
		if why := p.sh.MayNotAct(); why != "" {
			p.outcome, p.outcomeGood = why, false
			return nil, true
		}
		p.asking = chosen
		p.outcome = ""
		return nil, true
	}
	return nil, false
}

func (p *licenseSyncPage) HelpKeys() []key.Binding {
	k := p.sh.Keys
	switch {
	case p.applying:
		return []key.Binding{k.Interrupt}
	case p.asking != "":
		return []key.Binding{k.Yes, k.No}
	case p.sh.Session.ConsoleUnavailable:
		return []key.Binding{
			common.Relabel(k.Next, "dashboard"),
			common.Relabel(k.Refresh, "check again"),
			p.sh.CopyLinkKey(),
		}
	}
	return []key.Binding{k.Up, k.Down, k.Next, p.sh.CopyLinkKey()}
}

func (p *licenseSyncPage) View() string {
	if p.sh.Session.ConsoleUnavailable {
		return p.browserView()
	}
	st := p.sh.Styles
	w := p.sh.Width
	var b strings.Builder
	b.WriteString(st.Text.Width(w).Render(assets.Step(assets.StepLicenseSync)))
	docs, _ := common.DocsWebPage(assets.StepLicenseSync)
	b.WriteString("\n\n" + p.sh.DocsLine(docs, w))
	b.WriteString("\n\n" + st.Label.Render(frontend.SettingLabel) + "\n")
	var opts []string
	for i, v := range dropdownValues {
		line := "  " + frontend.ValueLabel(v)
		if i == p.cursor {
			line = "› " + frontend.ValueLabel(v)
		}
		line = common.Pad(line, 12)
		if v == p.current() {
			line += st.Muted.Render(" (current)")
		}
		if i == p.cursor {
			line = st.Accent.Render(line)
		}
		opts = append(opts, line)
	}
	b.WriteString(st.FocusedBox.Render(strings.Join(opts, "\n")) + "\n")
	b.WriteString(p.projection.view(w))
	para := st.Text.Width(w)
	switch {
	case p.applying:
		b.WriteString(st.Accent.Render("…") + " Applying " + frontend.ValueLabel(p.asking) + "…")
	case p.asking != "" && p.outcome != "":
		b.WriteString(st.Warning.Render(para.Render(p.outcome)) + "\n" + p.question())
	case p.asking != "":
		b.WriteString(p.question())
	case p.outcome != "" && p.outcomeGood:
		b.WriteString(st.Good.Render("✓ ") + p.sh.Hang(p.outcome, 2, w, st.Good) + "\nPress enter for the dashboard.")
	case p.outcome != "":
		b.WriteString(st.Bad.Render("✗ ") + p.sh.Hang(p.outcome, 2, w, st.Bad))
	default:
		b.WriteString(st.Muted.Render("Choose a value with ↑/↓ and enter; enter on the current value goes to the dashboard."))
	}
	b.WriteString(p.sh.LinkNoteView(w))
	return b.String()
}

func (p *licenseSyncPage) question() string {
	st := p.sh.Styles
	return st.Label.Render("Change license sync from "+frontend.ValueLabel(p.current())+" to "+frontend.ValueLabel(p.asking)+"?") +
		" " + st.Muted.Render("y/enter: yes · n/esc: no")
}

func (p *licenseSyncPage) browserView() string {
	st := p.sh.Styles
	w := p.sh.Width
	var b strings.Builder
	b.WriteString(st.Text.Width(w).Render(assets.Step(assets.StepBrowser)))
	b.WriteString("\n\n" + st.Label.Render("Open in a browser") + "\n")
	b.WriteString("  " + p.sh.Link(p.sh.SettingsWebPage(), w-2) + "\n")
	b.WriteString("  → GitHub Connect\n")
	version := ""
	if m := p.sh.Session.Meta; m != nil {
		version = m.InstalledVersion
	}
	for _, step := range strings.Split(frontend.EnableSteps(version), "\n") { // as this release shows it
		b.WriteString("  " + step + "\n")
	}
	b.WriteString("\n")
	b.WriteString(st.Label.Render("Verify from the cloud") + "\n")
	switch {
	case !p.sh.Backend.HasCloud():
		b.WriteString(st.Warning.Width(w).Render("Needs a cloud token: set GH_TOKEN to a token with read:enterprise on the cloud enterprise, then start again."))
	case p.verifying:
		b.WriteString(st.Accent.Render("…") + " Asking the cloud for its license sync status…")
	case p.verifyOK:
		b.WriteString(st.Good.Render("✓ ") + p.sh.Hang(p.verified, 2, w, st.Good))
	case p.verified != "":
		b.WriteString(st.Bad.Render("✗ ") + p.sh.Hang(p.verified, 2, w, st.Text) + "\n" + st.Muted.Render("Press r to check again."))
	}
	b.WriteString(p.sh.LinkNoteView(w))
	return b.String()
}

// SetSize has nothing to lay out: the page draws in the shared width.
func (p *licenseSyncPage) SetSize(int, int) {}

// judgeInstallation reads the cloud's GraphQL view of this server for the check after
// the browser step: one sentence, and whether it verifies license sync (a successful
// upload within common.FreshSync). "" when the view is unknown or lists no such server.
func (p *licenseSyncPage) judgeInstallation(inst *client.Installation) (string, bool) {
	if inst == nil || inst.Unknown != "" || !inst.Found {
		return "", false
	}
	host := p.sh.ApplianceHost()
	connected := "with its connection unknown"
	if inst.Connected != nil {
		connected = map[bool]string{true: "as connected", false: "as not connected"}[*inst.Connected]
	}
	u := inst.LastUpload
	if u == nil {
		return "the cloud's GitHub Connect list shows " + host + " " + connected + ", with no upload yet.", false
	}
	when, err := client.ParseTime(u.CreatedAt)
	switch {
	case u.State != client.UploadSuccess || err != nil:
		return "the cloud's GitHub Connect list shows " + host + " " + connected + "; its last upload " + u.StateWords() + ".", false
	case p.sh.Now().Sub(when) > common.FreshSync:
		return "the cloud's GitHub Connect list shows " + host + " " + connected + "; its last successful upload is " + frontend.Ago(p.sh.Now(), when) + ": not recent yet.", false
	}
	return "the cloud's GitHub Connect list shows " + host + " " + connected + ", last upload succeeded " + frontend.Ago(p.sh.Now(), when) + ".", true
}
