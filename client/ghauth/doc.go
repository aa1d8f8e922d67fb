// Package ghauth finds GitHub tokens the way the GitHub CLI (gh) does: environment
// variables first (GH_ENTERPRISE_TOKEN/GITHUB_ENTERPRISE_TOKEN for an Enterprise Server
// host, GH_TOKEN/GITHUB_TOKEN for github.com and *.ghe.com), then gh's hosts.yml, then,
// when asked, `gh auth token --hostname H`. It returns where a token came from so callers
// can say so, never the token itself in any message.
package ghauth
