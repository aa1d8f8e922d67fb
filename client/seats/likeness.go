package seats

import (
	"strings"

	"github.com/licensesync/licensesync/client"
)

// pairByLikeness pairs every unexplained server-only user with the first cloud-only
// user whose login, name or emails look like one of its emails, by a key eligible
// says yes to.
func (f *finder) pairByLikeness(eligible func(k cloudKey) bool, pair func(s, c int, a serverAddress, what string)) {
	keys := f.cloudKeys()
	for _, s := range f.serverOnly {
		if f.usedServer[s] {
			continue
		}
	found:
		for _, a := range f.addresses(s) {
			for _, k := range lookalikeKeys(localPart(a.email)) {
				for _, hit := range keys.of(k.key) {
					if eligible(hit) {
						pair(s, hit.user, a, k.what()+" matches "+hit.what())
						break found
					}
				}
			}
		}
	}
}

// cloudKey is one way a cloud-only user can be recognised.
type cloudKey struct {
	user   int
	label  string // what source is: "cloud login", "cloud name" or "cloud email"
	source string // the login, name or address the key was made from
	byName bool   // the key is the display name
}

// what says the key in words, e.g. `cloud login "jdoe"`.
func (k cloudKey) what() string { return k.label + " \"" + k.source + "\"" }

// cloudIndex is the cloud-only users by key, each key's users in the order they were
// added: one array of every key, grouped by key, and where each group starts.
type cloudIndex struct {
	group map[string]int32 // a key's group
	start []int32          // group g is keys[start[g]:start[g+1]]
	keys  []cloudKey
}

// of is the cloud-only users a key recognises, in the order of users.
func (x *cloudIndex) of(key string) []cloudKey {
	g, ok := x.group[key]
	if !ok {
		return nil
	}
	return x.keys[x.start[g]:x.start[g+1]]
}

// cloudKeys indexes the cloud-only users by normalised login, login without its last
// "-suffix" ("jdoe-gh"), name and the local parts of their addresses. The index is
// built once per finder: every pass that pairs by likeness shares it.
func (f *finder) cloudKeys() *cloudIndex {
	if f.cloudIndex != nil {
		return f.cloudIndex
	}
	type entry struct {
		group int32
		key   cloudKey
	}
	entries := make([]entry, 0, 3*len(f.cloudOnly))
	x := &cloudIndex{group: make(map[string]int32, 3*len(f.cloudOnly))}
	var sizes []int32
	add := func(key string, c cloudKey) {
		if len(key) < 3 {
			return
		}
		g, ok := x.group[key]
		if !ok {
			g = int32(len(sizes))
			x.group[key] = g
			sizes = append(sizes, 0)
		}
		sizes[g]++
		entries = append(entries, entry{g, c})
	}
	for _, c := range f.cloudOnly {
		u := f.users[c]
		login := cloudKey{user: c, label: "cloud login", source: u.GithubComLogin}
		add(normalizeKey(u.GithubComLogin), login)
		if i := strings.LastIndexByte(u.GithubComLogin, '-'); i > 0 {
			add(normalizeKey(u.GithubComLogin[:i]), login)
		}
		if u.GithubComName != nil {
			add(normalizeKey(*u.GithubComName), cloudKey{user: c, label: "cloud name", source: *u.GithubComName, byName: true})
		}
		for _, e := range cloudAddresses(u) {
			add(normalizeKey(localPart(e)), cloudKey{user: c, label: "cloud email", source: e})
		}
	}
	x.start = make([]int32, len(sizes)+1)
	for g, n := range sizes {
		x.start[g+1] = x.start[g] + n
	}
	next := append([]int32(nil), x.start[:len(sizes)]...)
	x.keys = make([]cloudKey, len(entries))
	for _, e := range entries {
		x.keys[next[e.group]] = e.key
		next[e.group]++
	}
	f.cloudIndex = x
	return x
}

// probe is one key a server email is looked up by, and the local part it was made of.
type probe struct{ key, local string }

// what says the probe in words, e.g. `email local part "j.doe"`.
func (p probe) what() string { return "email local part \"" + p.local + "\"" }

// lookalikeKeys are the keys an email's local part is looked up by.
func lookalikeKeys(local string) [1]probe {
	return [1]probe{{normalizeKey(local), local}}
}

// Sides of a person in consumed-licenses.
const (
	SideBoth   = "both"
	SideServer = "server"
	SideCloud  = "cloud"
	SideOther  = "other" // neither: e.g. a Visual Studio subscription alone
)

// Side says where a consumed-licenses user was seen: on both sides (matched), on a
// server only, in the cloud only, or neither (a Visual Studio subscriber without a
// matched GitHub account).
func Side(u client.ConsumedUser) string {
	onServer := u.EnterpriseServerUser.True() || len(u.EnterpriseServerUserIDs) > 0
	onCloud := u.GithubComUser.True() || u.GithubComLogin != ""
	switch {
	case onServer && onCloud:
		return SideBoth
	case onServer:
		return SideServer
	case onCloud:
		return SideCloud
	}
	return SideOther
}

func lower(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func orDashText(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// localPart is what comes before the @ of an address, without a +tag.
func localPart(email string) string {
	local, _, _ := strings.Cut(strings.TrimSpace(email), "@")
	local, _, _ = strings.Cut(local, "+")
	return local
}

// normalizeKey lowercases s and keeps only letters and digits. A key that is one
// already (most logins) is s itself, without a copy.
func normalizeKey(s string) string {
	if isKey(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 0x7f && r != 0xfffd {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isKey says s is all ASCII lower-case letters and digits: normalizeKey keeps it as is.
func isKey(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
