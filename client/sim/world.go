package sim

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// serverUser is one user account on the appliance.
type serverUser struct {
	id           int64
	login        string
	name         string
	primaryEmail string
	emails       []string // every email, the primary first
	siteAdmin    bool
	suspended    bool
	dormant      bool
}

// cloudMember is one member of the cloud enterprise.
type cloudMember struct {
	id              int64
	login           string
	name            string
	hasName         bool // false: github_com_name is null
	verifiedEmails  []string
	domainEmails    []string // the verified emails on the enterprise's verified domain
	memberRoles     []string // "org:Member" / "org:Owner"
	enterpriseRoles []string
	pendingInvites  []string
	twoFactor       bool
	vsSubscriber    bool
	vsEmail         string
	samlNameID      string // the linked SAML identity's NameID, "" without one
	// vsOnly: not a GitHub account but a Visual Studio subscription that matched
	// none (findings_seed.go); listed in consumed-licenses without a login.
	vsOnly bool
}

// world is the seeded, immutable part of the simulation: users on both sides, the
// license and the identities of the demo tokens. Mutable state lives in state.
type world struct {
	server         []serverUser // ascending id, the order GET /users pages in
	cloud          []cloudMember
	cloudByEmail   map[string]int // lower-cased verified email → index into cloud
	serverByLogin  map[string]int
	serverAdmin    int // index of the user behind ServerAdminToken
	serverUser     int // index of the user behind ServerUserToken
	activeUsers    int // not suspended: the license's seats_used
	adminUsers     int
	suspendedUsers int
	dormantUsers   int
	seatsPurchased int
	serverID       string
	licenseHash    string
	publicKey      string
	orgs           []string
	counts         otherCounts
}

// otherCounts are the non-user blocks of /enterprise/stats/all.
type otherCounts struct {
	repos, rootRepos, orgRepos, pushes, wikis int
	hooks, activeHooks, pages                 int
	teams, teamMembers                        int
	pulls, mergedPulls, mergeablePulls        int
	issues, openIssues                        int
	milestones, openMilestones                int
	gists, privateGists                       int
	commitComments, gistComments              int
	issueComments, pullComments               int
}

// Share of cloud members who also have a server account, and how the shared
// people's emails relate across the two sides.
const (
	sharedShare       = 0.60
	shareOtherDomain  = 0.10 // server primary on the legacy domain: counted twice
	shareNoDomainMail = 0.05 // cloud account verifies only a personal email: counted twice
)

// person is a human before their accounts are made.
type person struct {
	first, last, local string
}

// emailKind says how a shared person's server email relates to their cloud emails.
type emailKind int

const (
	emailsMatch emailKind = iota
	emailsOtherDomain
	emailsNoDomain
)

