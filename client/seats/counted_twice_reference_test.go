package seats

// The counted-twice finder as first written (one map per key, keys and texts built
// anew on every pass): the straightforward reference TestCountedTwiceMatchesReference
// holds the optimised one to.

import (
	"fmt"
	"strings"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/textsafe"
)

// referenceCountedTwice is CountedTwice as first written, the oracle the optimised
// finder is compared with: it finds the people who hold more than one license,
// grouped by person: each cloud account (or unmatched Visual Studio subscription) once, with all its
// server candidates. accounts, when known, are the servers' own user lists: they tell
// an email that is not a user's primary one (exact_email_split) and the logins behind
// server ids. Findings come by kind (FindingKinds), then in the order of users.
func referenceCountedTwice(users []client.ConsumedUser, accounts []ServerAccount) []Finding {
	f := newReferenceFinder(users, accounts)
	f.exactEmailSplits()
	f.visualStudio()
	f.samlMismatches()
	f.noVerifiedEmails()
	f.lookalikes()
	var out []Finding
	for _, kind := range FindingKinds {
		for _, fd := range f.findings {
			if fd.Kind == kind {
				out = append(out, *fd)
			}
		}
	}
	return out
}

// referenceFinder holds the partition of the users and what is already explained.
type referenceFinder struct {
	users      []client.ConsumedUser
	accounts   map[string]ServerAccount // by Key
	serverOnly []int
	cloudOnly  []int
	vsOnly     []int
	usedServer map[int]bool
	byCloud    map[int]*Finding // the finding of a cloud-only user
	findings   []*Finding
}

func newReferenceFinder(users []client.ConsumedUser, accounts []ServerAccount) *referenceFinder {
	f := &referenceFinder{users: users, accounts: make(map[string]ServerAccount, len(accounts)),
		usedServer: map[int]bool{}, byCloud: map[int]*Finding{}}
	for _, a := range accounts {
		f.accounts[a.Key()] = a
	}
	for i, u := range users {
		switch Side(u) {
		case SideServer:
			f.serverOnly = append(f.serverOnly, i)
		case SideCloud:
			f.cloudOnly = append(f.cloudOnly, i)
		case SideOther:
			if u.VisualStudioSubscriptionUser.True() {
				f.vsOnly = append(f.vsOnly, i)
			}
		}
	}
	return f
}

// referenceAddress is one email of a server-only user and whether it is the one the
// cloud was sent (the primary).
type referenceAddress struct {
	email   string
	primary bool
	login   string // the account's login, when known
	host    string
}

// addresses lists a server-only user's emails: the ones in consumed-licenses (the
// primary), then the accounts' other emails where known.
func (f *referenceFinder) addresses(s int) []referenceAddress {
	u := f.users[s]
	var out []referenceAddress
	seen := map[string]bool{}
	add := func(a referenceAddress) {
		if k := lower(a.email); k != "" && !seen[k] {
			seen[k] = true
			out = append(out, a)
		}
	}
	for i, e := range u.EnterpriseServerEmails {
		a := referenceAddress{email: e, primary: true}
		if i < len(u.EnterpriseServerUserIDs) {
			acc := f.accounts[lower(u.EnterpriseServerUserIDs[i])]
			a.login, a.host = acc.Login, acc.Host
		}
		add(a)
	}
	for _, id := range u.EnterpriseServerUserIDs {
		acc, ok := f.accounts[lower(id)]
		if !ok {
			continue
		}
		for _, e := range acc.Emails {
			add(referenceAddress{email: e, primary: strings.EqualFold(e, acc.PrimaryEmail), login: acc.Login, host: acc.Host})
		}
	}
	return out
}

// attach adds server-only user s to cloud user c's finding, making it of kind when c
// has none yet; why is this pairing's reason, fix used only for a new finding.
func (f *referenceFinder) attach(kind, confidence string, s, c int, why, fix string) {
	f.usedServer[s] = true
	fd := f.byCloud[c]
	if fd == nil {
		fd = f.newFinding(kind, confidence, c, why, fix)
		f.byCloud[c] = fd
	} else {
		fd.Why += "; also " + textsafe.Sanitize(why)
	}
	u := f.users[s]
	for _, id := range u.EnterpriseServerUserIDs {
		fd.ServerUserIDs = append(fd.ServerUserIDs, textsafe.Sanitize(id))
		if acc, ok := f.accounts[lower(id)]; ok && acc.ProfileURL() != "" {
			fd.ServerProfiles = append(fd.ServerProfiles, acc.ProfileURL())
		}
	}
	for _, e := range u.EnterpriseServerEmails {
		fd.ServerEmails = append(fd.ServerEmails, textsafe.Sanitize(e))
	}
}

