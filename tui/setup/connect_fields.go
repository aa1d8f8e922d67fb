package setup

// The Connect step's two fields, fixed where the admin is: the server URL (when
// Options.OnServer is set) and the token, pasted hidden and never saved (Options.OnToken).
// tab moves server → token → back to the checks; enter uses the field; esc leaves it.

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/tui/common"
)

// editing reports whether a field has the keys.
func (p *connectPage) editing() bool { return p.server.Focused() || p.token.Focused() }

// canEditServer and canPasteToken say which fields this console offers.
func (p *connectPage) canEditServer() bool { return p.sh.Opts.OnServer != nil }
func (p *connectPage) canPasteToken() bool { return p.sh.Opts.OnToken != nil }

// focusNext moves to the next field: server, token, then none.
func (p *connectPage) focusNext() tea.Cmd {
	switch {
	case p.server.Focused():
		p.server.Blur()
		if p.canPasteToken() {
			return p.token.Focus()
		}
	case p.token.Focused():
		p.token.Blur()
		p.token.Reset()
	case p.canEditServer():
		p.server.SetValue(p.sh.Opts.ServerURL)
		p.server.CursorEnd()
		return p.server.Focus()
	case p.canPasteToken():
		return p.token.Focus()
	}
	return nil
}

// fieldKey handles a key while a field has the keys.
func (p *connectPage) fieldKey(msg tea.KeyMsg) tea.Cmd {
	k := p.sh.Keys
	switch {
	case key.Matches(msg, k.Next) && p.server.Focused():
		return p.submitServer()
	case key.Matches(msg, k.Next):
		return p.submitToken()
	case key.Matches(msg, k.Tab):
		return p.focusNext()
	case key.Matches(msg, k.Back) && p.server.Focused():
		p.server.Blur()
		p.fieldErr = ""
	case key.Matches(msg, k.Back) && p.sh.Backend != nil:
		p.token.Blur()
		p.token.Reset()
		p.fieldErr = ""
	case p.server.Focused():
		return common.UpdateInput(&p.server, msg)
	default:
		return common.UpdateInput(&p.token, msg)
	}
	return nil
}

// submitServer connects to the URL typed, with the token in use, and checks again.
func (p *connectPage) submitServer() tea.Cmd {
	raw := strings.TrimSpace(p.server.Value())
	if raw == "" {
		p.fieldErr = "Type the server's URL, e.g. https://ghes.example.com."
		return nil
	}
	b, url, err := p.sh.Opts.OnServer(raw)
	if err != nil {
		p.fieldErr = common.Reason(err)
		return nil
	}
	p.fieldErr = ""
	p.server.Blur()
	p.sh.Opts.ServerURL = url
	p.sh.Session.Meta, p.sh.Session.Viewer = nil, nil
	if b == nil { // no token yet: ask for one next
		p.checks = nil
		return p.token.Focus()
	}
	p.sh.Backend = b
	return p.start()
}

// submitToken builds a backend from the token typed and checks again.
func (p *connectPage) submitToken() tea.Cmd {
	token := strings.TrimSpace(p.token.Value())
	p.token.Reset()
	if token == "" {
		p.fieldErr = "Type or paste a token first."
		return nil
	}
	b, err := p.sh.Opts.OnToken(token)
	if err != nil {
		p.fieldErr = common.Reason(err)
		return nil
	}
	p.fieldErr = ""
	p.token.Blur()
	p.sh.Backend = b
	p.sh.Opts.TokenSource = tokenTyped
	return p.start()
}

// serverLine is the server URL, or its field while it is edited.
func (p *connectPage) serverLine(w int) string {
	st := p.sh.Styles
	if p.server.Focused() {
		return p.server.View()
	}
	if server := common.Clean(p.sh.Opts.ServerURL); server != "" {
		return common.Fit(server, w)
	}
	return st.Bad.Render(common.Fit("not set: use --server or LICENSESYNC_SERVER", w))
}

func (p *connectPage) tokenLine(w int) string {
	st := p.sh.Styles
	switch {
	case p.token.Focused():
		return p.token.View()
	case p.sh.Backend == nil && !p.canPasteToken():
		return st.Bad.Render(common.Fit("none found: set GH_ENTERPRISE_TOKEN to a site admin's token", w))
	case p.sh.Backend == nil:
		return st.Muted.Render("none found")
	case p.sh.Opts.TokenSource != "":
		return "•••••••• " + st.Muted.Render("("+tokenFrom(p.sh.Opts.TokenSource)+")")
	default:
		return "••••••••"
	}
}

// fieldNote is the line under the fields: what the focused field does, or its error.
func (p *connectPage) fieldNote(w int) string {
	st := p.sh.Styles
	switch {
	case p.fieldErr != "":
		return "        " + p.sh.Hang(p.fieldErr, 8, w, st.Bad) + "\n"
	case p.server.Focused():
		return "        " + st.Muted.Render(common.Fit("Type the server's URL; enter checks it, esc keeps the old one.", w-8)) + "\n"
	case p.token.Focused():
		return "        " + st.Muted.Render(common.Fit("Paste a site admin's token: it stays hidden and is not saved.", w-8)) + "\n"
	}
	return ""
}

// fixHint says, next to a failed check, what can be fixed right here.
func (p *connectPage) fixHint(at int) string {
	tab := p.sh.Keys.Tab.Help().Key
	switch {
	case (at == checkReachable || at == checkTLS) && p.canEditServer():
		return tab + ": edit the server URL here"
	case (at == checkToken || at == checkSiteAdmin) && p.canPasteToken() && p.canEditServer():
		return tab + " " + tab + ": paste another token here (hidden, not saved)"
	case (at == checkToken || at == checkSiteAdmin) && p.canPasteToken():
		return tab + ": paste another token here (hidden, not saved)"
	}
	return ""
}

// tokenFrom says where the token came from: "from GH_ENTERPRISE_TOKEN", "typed in".
func tokenFrom(source string) string {
	if source == "" || source == tokenTyped || source == "the console" {
		return tokenTyped
	}
	return "from " + common.Clean(source)
}

// tokenTyped is the token source of a token typed on the Connect step.
const tokenTyped = "typed in"