// newWorld generates the seeded world. It is deterministic in opts.Seed and
// linear in the number of users.
func newWorld(opts Options) *world {
	rng := rand.New(rand.NewPCG(uint64(opts.Seed), 0x6c6963656e7365))
	n, m := opts.Users, opts.CloudUsers
	shared := min(int(float64(m)*sharedShare+0.5), n)
	total := n + m - shared
	corp := opts.Enterprise + ".test"
	legacy := opts.Enterprise + "-corp.test"

	people := makePeople(rng, total)
	// people[:shared] are on both sides, people[shared:n] only on the server,
	// people[n:] only in the cloud.
	kinds := make([]emailKind, shared)
	for i := range kinds {
		switch r := rng.Float64(); {
		case r < shareOtherDomain:
			kinds[i] = emailsOtherDomain
		case r < shareOtherDomain+shareNoDomainMail:
			kinds[i] = emailsNoDomain
		}
	}

	w := &world{serverByLogin: make(map[string]int, n)}
	for _, s := range orgSuffixes {
		w.orgs = append(w.orgs, opts.Enterprise+"-"+s)
	}

	// Server accounts, in sign-up order.
	order := rng.Perm(n)
	w.server = make([]serverUser, n)
	id := int64(3)
	for i, p := range order {
		id += 1 + int64(rng.IntN(3)) // gaps: organizations share the id space
		kind := emailsMatch
		if p < shared {
			kind = kinds[p]
		}
		w.server[i] = makeServerUser(rng, id, people[p], kind, p >= shared, corp, legacy)
	}
	w.pickServerRoles(rng)

	// Cloud members, listed by login.
	w.cloud = make([]cloudMember, 0, m)
	for p := range total {
		if p >= shared && p < n {
			continue
		}
		kind := emailsMatch
		if p < shared {
			kind = kinds[p]
		}
		w.cloud = append(w.cloud, makeCloudMember(rng, people[p], kind, p < shared, corp, w.orgs))
	}
	slices.SortFunc(w.cloud, func(a, b cloudMember) int { return strings.Compare(a.login, b.login) })
	cloudID := int64(1_000_000 + rng.IntN(9_000_000))
	for i := range w.cloud {
		cloudID += 1 + int64(rng.IntN(5000))
		w.cloud[i].id = cloudID
	}
	w.cloud[0].enterpriseRoles = []string{"owner"} // the owner behind the cloud tokens
	w.seedFindings(legacy)
	w.indexCloudEmails()

	w.seatsPurchased = opts.SeatsPurchased
	if w.seatsPurchased == 0 {
		w.seatsPurchased = roundUp(total, 100)
	}
	w.serverID = uuid(rng)
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s/%d/%d", opts.Hostname, opts.Seed, opts.ServerSeats)))
	w.licenseHash = "sha256:" + hex.EncodeToString(sum[:])
	key := make([]byte, 48)
	for i := range key {
		key[i] = byte(rng.Uint32())
	}
	w.publicKey = base64.StdEncoding.EncodeToString(key)
	w.counts = makeCounts(rng, n, len(w.orgs))
	return w
}

// makePeople draws names and gives each person a unique email local part.
func makePeople(rng *rand.Rand, total int) []person {
	people := make([]person, total)
	seen := make(map[string]int, total)
	for i := range people {
		first := firstNames[rng.IntN(len(firstNames))]
		last := lastNames[rng.IntN(len(lastNames))]
		base := strings.ToLower(first[:1] + last)
		if rng.IntN(2) == 0 {
			base = strings.ToLower(first + "." + last)
		}
		local := base
		if k := seen[base]; k > 0 {
			local = base + strconv.Itoa(k+1) // bases hold no digits: never another base
		}
		seen[base]++
		people[i] = person{first: first, last: last, local: local}
	}
	return people
}

func makeServerUser(rng *rand.Rand, id int64, p person, kind emailKind, serverOnly bool, corp, legacy string) serverUser {
	u := serverUser{
		id:    id,
		login: strings.ReplaceAll(p.local, ".", "-"),
		name:  p.first + " " + p.last,
	}
	switch {
	case kind == emailsOtherDomain, serverOnly && rng.IntN(10) == 0:
		u.primaryEmail = p.local + "@" + legacy
	case rng.IntN(20) == 0:
		// Case differs from the cloud's copy: matching ignores case.
		u.primaryEmail = strings.ToUpper(p.local[:1]) + p.local[1:] + "@" + strings.ToUpper(corp[:1]) + corp[1:]
	default:
		u.primaryEmail = p.local + "@" + corp
	}
	u.emails = []string{u.primaryEmail}
	if rng.IntN(3) == 0 && !strings.HasSuffix(u.primaryEmail, legacy) {
		u.emails = append(u.emails, p.local+"@"+legacy)
	}
	if rng.IntN(5) == 0 {
		u.emails = append(u.emails, p.local+"@home.test")
	}
	return u
}

