package seats

import (
	"fmt"
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

// cloudKey is one way a cloud-only user can be recognised.
type cloudKey struct {
	user   int
	what   string // e.g. `cloud login "jdoe"`
	byName bool   // the key is the display name
}

// cloudKeys indexes the cloud-only users by normalised login, login without its last
// "-suffix" ("jdoe-gh"), name and the local parts of their addresses.
func (f *finder) cloudKeys() map[string][]cloudKey {
	index := map[string][]cloudKey{}
	add := func(key string, c cloudKey) {
		if len(key) >= 3 {
			index[key] = append(index[key], c)
		}
	}
	for _, c := range f.cloudOnly {
		u := f.users[c]
		add(normalizeKey(u.GithubComLogin), cloudKey{c, fmt.Sprintf("cloud login \"%s\"", u.GithubComLogin), false})
		if i := strings.LastIndexByte(u.GithubComLogin, '-'); i > 0 {
			add(normalizeKey(u.GithubComLogin[:i]), cloudKey{c, fmt.Sprintf("cloud login \"%s\"", u.GithubComLogin), false})
		}
		if u.GithubComName != nil {
			add(normalizeKey(*u.GithubComName), cloudKey{c, fmt.Sprintf("cloud name \"%s\"", *u.GithubComName), true})
		}
		for _, e := range cloudAddresses(u) {
			add(normalizeKey(localPart(e)), cloudKey{c, fmt.Sprintf("cloud email \"%s\"", e), false})
		}
	}
	return index
}

// probe is one key a server email is looked up by.
type probe struct{ key, what string }

func lookalikeKeys(local string) []probe {
	return []probe{{normalizeKey(local), fmt.Sprintf("email local part \"%s\"", local)}}
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
