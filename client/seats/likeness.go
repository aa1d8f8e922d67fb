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
						pair(s, int(hit.user), a, k.what()+" matches "+hit.what())
						break found
					}
				}
			}
		}
	}
}

// cloudKey is one way a cloud-only user can be recognised. It is small and holds one
// string (the index of 300,000 people holds about five keys each).
type cloudKey struct {
	source string // the login, name or address the key was made from
	user   int32
	kind   cloudKeyKind
}

// cloudKeyKind is what a cloudKey's source is.
type cloudKeyKind uint8

const (
	keyLogin cloudKeyKind = iota
	keyName
	keyEmail
)

// byName reports whether the key is the display name.
func (k cloudKey) byName() bool { return k.kind == keyName }

// what says the key in words, e.g. `cloud login "jdoe"`.
func (k cloudKey) what() string {
	return [...]string{keyLogin: "cloud login", keyName: "cloud name", keyEmail: "cloud email"}[k.kind] + " \"" + k.source + "\""
}

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
// built once per finder: every pass that pairs by likeness shares it. Two passes over
// the same keys in the same order: the first numbers each key's group (a key too short
// to be one is -1), the second puts each key in its group's place, so that nothing
// but a group number is held per key in between.
func (f *finder) cloudKeys() *cloudIndex {
	if f.cloudIndex != nil {
		return f.cloudIndex
	}
	x := &cloudIndex{group: make(map[string]int32, 3*len(f.cloudOnly))}
	groups := make([]int32, 0, 4*len(f.cloudOnly))
	var sizes []int32
	f.eachCloudKey(func(normalized string, _ cloudKey) {
		if len(normalized) < 3 {
			groups = append(groups, -1)
			return
		}
		g, ok := x.group[normalized]
		if !ok {
			g = int32(len(sizes))
			x.group[normalized] = g
			sizes = append(sizes, 0)
		}
		sizes[g]++
		groups = append(groups, g)
	}, true)
	x.start = make([]int32, len(sizes)+1)
	for g, n := range sizes {
		x.start[g+1] = x.start[g] + n
	}
	next := append([]int32(nil), x.start[:len(sizes)]...)
	x.keys = make([]cloudKey, x.start[len(sizes)])
	i := 0
	f.eachCloudKey(func(_ string, k cloudKey) {
		if g := groups[i]; g >= 0 {
			x.keys[next[g]] = k
			next[g]++
		}
		i++
	}, false)
	f.cloudIndex = x
	return x
}

// eachCloudKey calls add with every key of every cloud-only user, in one fixed order;
// the normalised key is made only when normalize.
func (f *finder) eachCloudKey(add func(normalized string, k cloudKey), normalize bool) {
	key := func(s string) string {
		if normalize {
			return normalizeKey(s)
		}
		return ""
	}
	for _, c := range f.cloudOnly {
		u := f.users[c]
		login := cloudKey{user: int32(c), kind: keyLogin, source: u.GithubComLogin}
		add(key(u.GithubComLogin), login)
		if i := strings.LastIndexByte(u.GithubComLogin, '-'); i > 0 {
			add(key(u.GithubComLogin[:i]), login)
		}
		if u.GithubComName != nil {
			add(key(*u.GithubComName), cloudKey{user: int32(c), kind: keyName, source: *u.GithubComName})
		}
		for _, e := range cloudAddresses(u) {
			add(key(localPart(e)), cloudKey{user: int32(c), kind: keyEmail, source: e})
		}
	}
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
