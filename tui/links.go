package tui

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

// webPage is one address the console points the admin at.
type webPage struct{ title, url string }

// link draws page in w cells: the address when it fits, else the title and the key
// that copies the address.
func (sh *shared) link(page webPage, w int) string {
	shown := page.url
	if lipgloss.Width(shown) > w {
		shown = fit(page.title+" ("+sh.keys.Copy.Help().Key+" copies the address)", w)
	}
	return sh.hyperlink(page.url, shown)
}

// hyperlink is shown as an OSC 8 hyperlink to url where the terminal gets escape codes;
// in ASCII (as goldens are drawn) shown alone.
func (sh *shared) hyperlink(url, shown string) string {
	if sh.renderer.ColorProfile() == termenv.Ascii {
		return shown
	}
	return ansi.SetHyperlink(url) + shown + ansi.ResetHyperlink()
}

// copyLinks copies the step's pages in turn, one per press of the copy key, and says
// what the next press copies when there is more than one.
func (sh *shared) copyLinks(pages ...webPage) {
	page := pages[sh.linkCopies%len(pages)]
	sh.linkCopies++
	sh.copyLink(page)
	if len(pages) > 1 && sh.linkNote != "" {
		next := pages[sh.linkCopies%len(pages)]
		sh.linkNote += " (" + sh.keys.Copy.Help().Key + " again copies " + next.title + ")"
	}
}

// docsWebPage is GitHub's documentation page behind a step (assets.StepDocs).
func docsWebPage(stepName string) (webPage, bool) {
	title, url := assets.StepDocs(stepName)
	return webPage{title: title, url: url}, url != ""
}

// docsLine is the "Docs:" line of a step in w cells: a link, never wrapped.
func (sh *shared) docsLine(page webPage, w int) string {
	return sh.styles.label.Render("Docs: ") + sh.link(page, w-6)
}

// copyLink copies page's address at once and keeps what happened for linkNote.
func (sh *shared) copyLink(page webPage) {
	said, err := sh.clip.copy(page.url)
	if err != nil {
		sh.linkNote = "Could not copy the address: " + reason(err)
		return
	}
	sh.linkNote = "Copied the address of " + page.title + ": " + said // the address itself would wrap
}

// linkNote is the outcome of the last copied address, for the step to show under its
// text (empty once another step is shown; see goTo).
func (sh *shared) linkNoteView(w int) string {
	if sh.linkNote == "" {
		return ""
	}
	return "\n\n" + sh.hang(sh.linkNote, 0, w, sh.styles.muted)
}

// copyLinkKey is the help entry of the copy key on a step with a web page.
func (sh *shared) copyLinkKey() key.Binding {
	k := sh.keys.Copy
	return relabel(k, "copy address")
}

// settingsWebPage is the enterprise settings page, where GitHub Connect lives.
func (sh *shared) settingsWebPage() webPage {
	return webPage{title: "Enterprise settings", url: sh.enterpriseURL("settings")}
}