func (f *referenceFinder) newFinding(kind, confidence string, c int, why, fix string) *Finding {
	fd := &Finding{Kind: kind, Confidence: confidence, ServerUserIDs: []string{}, ServerEmails: []string{},
		CloudEmails: []string{}, Why: textsafe.Sanitize(why), Fix: textsafe.Sanitize(fix)}
	if c >= 0 {
		u := f.users[c]
		fd.CloudLogin = textsafe.Sanitize(u.GithubComLogin)
		for _, e := range cloudAddresses(u) {
			fd.CloudEmails = append(fd.CloudEmails, textsafe.Sanitize(e))
		}
		fd.CloudProfile = profileURL(u)
	}
	f.findings = append(f.findings, fd)
	return fd
}

// exactEmailSplits: a server email equals a cloud user's verified email or NameID,
// yet both count. Either the email is not the server user's primary one (only
// primaries are matched) or the last sync predates the change.
func (f *referenceFinder) exactEmailSplits() {
	index := map[string]int{}
	for _, c := range f.cloudOnly {
		for _, e := range cloudAddresses(f.users[c]) {
			if _, dup := index[lower(e)]; !dup {
				index[lower(e)] = c
			}
		}
	}
	for _, s := range f.serverOnly {
		for _, a := range f.addresses(s) {
			c, ok := index[lower(a.email)]
			if !ok {
				continue
			}
			login := f.users[c].GithubComLogin
			if a.primary {
				f.attach(KindExactEmailSplit, ConfidenceCertain, s, c,
					fmt.Sprintf("server email %s is verified on %s, yet both count: the last sync predates that email", a.email, login),
					"Sync now (s on the dashboard): the emails already match; the next sync joins them.")
			} else {
				primary := f.users[s].EnterpriseServerEmails
				f.attach(KindExactEmailSplit, ConfidenceCertain, s, c,
					fmt.Sprintf("%s is verified on %s, but server user %s's primary email is %s",
						a.email, login, orDashText(a.login), strings.Join(primary, ", ")),
					fmt.Sprintf("On %s make %s the primary email of %s (Site admin → %s → Emails), then sync now.",
						orDashText(a.host), a.email, orDashText(a.login), orDashText(a.login)))
			}
			break
		}
	}
}

// visualStudio: a Visual Studio subscription matched to no GitHub account holds its
// own seat; the subscriber's UPN must equal a verified email on their account.
func (f *referenceFinder) visualStudio() {
	keys := f.cloudKeys()
	for _, v := range f.vsOnly {
		u := f.users[v]
		email := ""
		if u.VisualStudioSubscriptionEmail != nil {
			email = strings.TrimSpace(*u.VisualStudioSubscriptionEmail)
		}
		status := "unmatched"
		if u.VisualStudioLicenseStatus != nil && strings.TrimSpace(*u.VisualStudioLicenseStatus) != "" {
			status = *u.VisualStudioLicenseStatus
		}
		why := fmt.Sprintf("Visual Studio subscription %s is not matched to a member (status \"%s\")", orDashText(email), status)
		c := -1
		for _, k := range referenceLookalikeKeys(localPart(email)) {
			if hits := keys[k.key]; len(hits) > 0 && f.byCloud[hits[0].user] == nil {
				c = hits[0].user
				why += fmt.Sprintf("; %s looks like the same person (%s)", f.users[c].GithubComLogin, hits[0].what)
				break
			}
		}
		fix := fmt.Sprintf("Verify %s on the subscriber's GitHub account, or change the subscription's email (UPN) to one they have verified.", orDashText(email))
		if c >= 0 {
			fix = fmt.Sprintf("Verify %s on %s's GitHub account, or change the subscription's email (UPN) to %s's verified email.",
				orDashText(email), f.users[c].GithubComLogin, f.users[c].GithubComLogin)
		}
		fd := f.newFinding(KindVSUnmatched, ConfidenceCertain, c, why, fix)
		if email != "" {
			fd.ServerEmails = append(fd.ServerEmails, textsafe.Sanitize(email))
		}
		if c >= 0 {
			f.byCloud[c] = fd
		}
	}
}

// samlMismatches: the cloud user's SAML NameID and a server email share a local part
// but not the address; GitHub compares the primary email with the NameID first.
func (f *referenceFinder) samlMismatches() {
	byLocal := map[string]int{}
	for _, c := range f.cloudOnly {
		if n := samlNameID(f.users[c]); strings.Contains(n, "@") && f.byCloud[c] == nil {
			if k := referenceNormalizeKey(localPart(n)); len(k) >= 3 {
				byLocal[k] = c
			}
		}
	}
	for _, s := range f.serverOnly {
		if f.usedServer[s] {
			continue
		}
		for _, a := range f.addresses(s) {
			c, ok := byLocal[referenceNormalizeKey(localPart(a.email))]
			if !ok {
				continue
			}
			u := f.users[c]
			f.attach(KindSAMLMismatch, ConfidenceLikely, s, c,
				fmt.Sprintf("the SAML NameID of %s is %s, not the server email %s; GitHub matches the server's primary email against the NameID",
					u.GithubComLogin, samlNameID(u), a.email),
				fmt.Sprintf("Make them equal: set the identity provider's NameID (or SCIM email) of %s to %s, or make %s the server user's primary email; then sync now.",
					u.GithubComLogin, a.email, samlNameID(u)))
			break
		}
	}
}

