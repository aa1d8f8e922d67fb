// Package assets holds what licensesync embeds besides code: one short explanation per
// wizard step, in our own words, with a link to GitHub's documentation for the full
// story, and the console's default colour palette.
package assets

import (
	"embed"
	"strings"
)

// DocsURL is GitHub's page about automatic user license sync, the source of every step.
const DocsURL = "https://docs.github.com/en/enterprise-server@latest/admin/configuring-settings/configuring-github-connect/enabling-automatic-user-license-sync-for-your-enterprise"

// ConnectDocsURL is GitHub's page about enabling GitHub Connect, the prerequisite.
const ConnectDocsURL = "https://docs.github.com/en/enterprise-server@latest/admin/configuring-settings/configuring-github-connect/enabling-github-connect-for-githubcom"

//go:embed steps/*.txt
var steps embed.FS

// The names of the step texts.
const (
	StepConnect       = "connect"
	StepEnterprise    = "enterprise"
	StepGitHubConnect = "github-connect"
	StepLicenseSync   = "license-sync"
	StepBrowser       = "browser"
	StepDashboard     = "dashboard"
)

// StepDocs returns the title and address of GitHub's page behind one step, or two empty
// strings when the step has none. The address is kept out of the step's text: a
// screen shows it as a link that never wraps (see the tui's links.go).
func StepDocs(name string) (title, url string) {
	switch name {
	case StepGitHubConnect:
		return "Enabling GitHub Connect", ConnectDocsURL
	case StepLicenseSync:
		return "Enabling license sync", DocsURL
	}
	return "", ""
}

// Step returns the explanation of one step: paragraphs separated by a blank line, each
// paragraph on one line so the caller can wrap it to the terminal's width.
// It panics on an unknown name: the names are constants of this package.
func Step(name string) string {
	b, err := steps.ReadFile("steps/" + name + ".txt")
	if err != nil {
		panic("assets: no step text " + name)
	}
	paragraphs := strings.Split(strings.TrimSpace(string(b)), "\n\n")
	for i, p := range paragraphs {
		paragraphs[i] = strings.Join(strings.Fields(p), " ")
	}
	return strings.Join(paragraphs, "\n\n")
}
