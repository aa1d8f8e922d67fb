package client

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/licensesync/licensesync/client/textsafe"
)

// The causes of a cloud 403, as GitHub words them (docs/CLIENT_API.md, "Why the cloud
// refuses"): each has its own hint, because each has its own fix.
var (
	// ipAllowListRe finds the address GitHub saw in "… has an IP allow list enabled, and
	// 203.0.113.7 is not permitted to access this resource".
	ipAllowListRe = regexp.MustCompile(`(?i)IP allow list enabled, and ([0-9A-Fa-f.:]+) is not permitted`)
	// ssoURLRe reads the URL of "X-GitHub-SSO: required; url=https://…".
	ssoURLRe = regexp.MustCompile(`(?i)url=(\S+)`)
)

// cloudForbidden decides why the cloud refused a request with 403 and says what to do
// (all are KindMissingScope: the token may not do this from here).
// The order matters: the IP allow list and SSO refuse even a perfect token, so they are
// named before the token's scopes.
func (c *Client) cloudForbidden(resp *http.Response, message string) string {
	h := resp.Header
	lower := strings.ToLower(message)
	src := c.TokenSource(SideCloud)
	ent := c.cloudEntOrPlaceholder()
	switch {
	case strings.Contains(lower, "ip allow list"):
		seen := "this machine's address"
		if m := ipAllowListRe.FindStringSubmatch(message); m != nil {
			seen = m[1]
		}
		return fmt.Sprintf("The enterprise %q has an IP allow list that does not include %s; ask an owner to add it (Settings → Authentication security → IP allow list), or run licensesync from an allowed address.", ent, textsafe.Sanitize(seen))
	case strings.HasPrefix(strings.ToLower(strings.TrimSpace(h.Get("X-Github-Sso"))), "required"):
		if m := ssoURLRe.FindStringSubmatch(h.Get("X-Github-Sso")); m != nil {
			return fmt.Sprintf("The token from %s is not authorised for SAML single sign-on; open %s in a browser to authorise it, then try again.", src, textsafe.Sanitize(Truncate(strings.TrimRight(m[1], ";,"), 300)))
		}
		return fmt.Sprintf("The token from %s is not authorised for SAML single sign-on; authorise it on github.com/settings/tokens (Configure SSO), then try again.", src)
	case strings.Contains(lower, "saml"):
		return fmt.Sprintf("The token from %s is not authorised for SAML single sign-on; authorise it on github.com/settings/tokens (Configure SSO), then try again.", src)
	case strings.Contains(lower, "managed user"):
		return fmt.Sprintf("The enterprise %q uses Enterprise Managed Users and refuses this token; use a token of one of its managed users who is an enterprise owner in %s.", ent, src)
	}
	if missing := missingScopes(h); len(missing) > 0 {
		return fmt.Sprintf("The token from %s lacks the %s scope (it has %s); add it with gh auth refresh -s %s, or use a classic token of an enterprise owner that has it.",
			src, strings.Join(missing, " or "), describeScopes(h), missing[0])
	}
	if c.fineGrainedCloudToken(h, lower) {
		return fmt.Sprintf("The fine-grained token from %s lacks the enterprise permission this needs (%s); give it that permission for %q, or use a classic token with read:enterprise.",
			src, orText(textsafe.Sanitize(h.Get("X-Accepted-Github-Permissions")), "Enterprise administration: read"), ent)
	}
	return fmt.Sprintf("Use a classic token of an enterprise owner with the read:enterprise scope in %s (gh auth refresh -s read:enterprise).", src)
}

// missingScopes compares X-Accepted-OAuth-Scopes with X-OAuth-Scopes: the accepted
// scopes the token lacks, or nil when the token has one of them or either header is
// absent (fine-grained tokens send neither). GitHub accepts any one of the listed scopes,
// and a broader scope implies its read: form.
func missingScopes(h http.Header) []string {
	accepted := splitScopes(h.Values("X-Accepted-Oauth-Scopes"))
	if _, ok := h["X-Oauth-Scopes"]; !ok || len(accepted) == 0 {
		return nil
	}
	has := splitScopes(h.Values("X-Oauth-Scopes"))
	for _, a := range accepted {
		if slices.Contains(has, a) || slices.Contains(has, impliedBy(a)) {
			return nil
		}
	}
	return accepted
}

// impliedBy is the scope that includes a read: scope (admin:enterprise includes
// read:enterprise); "" when none.
func impliedBy(scope string) string {
	if rest, ok := strings.CutPrefix(scope, "read:"); ok {
		return "admin:" + rest
	}
	return ""
}

func splitScopes(vals []string) []string {
	var out []string
	for _, v := range vals {
		for s := range strings.SplitSeq(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, textsafe.Sanitize(Truncate(s, 60)))
			}
		}
	}
	return out
}

func describeScopes(h http.Header) string {
	has := splitScopes(h.Values("X-Oauth-Scopes"))
	if len(has) == 0 {
		return "no scopes"
	}
	return strings.Join(has, ", ")
}

// fineGrainedCloudToken reports a fine-grained personal access token: GitHub names the
// permissions it wanted in X-Accepted-GitHub-Permissions, and such tokens start with
// github_pat_.
func (c *Client) fineGrainedCloudToken(h http.Header, lowerMessage string) bool {
	return h.Get("X-Accepted-Github-Permissions") != "" || strings.HasPrefix(c.cfg.CloudToken, "github_pat_") ||
		strings.Contains(lowerMessage, "resource not accessible by personal access token")
}

func orText(s, fallback string) string {
	if strings.TrimSpace(s) == "" {
		return fallback
	}
	return s
}

// cloudEnterpriseNotFoundHint is a 404 on a cloud enterprise endpoint: GitHub answers
// 404, not 403, when the token's user is not an owner, so both causes are named.
func (c *Client) cloudEnterpriseNotFoundHint() string {
	return fmt.Sprintf("The token from %s is not an owner of %q, or no such enterprise exists; check --cloud-enterprise and that the token's user is an owner of that enterprise.",
		c.TokenSource(SideCloud), c.cloudEntOrPlaceholder())
}