// noVerifiedEmails: where the enterprise verifies domains, a cloud member with no
// email of them cannot be matched at all; paired with a server user by likeness.
func (f *referenceFinder) noVerifiedEmails() {
	verifiesDomains := false
	for _, u := range f.users {
		if len(u.GithubComVerifiedDomainEmails) > 0 {
			verifiesDomains = true
			break
		}
	}
	if !verifiesDomains {
		return
	}
	// A name alone is too weak to call the pairing certain: those stay guesses.
	f.pairByLikeness(func(k referenceKey) bool {
		u := f.users[k.user]
		return !k.byName && len(u.GithubComVerifiedDomainEmails) == 0 && samlNameID(u) == ""
	}, func(s, c int, a referenceAddress, what string) {
		login := f.users[c].GithubComLogin
		f.attach(KindNoVerifiedEmail, ConfidenceCertain, s, c,
			fmt.Sprintf("%s has no verified email of the enterprise's domain, so it cannot be matched to server user %s (%s)", login, a.email, what),
			fmt.Sprintf("On %s's GitHub account add and verify %s (the server's primary email), then sync now.", login, a.email))
	})
}

// lookalikes: today's heuristic, labelled a guess.
func (f *referenceFinder) lookalikes() {
	f.pairByLikeness(func(referenceKey) bool { return true }, func(s, c int, a referenceAddress, what string) {
		login := f.users[c].GithubComLogin
		f.attach(KindLookalike, ConfidenceGuess, s, c,
			fmt.Sprintf("server email %s looks like %s (%s), a guess", a.email, login, what),
			fmt.Sprintf("If one person: verify %s on %s's account, or make a verified email of %s's the server primary; then sync. Else nothing to do.",
				a.email, login, login))
	})
}

// pairByLikeness pairs every unexplained server-only user with the first cloud-only
// user whose login, name or emails look like one of its emails, by a key eligible
// says yes to.
func (f *referenceFinder) pairByLikeness(eligible func(k referenceKey) bool, pair func(s, c int, a referenceAddress, what string)) {
	keys := f.cloudKeys()
	for _, s := range f.serverOnly {
		if f.usedServer[s] {
			continue
		}
	found:
		for _, a := range f.addresses(s) {
			for _, k := range referenceLookalikeKeys(localPart(a.email)) {
				for _, hit := range keys[k.key] {
					if eligible(hit) {
						pair(s, hit.user, a, fmt.Sprintf("%s matches %s", k.what, hit.what))
						break found
					}
				}
			}
		}
	}
}

// referenceKey is one way a cloud-only user can be recognised.
type referenceKey struct {
	user   int
	what   string // e.g. `cloud login "jdoe"`
	byName bool   // the key is the display name
}

// cloudKeys indexes the cloud-only users by normalised login, login without its last
// "-suffix" ("jdoe-gh"), name and the local parts of their addresses.
func (f *referenceFinder) cloudKeys() map[string][]referenceKey {
	index := map[string][]referenceKey{}
	add := func(key string, c referenceKey) {
		if len(key) >= 3 {
			index[key] = append(index[key], c)
		}
	}
	for _, c := range f.cloudOnly {
		u := f.users[c]
		add(referenceNormalizeKey(u.GithubComLogin), referenceKey{c, fmt.Sprintf("cloud login \"%s\"", u.GithubComLogin), false})
		if i := strings.LastIndexByte(u.GithubComLogin, '-'); i > 0 {
			add(referenceNormalizeKey(u.GithubComLogin[:i]), referenceKey{c, fmt.Sprintf("cloud login \"%s\"", u.GithubComLogin), false})
		}
		if u.GithubComName != nil {
			add(referenceNormalizeKey(*u.GithubComName), referenceKey{c, fmt.Sprintf("cloud name \"%s\"", *u.GithubComName), true})
		}
		for _, e := range cloudAddresses(u) {
			add(referenceNormalizeKey(localPart(e)), referenceKey{c, fmt.Sprintf("cloud email \"%s\"", e), false})
		}
	}
	return index
}

// referenceProbe is one key a server email is looked up by.
type referenceProbe struct{ key, what string }

func referenceLookalikeKeys(local string) []referenceProbe {
	return []referenceProbe{{referenceNormalizeKey(local), fmt.Sprintf("email local part \"%s\"", local)}}
}

// referenceNormalizeKey lowercases s and keeps only letters and digits.
func referenceNormalizeKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 0x7f && r != 0xfffd {
			b.WriteRune(r)
		}
	}
	return b.String()
}
