package seats

import (
	"fmt"
	"slices"
	"strings"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/textsafe"
)

// Finding kinds: why one person holds two licenses, in GitHub's terms (the
// troubleshooting rules README.md "Where the seats go" lists). They are looked for in
// this order; a person found by one is not looked for again.
const (
	KindExactEmailSplit = "exact_email_split"
	KindVSUnmatched     = "vs_unmatched"
	KindSAMLMismatch    = "saml_mismatch"
	KindNoVerifiedEmail = "no_verified_email"
	KindLookalike       = "lookalike"
)

// FindingKinds lists every kind in the order findings are looked for and reported.
var FindingKinds = []string{KindExactEmailSplit, KindNoVerifiedEmail, KindVSUnmatched, KindSAMLMismatch, KindLookalike}

// How sure a finding is.
const (
	ConfidenceCertain = "certain" // GitHub's rule says so from the data alone
	ConfidenceLikely  = "likely"
	ConfidenceGuess   = "guess" // names look alike: check before changing anything
)

// Finding is one person who may hold more than one license, with every candidate
// account and the exact change that gives the extra seat back. A server user id
// appears in at most one finding. Every string is safe for a terminal.
type Finding struct {
	Kind          string   `json:"kind"`
	Confidence    string   `json:"confidence"`
	ServerUserIDs []string `json:"server_user_ids"`
	ServerEmails  []string `json:"server_emails"`
	CloudLogin    string   `json:"cloud_login"`
	CloudEmails   []string `json:"cloud_emails"`
	Why           string   `json:"why"`
	Fix           string   `json:"fix"`

	// CloudProfile and ServerProfiles are the accounts' pages (a server's only where
	// its login is known). Not in JSON: the contract is the fields above.
	CloudProfile   string   `json:"-"`
	ServerProfiles []string `json:"-"`
}

// CountedTwice finds the people who hold more than one license, grouped by person:
// each cloud account (or unmatched Visual Studio subscription) once, with all its
// server candidates. accounts, when known, are the servers' own user lists: they tell
// an email that is not a user's primary one (exact_email_split) and the logins behind
// server ids. Findings come by kind (FindingKinds), then in the order of users.
func CountedTwice(users []client.ConsumedUser, accounts []ServerAccount) []Finding {
	f := newFinder(users, accounts)
	f.exactEmailSplits()
	f.visualStudio()
	f.samlMismatches()
	f.noVerifiedEmails()
	f.lookalikes()
	for fd, also := range f.also {
		fd.Why += "; also " + strings.Join(also, "; also ")
	}
	var out []Finding // nil when there are none
	if len(f.findings) > 0 {
		out = make([]Finding, 0, len(f.findings))
	}
	for _, kind := range FindingKinds {
		for _, fd := range f.findings {
			if fd.Kind == kind {
				out = append(out, *fd)
			}
		}
	}
	return out
}

// finder holds the partition of the users and what is already explained.
type finder struct {
	users      []client.ConsumedUser
	accounts   []ServerAccount
	byKey      map[string]int32 // an account's index by Key, the last of a key
	serverOnly []int
	cloudOnly  []int
	vsOnly     []int
	usedServer []bool     // by user: already in a finding
	byCloud    []*Finding // by user: the finding of a cloud-only user
	findings   []*Finding
	cloudIndex *cloudIndex       // cloudKeys, once built
	addressed  [][]serverAddress // by user: addresses, once listed (nil: not yet)
	// also are the reasons of a finding's later pairings, joined to its Why at the
	// end: appended to Why one by one, many pairings with one person were quadratic.
	also map[*Finding][]string
}

