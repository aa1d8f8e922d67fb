package reclaim

import (
	"slices"
	"strings"
)

// protectedLogins are the accounts of GitHub's own services on an appliance, which a
// reclaim never suspends: "ghost" stands in for deleted users, and the GitHub Actions
// and Dependabot accounts act for GitHub Connect's features (Actions, Dependabot).
// GitHub documents no user for license sync itself; site admins, who set GitHub
// Connect up, are protected on their own (Plan).
var protectedLogins = []string{"ghost", "github-actions", "actions-user", "dependabot", "github-enterprise"}

// ProtectedLogin reports whether login is one of GitHub's service accounts, or a bot
// ("…[bot]").
func ProtectedLogin(login string) bool {
	l := strings.ToLower(strings.TrimSpace(login))
	return slices.Contains(protectedLogins, l) || strings.HasSuffix(l, "[bot]")
}
