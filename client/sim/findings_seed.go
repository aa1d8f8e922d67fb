package sim

import "strings"

// seedFindings makes sure the world holds at least one person of every way GitHub
// counts someone twice (README.md "Where the seats go"), each known by construction:
//
//   - exact_email_split: a server user whose primary email is on the legacy domain
//     but who also has the work email their cloud account verifies;
//   - saml_mismatch: a cloud member whose SAML NameID is their work email while the
//     server user's primary is on the legacy domain;
//   - no_verified_email: a cloud member who verifies only a personal email, whose
//     login (without a "-gh"-like suffix) reads as the server user's email local part;
//   - vs_unmatched: a Visual Studio subscription whose email (UPN) no GitHub account
//     verifies, standing in for one cloud-only member (so the totals keep their size);
//   - lookalike: the other legacy-domain people, left as they are;
//   - and one pending organisation invitation.
//
// It prefers people who are already counted twice, so the seat totals stay what the
// seed made them; only a world too small to have them gets converted pairs.
func (w *world) seedFindings(legacy string) {
	pairs := w.sharedPairs()
	used := map[int]bool{} // cloud index
	// legacyPair returns the n-th unused pair with a legacy primary and a work email
	// in the cloud, converting a matched pair when there are too few.
	legacyPair := func() (int, int, bool) {
		for _, p := range pairs {
			s, c := &w.server[p.server], &w.cloud[p.cloud]
			if !used[p.cloud] && strings.HasSuffix(s.primaryEmail, "@"+legacy) && len(c.domainEmails) > 0 && c.samlNameID == "" {
				used[p.cloud] = true
				return p.server, p.cloud, true
			}
		}
		for _, p := range pairs {
			s, c := &w.server[p.server], &w.cloud[p.cloud]
			if !used[p.cloud] && p.cloud != 0 && len(c.domainEmails) > 0 && strings.EqualFold(s.primaryEmail, c.domainEmails[0]) {
				used[p.cloud] = true
				s.primaryEmail = localOf(s.primaryEmail) + "@" + legacy
				s.emails = []string{s.primaryEmail}
				return p.server, p.cloud, true
			}
		}
		return 0, 0, false
	}
	if s, c, ok := legacyPair(); ok {
		work := w.cloud[c].domainEmails[0]
		if !containsFold(w.server[s].emails, work) {
			w.server[s].emails = append(w.server[s].emails, work)
		}
	}
	if _, c, ok := legacyPair(); ok {
		w.cloud[c].samlNameID = w.cloud[c].domainEmails[0]
	}
	w.seedNoVerifiedEmail(pairs, used)
	w.seedVisualStudio(pairs, used)
	// A lookalike: one more legacy pair, untouched.
	legacyPair()
	if !w.anyPendingInvite() && len(w.cloud) > 1 {
		w.cloud[1].pendingInvites = []string{w.orgs[0]}
	}
}

// seedNoVerifiedEmail finds (or makes) a person whose cloud account verifies only a
// personal email and whose login, without dashes or its suffix, is their server
// email's local part without dots.
func (w *world) seedNoVerifiedEmail(pairs []sharedPair, used map[int]bool) {
	bare := func(s string) string { return strings.NewReplacer(".", "", "-", "").Replace(strings.ToLower(s)) }
	readable := func(p sharedPair) bool {
		login := w.cloud[p.cloud].login
		local := bare(localOf(w.server[p.server].primaryEmail))
		if i := strings.LastIndexByte(login, '-'); i > 0 && bare(login[:i]) == local {
			return true
		}
		return bare(login) == local
	}
	for _, p := range pairs {
		if !used[p.cloud] && len(w.cloud[p.cloud].domainEmails) == 0 && readable(p) {
			used[p.cloud] = true
			return
		}
	}
	for _, p := range pairs {
		c := &w.cloud[p.cloud]
		if !used[p.cloud] && p.cloud != 0 && len(c.domainEmails) > 0 && readable(p) {
			used[p.cloud] = true
			c.verifiedEmails = []string{localOf(c.verifiedEmails[0]) + "@mail.test"}
			c.domainEmails = nil
			c.vsSubscriber = false
			return
		}
	}
}

// seedVisualStudio turns the last cloud-only member into the unmatched Visual Studio
// subscription of another cloud-only member, whose work email's local part the
// subscription's email shares.
func (w *world) seedVisualStudio(pairs []sharedPair, used map[int]bool) {
	shared := make(map[int]bool, len(pairs))
	for _, p := range pairs {
		shared[p.cloud] = true
	}
	var subscriber, stand = -1, -1
	for i := len(w.cloud) - 1; i > 0; i-- {
		c := &w.cloud[i]
		if shared[i] || used[i] || len(c.pendingInvites) > 0 {
			continue
		}
		switch {
		case stand < 0:
			stand = i
		case subscriber < 0 && len(c.domainEmails) > 0:
			subscriber = i
		}
	}
	if subscriber < 0 {
		return
	}
	used[subscriber], used[stand] = true, true
	c := &w.cloud[stand]
	c.vsOnly = true
	c.vsSubscriber = true
	c.vsEmail = localOf(w.cloud[subscriber].domainEmails[0]) + "@outlook.test"
	c.verifiedEmails, c.domainEmails, c.pendingInvites = nil, nil, []string{}
}

func (w *world) anyPendingInvite() bool {
	for _, c := range w.cloud {
		if len(c.pendingInvites) > 0 && !c.vsOnly {
			return true
		}
	}
	return false
}

// sharedPair is one person with an account on both sides: a server user whose
// primary email has the local part of the cloud member's first verified email.
type sharedPair struct{ server, cloud int }

// sharedPairs lists the people on both sides, in server order. Local parts are unique
// per person (makePeople), so they identify them.
func (w *world) sharedPairs() []sharedPair {
	byLocal := make(map[string]int, len(w.cloud))
	for i, c := range w.cloud {
		if len(c.verifiedEmails) > 0 {
			byLocal[strings.ToLower(localOf(c.verifiedEmails[0]))] = i
		}
	}
	var out []sharedPair
	for i, u := range w.server {
		if c, ok := byLocal[strings.ToLower(localOf(u.primaryEmail))]; ok && !u.suspended {
			out = append(out, sharedPair{i, c})
		}
	}
	return out
}

// indexCloudEmails rebuilds cloudByEmail: every verified email and SAML NameID of a
// member with a GitHub account, lower-cased (GitHub's matching rule,
// README.md "Where the seats go").
func (w *world) indexCloudEmails() {
	w.cloudByEmail = make(map[string]int, len(w.cloud)*5/4)
	for i, c := range w.cloud {
		if c.vsOnly {
			continue
		}
		for _, e := range c.verifiedEmails {
			w.cloudByEmail[strings.ToLower(e)] = i
		}
		if c.samlNameID != "" {
			w.cloudByEmail[strings.ToLower(c.samlNameID)] = i
		}
	}
}

func localOf(email string) string {
	local, _, _ := strings.Cut(email, "@")
	return local
}

func containsFold(list []string, s string) bool {
	for _, e := range list {
		if strings.EqualFold(e, s) {
			return true
		}
	}
	return false
}
