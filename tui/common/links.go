package common

// Web pages on the wizard's steps: never cut by the screen's width, and one key away.
// A page is shown by its address when the address fits the line, else by a title; in
// both cases as an OSC 8 hyperlink to the whole address where the terminal gets escape
// codes, so a click opens the right page whatever is shown. The copy key puts the whole
// address on the clipboard (clipboard.copy), and `licensesync --help` lists the pages.

import (
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/licensesync/licensesync/assets"
	"github.com/muesli/termenv"
)

// WebPage is one address the console points the admin at.
type WebPage struct{ Title, URL string }

// Link draws page in w cells: the address when it fits, else the title and the key
// that copies the address.
func (sh *Shared) Link(page WebPage, w int) string {
	shown := page.URL
	if lipgloss.Width(shown) > w {
		shown = Fit(page.Title+" ("+sh.Keys.Copy.Help().Key+" copies the address)", w)
	}
	return sh.Hyperlink(page.URL, shown)
}

// Hyperlink is shown as an OSC 8 Hyperlink to url where the terminal gets escape codes;
// in ASCII (as goldens are drawn) shown alone.
func (sh *Shared) Hyperlink(url, shown string) string {
	if sh.Renderer.ColorProfile() == termenv.Ascii {
		return shown
	}
	return ansi.SetHyperlink(url) + shown + ansi.ResetHyperlink()
}

// CopyLinks copies the step's pages in turn, one per press of the copy key, and says
// what the next press copies when there is more than one.
func (sh *Shared) CopyLinks(pages ...WebPage) {
	page := pages[sh.LinkCopies%len(pages)]
	sh.LinkCopies++
	sh.CopyLink(page)
	if len(pages) > 1 && sh.LinkNote != "" {
		next := pages[sh.LinkCopies%len(pages)]
		sh.LinkNote += " (" + sh.Keys.Copy.Help().Key + " again copies " + next.Title + ")"
	}
}

// DocsWebPage is GitHub's documentation page behind a step (assets.StepDocs).
func DocsWebPage(stepName string) (WebPage, bool) {
	title, url := assets.StepDocs(stepName)
	return WebPage{Title: title, URL: url}, url != ""
}

// DocsLine is the "Docs:" line of a step in w cells: a link, never wrapped.
func (sh *Shared) DocsLine(page WebPage, w int) string {
	return sh.Styles.Label.Render("Docs: ") + sh.Link(page, w-6)
}

// CopyLink copies page's address at once and keeps what happened for linkNote.
func (sh *Shared) CopyLink(page WebPage) {
	said, err := sh.Clip.Copy(page.URL)
	if err != nil {
		sh.LinkNote = "Could not copy the address: " + Reason(err)
		return
	}
	sh.LinkNote = "Copied the address of " + page.Title + ": " + said // the address itself would wrap
}

// linkNote is the outcome of the last copied address, for the step to show under its
// text (empty once another step is shown; see goTo).
func (sh *Shared) LinkNoteView(w int) string {
	if sh.LinkNote == "" {
		return ""
	}
	return "\n\n" + sh.Hang(sh.LinkNote, 0, w, sh.Styles.Muted)
}

// CopyLinkKey is the help entry of the copy key on a step with a web page.
func (sh *Shared) CopyLinkKey() key.Binding {
	k := sh.Keys.Copy
	return Relabel(k, "copy address")
}

// SettingsWebPage is the enterprise settings page, where GitHub Connect lives.
func (sh *Shared) SettingsWebPage() WebPage {
	return WebPage{Title: "Enterprise settings", URL: sh.EnterpriseURL("settings")}
}
