package setup

// Trust on first use, on the Connect step: when the TLS check fails and the console may
// save a certificate (Options.ReadCertificate), it reads the one the server presents and
// shows its SHA-256 fingerprint to compare with the appliance's; the trust key saves it
// to the configuration folder (Options.TrustCertificate) and checks again. --ca-cert
// still works as before, and nothing is trusted without the key.

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/tui/common"
)

type certificateMsg struct {
	id   int
	cert common.Certificate
	err  error
}

// readCertificate asks for the server's certificate after a TLS failure.
func (p *connectPage) readCertificate() tea.Cmd {
	read := p.sh.Opts.ReadCertificate
	if read == nil {
		return nil
	}
	id, life := p.id, p.sh.Ctx
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(life, common.RequestTimeout)
		defer cancel()
		c, err := read(ctx)
		return certificateMsg{id: id, cert: c, err: err}
	}
}

func (p *connectPage) certificateRead(msg certificateMsg) {
	if msg.id != p.id || msg.err != nil {
		return // the TLS check's own words stand
	}
	p.cert = &msg.cert
}

// trust saves the certificate shown and checks again with it trusted.
func (p *connectPage) trust() tea.Cmd {
	b, where, err := p.sh.Opts.TrustCertificate(p.cert.Fingerprint)
	if err != nil {
		p.fieldErr = "Could not trust the certificate: " + common.Reason(err)
		return nil
	}
	p.cert, p.fieldErr = nil, ""
	p.trusted = "Trusted the server's certificate; saved to " + common.Clean(where) + "."
	p.sh.Backend = b
	return p.start()
}

// trustKey is the trust key's help entry while a certificate waits for a decision.
func (p *connectPage) trustKey() []key.Binding {
	if p.cert == nil {
		return nil
	}
	k := p.sh.Keys.Trust
	return []key.Binding{common.Relabel(k, "trust this certificate")}
}

// certificateView is the certificate under the failed TLS check, to compare: the
// fingerprint in two rows of 16 pairs (never broken elsewhere), who it was issued to,
// and the key that trusts it.
func (p *connectPage) certificateView(w int) string {
	if p.cert == nil {
		return ""
	}
	st := p.sh.Styles
	c := p.cert
	fp := common.Clean(c.Fingerprint)
	rows := []string{fp}
	if len(fp) == 95 { // 32 pairs: two rows of 16, split at a colon
		rows = []string{fp[:47], fp[48:]}
	}
	indent := min(checkIndent, max(w-len("SHA-256 ")-len(rows[0]), 0))
	var b strings.Builder
	for i, r := range rows {
		label := "        "
		if i == 0 {
			label = st.Label.Render("SHA-256") + " "
		}
		b.WriteString(indentBy(indent) + label + r + "\n")
	}
	issued := "issued to " + orNone(common.Clean(c.Subject)) + " by " + orNone(common.Clean(c.Issuer))
	if c.Subject == c.Issuer {
		issued = "self-signed, " + orNone(common.Clean(c.Subject))
	}
	b.WriteString(indentBy(indent) + p.sh.Hang(issued+", until "+frontend.Date(c.NotAfter), indent, w, st.Muted) + "\n")
	b.WriteString(indentBy(indent) + p.sh.Hang(p.sh.Keys.Trust.Help().Key+" trusts it if it is the appliance's (Management Console → Privacy); it is saved to the config folder.",
		indent, w, st.Accent) + "\n")
	return b.String()
}

func indentBy(n int) string { return strings.Repeat(" ", n) }

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