func makeCloudMember(rng *rand.Rand, p person, kind emailKind, shared bool, corp string, orgs []string) cloudMember {
	base := strings.ReplaceAll(p.local, ".", "-")
	c := cloudMember{
		login:     base,
		name:      p.first + " " + p.last,
		hasName:   rng.IntN(16) != 0,
		twoFactor: rng.IntN(8) != 0,
	}
	if !c.hasName {
		c.name = ""
	}
	if r := rng.IntN(10); r >= 3 {
		c.login = base + [...]string{"-gh", "-dev", "-work", "-hub"}[r%4]
	}
	personal := p.local + "@mail.test"
	onlyPersonal := kind == emailsNoDomain || (!shared && rng.IntN(7) == 0)
	if onlyPersonal {
		c.verifiedEmails = []string{personal}
	} else {
		work := p.local + "@" + corp
		c.verifiedEmails = []string{work}
		c.domainEmails = []string{work}
		if rng.IntN(4) == 0 {
			c.verifiedEmails = append(c.verifiedEmails, personal)
		}
	}
	first := rng.IntN(len(orgs))
	c.memberRoles = []string{orgs[first] + ":" + role(rng)}
	if rng.IntN(4) == 0 {
		c.memberRoles = append(c.memberRoles, orgs[(first+1)%len(orgs)]+":"+role(rng))
	}
	c.enterpriseRoles = []string{}
	if rng.IntN(300) == 0 {
		c.enterpriseRoles = []string{"owner"}
	}
	c.pendingInvites = []string{}
	if rng.IntN(50) == 0 {
		c.pendingInvites = []string{orgs[(first+2)%len(orgs)]}
	}
	if rng.IntN(12) == 0 {
		c.vsSubscriber = true
		c.vsEmail = c.verifiedEmails[0]
	}
	return c
}

func role(rng *rand.Rand) string {
	if rng.IntN(30) == 0 {
		return "Owner"
	}
	return "Member"
}

// pickServerRoles marks site admins, suspended and dormant users, and the users
// behind the demo tokens.
func (w *world) pickServerRoles(rng *rand.Rand) {
	w.server[0].siteAdmin = true
	w.serverAdmin = 0
	for i := range w.server {
		u := &w.server[i]
		if i > 0 && rng.IntN(500) == 0 {
			u.siteAdmin = true
		}
		if i > 0 && rng.IntN(33) == 0 {
			u.suspended = true
		}
		if rng.IntN(8) == 0 {
			u.dormant = true
		}
	}
	if len(w.server) > 1 {
		w.server[1].siteAdmin = true // every appliance has more than one admin
	}
	w.serverUser = w.serverAdmin
	for i, u := range w.server {
		if !u.siteAdmin && !u.suspended {
			w.serverUser = i
			break
		}
	}
	for i, u := range w.server {
		w.serverByLogin[strings.ToLower(u.login)] = i
		if u.siteAdmin {
			w.adminUsers++
		}
		if u.suspended {
			w.suspendedUsers++
		} else {
			w.activeUsers++
		}
		if u.dormant {
			w.dormantUsers++
		}
	}
}

func makeCounts(rng *rand.Rand, users, orgs int) otherCounts {
	c := otherCounts{}
	c.repos = users*3 + rng.IntN(users+1)
	c.rootRepos = c.repos * 9 / 10
	c.orgRepos = c.repos * 6 / 10
	c.pushes = c.repos * (20 + rng.IntN(20))
	c.wikis = c.repos / 12
	c.hooks = c.repos / 8
	c.activeHooks = c.hooks * 9 / 10
	c.pages = c.repos / 20
	c.teams = orgs * (3 + rng.IntN(10))
	c.teamMembers = users + users/2
	c.pulls = c.repos * (4 + rng.IntN(6))
	c.mergedPulls = c.pulls * 7 / 10
	c.mergeablePulls = c.pulls / 5
	c.issues = c.repos * (3 + rng.IntN(5))
	c.openIssues = c.issues * 4 / 10
	c.milestones = c.repos / 10
	c.openMilestones = c.milestones / 2
	c.gists = users / 2
	c.privateGists = c.gists * 8 / 10
	c.commitComments = c.pulls / 3
	c.gistComments = c.gists / 5
	c.issueComments = c.issues * 3
	c.pullComments = c.pulls * 2
	return c
}

// uuid draws a version-4 UUID from rng.
func uuid(rng *rand.Rand) string {
	var b [16]byte
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
