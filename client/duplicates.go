package client

import (
	"fmt"
	"strings"
)

// DuplicateCandidate is one "maybe counted twice" pair: a server-only user whose email
// matches a cloud-only user, so one person may hold two licenses.
type DuplicateCandidate struct {
	Server ConsumedUser
	Cloud  ConsumedUser
	Reason string // e.g. `email local part "jdoe" matches cloud login "jdoe"`
}

// MaybeCountedTwice finds server-only users (on a server, not matched to a cloud
// account) whose email, or its local part, matches a cloud-only user's login, name,
// SAML name id, verified email or Visual Studio subscription email. Comparison ignores
// case, "+tags" and punctuation ("J.Doe+ci" matches "jdoe"); keys shorter than three
// characters are ignored. Pairs come in the order of users, each pair once.
func MaybeCountedTwice(users []ConsumedUser) []DuplicateCandidate {
	type cloudKey struct {
		user int
		what string // e.g. `cloud login "jdoe"`
	}
	index := make(map[string][]cloudKey)
	for i, u := range users {
		if !isCloudOnly(u) {
			continue
		}
		add := func(key, what string) {
			if len(key) >= 3 {
				index[key] = append(index[key], cloudKey{user: i, what: what})
			}
		}
		add(normalizeKey(u.GithubComLogin), fmt.Sprintf("cloud login %q", u.GithubComLogin))
		if u.GithubComName != nil {
			add(normalizeKey(*u.GithubComName), fmt.Sprintf("cloud name %q", *u.GithubComName))
		}
		for _, e := range cloudEmails(u) {
			add("@"+strings.ToLower(strings.TrimSpace(e)), fmt.Sprintf("cloud email %q", e))
			add(normalizeKey(localPart(e)), fmt.Sprintf("cloud email %q", e))
		}
	}
	var out []DuplicateCandidate
	for _, s := range users {
		if !isServerOnly(s) {
			continue
		}
		paired := make(map[int]bool)
		for _, e := range s.EnterpriseServerEmails {
			for _, probe := range []struct{ key, what string }{
				{"@" + strings.ToLower(strings.TrimSpace(e)), fmt.Sprintf("server email %q", e)},
				{normalizeKey(localPart(e)), fmt.Sprintf("email local part %q", localPart(e))},
			} {
				if len(probe.key) < 3 {
					continue
				}
				for _, ck := range index[probe.key] {
					if paired[ck.user] {
						continue
					}
					paired[ck.user] = true
					out = append(out, DuplicateCandidate{
						Server: s, Cloud: users[ck.user],
						Reason: Sanitize(probe.what + " matches " + ck.what),
					})
				}
			}
		}
	}
	return out
}

// isServerOnly is a user consuming a license through a server only.
func isServerOnly(u ConsumedUser) bool {
	onServer := u.EnterpriseServerUser.True() || len(u.EnterpriseServerUserIDs) > 0
	return onServer && !u.GithubComUser.True() && u.GithubComLogin == ""
}

// isCloudOnly is a user consuming a license through the cloud only.
func isCloudOnly(u ConsumedUser) bool {
	onServer := u.EnterpriseServerUser.True() || len(u.EnterpriseServerUserIDs) > 0
	return !onServer && (u.GithubComUser.True() || u.GithubComLogin != "")
}

// cloudEmails lists a cloud user's addresses: verified domain emails, the SAML name id
// when it is an address, and the Visual Studio subscription email.
func cloudEmails(u ConsumedUser) []string {
	emails := append([]string(nil), u.GithubComVerifiedDomainEmails...)
	if u.GithubComSamlNameID != nil && strings.Contains(*u.GithubComSamlNameID, "@") {
		emails = append(emails, *u.GithubComSamlNameID)
	}
	if u.VisualStudioSubscriptionEmail != nil && strings.Contains(*u.VisualStudioSubscriptionEmail, "@") {
		emails = append(emails, *u.VisualStudioSubscriptionEmail)
	}
	return emails
}

// localPart is what comes before the @ of an address, without a +tag.
func localPart(email string) string {
	local, _, _ := strings.Cut(strings.TrimSpace(email), "@")
	local, _, _ = strings.Cut(local, "+")
	return local
}

// normalizeKey lowercases s and keeps only letters and digits.
func normalizeKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 0x7f && r != 0xfffd {
			b.WriteRune(r)
		}
	}
	return b.String()
}