func newFinder(users []client.ConsumedUser, accounts []ServerAccount) *finder {
	f := &finder{users: users, accounts: accounts, byKey: make(map[string]int32, len(accounts)),
		usedServer: make([]bool, len(users)), byCloud: make([]*Finding, len(users)), addressed: make([][]serverAddress, len(users)),
		also: map[*Finding][]string{}}
	for i, a := range accounts {
		f.byKey[a.Key()] = int32(i)
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

// serverAddress is one email of a server-only user and whether it is the one the
// cloud was sent (the primary).
type serverAddress struct {
	email   string
	primary bool
	login   string // the account's login, when known
	host    string
}

// addresses lists a server-only user's emails: the ones in consumed-licenses (the
// primary), then the accounts' other emails where known. Listed once per user: every
// pass asks again.
func (f *finder) addresses(s int) []serverAddress {
	if known := f.addressed[s]; known != nil {
		return known
	}
	u := f.users[s]
	out := make([]serverAddress, 0, 2*len(u.EnterpriseServerEmails))
	// The lowered emails in out: a few, looked through; past a handful (a peer may
	// send thousands for one user) a map, so the listing stays linear.
	var seenArray [4]string
	seen := seenArray[:0]
	var seenMap map[string]bool
	add := func(a serverAddress) {
		k := lower(a.email)
		switch {
		case k == "":
			return
		case seenMap != nil:
			if seenMap[k] {
				return
			}
			seenMap[k] = true
		case slices.Contains(seen, k):
			return
		case len(seen) == 8:
			seenMap = make(map[string]bool, 16)
			for _, e := range seen {
				seenMap[e] = true
			}
			seenMap[k] = true
		default:
			seen = append(seen, k)
		}
		out = append(out, a)
	}
	for i, e := range u.EnterpriseServerEmails {
		a := serverAddress{email: e, primary: true}
		if i < len(u.EnterpriseServerUserIDs) {
			acc, _ := f.account(u.EnterpriseServerUserIDs[i])
			a.login, a.host = acc.Login, acc.Host
		}
		add(a)
	}
	for _, id := range u.EnterpriseServerUserIDs {
		acc, ok := f.account(id)
		if !ok {
			continue
		}
		for _, e := range acc.Emails {
			add(serverAddress{email: e, primary: strings.EqualFold(e, acc.PrimaryEmail), login: acc.Login, host: acc.Host})
		}
	}
	f.addressed[s] = out
	return out
}

// account is the server account of a consumed-licenses server user id, if known.
func (f *finder) account(id string) (*ServerAccount, bool) {
	i, ok := f.byKey[lower(id)]
	if !ok {
		return &ServerAccount{}, false
	}
	return &f.accounts[i], true
}

// cloudAddresses are the addresses GitHub matches a server email against: the
// verified-domain emails and the SAML NameID when it is an address.
// The user's own slice when there is no NameID to add: callers only read it.
func cloudAddresses(u client.ConsumedUser) []string {
	n := samlNameID(u)
	if !strings.Contains(n, "@") {
		return u.GithubComVerifiedDomainEmails
	}
	return append(slices.Clip(u.GithubComVerifiedDomainEmails), n)
}

func samlNameID(u client.ConsumedUser) string {
	if u.GithubComSamlNameID == nil {
		return ""
	}
	return strings.TrimSpace(*u.GithubComSamlNameID)
}

// attach adds server-only user s to cloud user c's finding, making it of kind when c
// has none yet; why is this pairing's reason, fix used only for a new finding.
func (f *finder) attach(kind, confidence string, s, c int, why, fix string) {
	f.usedServer[s] = true
	fd := f.byCloud[c]
	if fd == nil {
		fd = f.newFinding(kind, confidence, c, why, fix)
		f.byCloud[c] = fd
	} else {
		f.also[fd] = append(f.also[fd], textsafe.Sanitize(why))
	}
	u := f.users[s]
	for _, id := range u.EnterpriseServerUserIDs {
		fd.ServerUserIDs = append(fd.ServerUserIDs, textsafe.Sanitize(id))
		if acc, ok := f.account(id); ok && acc.ProfileURL() != "" {
			fd.ServerProfiles = append(fd.ServerProfiles, acc.ProfileURL())
		}
	}
	for _, e := range u.EnterpriseServerEmails {
		fd.ServerEmails = append(fd.ServerEmails, textsafe.Sanitize(e))
	}
}

func (f *finder) newFinding(kind, confidence string, c int, why, fix string) *Finding {
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

// profileURL is a cloud user's profile page.
func profileURL(u client.ConsumedUser) string {
	if u.GithubComProfile != nil && strings.HasPrefix(*u.GithubComProfile, "https://") {
		return textsafe.Sanitize(*u.GithubComProfile)
	}
	if u.GithubComLogin == "" {
		return ""
	}
	return "https://github.com/" + textsafe.Sanitize(u.GithubComLogin)
}

// exactEmailSplits: a server email equals a cloud user's verified email or NameID,
// yet both count. Either the email is not the server user's primary one (only
// primaries are matched) or the last sync predates the change.
func (f *finder) exactEmailSplits() {
	index := make(map[string]int, len(f.cloudOnly))
	for _, c := range f.cloudOnly {
		for _, e := range cloudAddresses(f.users[c]) {
			if k := lower(e); index[k] == 0 {
				index[k] = c + 1 // 0: none yet
			}
		}
	}
	for _, s := range f.serverOnly {
		for _, a := range f.addresses(s) {
			c := index[lower(a.email)] - 1
			if c < 0 {
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
func (f *finder) visualStudio() {
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
		for _, k := range lookalikeKeys(localPart(email)) {
			if hits := keys.of(k.key); len(hits) > 0 && f.byCloud[hits[0].user] == nil {
				c = int(hits[0].user)
				why += fmt.Sprintf("; %s looks like the same person (%s)", f.users[c].GithubComLogin, hits[0].what())
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
func (f *finder) samlMismatches() {
	byLocal := map[string]int{}
	for _, c := range f.cloudOnly {
		if n := samlNameID(f.users[c]); strings.Contains(n, "@") && f.byCloud[c] == nil {
			if k := normalizeKey(localPart(n)); len(k) >= 3 {
				byLocal[k] = c
			}
		}
	}
	for _, s := range f.serverOnly {
		if f.usedServer[s] {
			continue
		}
		for _, a := range f.addresses(s) {
			c, ok := byLocal[normalizeKey(localPart(a.email))]
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
func (f *finder) noVerifiedEmails() {
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
	f.pairByLikeness(func(k cloudKey) bool {
		u := f.users[k.user]
		return !k.byName() && len(u.GithubComVerifiedDomainEmails) == 0 && samlNameID(u) == ""
	}, func(s, c int, a serverAddress, what string) {
		login := f.users[c].GithubComLogin
		f.attach(KindNoVerifiedEmail, ConfidenceCertain, s, c,
			fmt.Sprintf("%s has no verified email of the enterprise's domain, so it cannot be matched to server user %s (%s)", login, a.email, what),
			fmt.Sprintf("On %s's GitHub account add and verify %s (the server's primary email), then sync now.", login, a.email))
	})
}

// lookalikes: today's heuristic, labelled a guess.
func (f *finder) lookalikes() {
	f.pairByLikeness(func(cloudKey) bool { return true }, func(s, c int, a serverAddress, what string) {
		login := f.users[c].GithubComLogin
		f.attach(KindLookalike, ConfidenceGuess, s, c,
			fmt.Sprintf("server email %s looks like %s (%s), a guess", a.email, login, what),
			fmt.Sprintf("If one person: verify %s on %s's account, or make a verified email of %s's the server primary; then sync. Else nothing to do.",
				a.email, login, login))
	})
}
