package sim

import "strings"

// HostilePayloads are the strings Options.HostileNames plants in names, logins and
// emails: an OSC 52 clipboard write, a screen clear, a DCS string, a right-to-left
// override, an 8-bit CSI and a carriage return. A terminal that received any of them
// raw would be rewritten, have its clipboard set, or show text that reads otherwise.
var HostilePayloads = []string{
	"\x1b]52;c;SGVsbG8=\x07",
	"\x1b[2J",
	"\x1bPq#0;2;0;0;0\x1b\\",
	"\u202e",
	"\u009b31m",
	"\r",
}

// buildWorld is newWorld, made hostile when opts ask for it.
func buildWorld(opts Options) *world {
	w := newWorld(opts)
	if opts.HostileNames {
		w.makeHostile()
	}
	return w
}

// hostileEvery is how often a user is made hostile: every hostileEvery-th one.
const hostileEvery = 7

// makeHostile plants HostilePayloads in some users' names, logins and emails (never in
// the users behind the demo tokens), then rebuilds the lookup tables. What the seeded
// rules compute (who matches whom) is unchanged: a payload goes into both copies of
// an email a person has on the two sides.
func (w *world) makeHostile() {
	k := 0
	next := func() string {
		p := HostilePayloads[k%len(HostilePayloads)]
		k++
		return p
	}
	// Server users: the emails go both into the server copy and any cloud copy, so
	// matching is kept.
	renamed := map[string]string{} // lower-cased old email → new email
	for i := range w.server {
		if i == w.serverAdmin || i == w.serverUser || i%hostileEvery != 3 {
			continue
		}
		u := &w.server[i]
		u.name = "Eve" + next() + " " + u.name
		u.login = u.login + next() + "x"
		local, domain, ok := strings.Cut(u.primaryEmail, "@")
		if ok {
			email := local + next() + "@" + domain
			renamed[strings.ToLower(u.primaryEmail)] = email
			u.primaryEmail = email
			u.emails[0] = email
		}
	}
	for i := range w.cloud {
		c := &w.cloud[i]
		for j, e := range c.verifiedEmails {
			if n, ok := renamed[strings.ToLower(e)]; ok {
				c.verifiedEmails[j] = n
			}
		}
		for j, e := range c.domainEmails {
			if n, ok := renamed[strings.ToLower(e)]; ok {
				c.domainEmails[j] = n
			}
		}
		if i == 0 || i%hostileEvery != 5 {
			continue
		}
		c.name = "Mallory" + next() + " " + c.name
		c.hasName = true
		c.login = c.login + next() + "y"
	}
	w.serverByLogin = make(map[string]int, len(w.server))
	for i, u := range w.server {
		w.serverByLogin[strings.ToLower(u.login)] = i
	}
	w.indexCloudEmails()
}
