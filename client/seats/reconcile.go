package seats

import (
	"fmt"
	"slices"

	"github.com/licensesync/licensesync/client"
)

// Reconcile says where the cloud's consumed seats go: the `reconcile` object of
// `status --json` (README.md "Where the seats go"). Consumed and Purchased are the
// cloud's totals; Both + ServerOnly + CloudOnly + Other is the number of users in the
// consumed-licenses list, and Note says so when the two differ.
type Reconcile struct {
	Consumed           int                `json:"consumed"`
	Purchased          int                `json:"purchased"`
	Over               int                `json:"over"`
	Free               int                `json:"free"`
	Both               int                `json:"both"`
	ServerOnly         int                `json:"server_only"`
	CloudOnly          int                `json:"cloud_only"`
	Other              int                `json:"other"`
	PendingInvitations int                `json:"pending_invitations"`
	ProjectedAfterSync *int               `json:"projected_after_sync"`
	CountedTwice       CountedTwiceCounts `json:"counted_twice"`

	// Listed is the number of users in the consumed-licenses list.
	Listed int `json:"-"`
	// Note says how the list differs from the cloud's total, empty when it does not.
	Note string `json:"-"`
	// ServerAccounts is how many active (not suspended) accounts the server itself
	// listed (0: unknown), the projection's source; AccountsSource says where they were read (the usage file,
	// ghe-user-csv).
	ServerAccounts int    `json:"-"`
	AccountsSource string `json:"-"`
	// ProjectionUnknown says, before the first sync, why there is no projection: the
	// accounts could not be read where they were expected (appliance mode).
	ProjectionUnknown string `json:"-"`
	// Suspended is the server's suspended users (nil: unknown): they hold no seat.
	Suspended *int `json:"-"`
	// Dormant is the server's dormant users (nil: unknown): they still hold a seat.
	Dormant *int `json:"-"`
	// LeversServer is the server Suspended and Dormant are of: one server's counts in a
	// breakdown of the whole cloud enterprise, which may list a fleet's users; empty
	// when not known.
	LeversServer string `json:"-"`
	// LeversImpossible are the levers' counts that could not be believed (Suspended or
	// Dormant nil because what was sent cannot be true): said, never shown.
	LeversImpossible []Impossible `json:"-"`
	// Findings are the people counted twice, grouped by person.
	Findings []Finding `json:"-"`
	// ProjectedFindings are, with a projection, the people who will be counted twice
	// after the first sync: the findings of the list as it will then be.
	ProjectedFindings []Finding `json:"-"`
	// Confidence counts Findings by confidence; ProjectedPeople is
	// len(ProjectedFindings). Both stay when the findings do not (Kept).
	Confidence      ConfidenceCounts `json:"-"`
	ProjectedPeople int              `json:"-"`
	// Kept marks a breakdown made from a kept Summary (FromSummary): its counts are
	// those of the findings, but Findings and ProjectedFindings are nil.
	Kept bool `json:"-"`
	// noServerUserListed and accountsListed are what the projection's words need of
	// the list and the accounts (NoServerUserListed, Accounts not nil).
	noServerUserListed, accountsListed bool
}

// CountedTwiceCounts is how many people may hold more than one license: the seats
// that could be given back, never the number of pairs.
type CountedTwiceCounts struct {
	People          int `json:"people"`
	ExactEmailSplit int `json:"exact_email_split"`
	NoVerifiedEmail int `json:"no_verified_email"`
	VSUnmatched     int `json:"vs_unmatched"`
	SAMLMismatch    int `json:"saml_mismatch"`
	Lookalike       int `json:"lookalike"`
}

// Of returns the count of one kind.
func (c CountedTwiceCounts) Of(kind string) int {
	switch kind {
	case KindExactEmailSplit:
		return c.ExactEmailSplit
	case KindNoVerifiedEmail:
		return c.NoVerifiedEmail
	case KindVSUnmatched:
		return c.VSUnmatched
	case KindSAMLMismatch:
		return c.SAMLMismatch
	case KindLookalike:
		return c.Lookalike
	}
	return 0
}

// ReconcileInput is what the breakdown is computed from. Accounts are the servers'
// own user lists where known (nil: unknown); Suspended and Dormant come from the
// server's statistics where it shares them.
type ReconcileInput struct {
	Licenses  *client.ConsumedLicenses
	Accounts  []ServerAccount
	Suspended *int
	Dormant   *int
	// Server is the host Suspended and Dormant were read from (Reconcile.LeversServer).
	Server string
	// Impossible says why Suspended or Dormant is nil when what was sent cannot be true
	// (Reconcile.LeversImpossible).
	Impossible []Impossible
	// AccountsSource is where Accounts were read; AccountsUnknown why they could not
	// be, when that is worth saying.
	AccountsSource, AccountsUnknown string
}

// NewReconcile computes the breakdown, the findings and, before any server user has
// reached the cloud, the projection.
func NewReconcile(in ReconcileInput) *Reconcile {
	cl := in.Licenses
	r := &Reconcile{Consumed: cl.TotalSeatsConsumed, Purchased: cl.TotalSeatsPurchased, Listed: len(cl.Users),
		ServerAccounts: ActiveAccounts(in.Accounts), AccountsSource: in.AccountsSource,
		noServerUserListed: NoServerUserListed(cl.Users), accountsListed: in.Accounts != nil}
	for _, u := range cl.Users {
		switch Side(u) {
		case SideBoth:
			r.Both++
		case SideServer:
			r.ServerOnly++
		case SideCloud:
			r.CloudOnly++
		default:
			r.Other++
		}
		if len(u.GithubComOrgsWithPendingInvites) > 0 {
			r.PendingInvitations++
		}
	}
	r.ProjectedAfterSync = Projection(cl, in.Accounts)
	r.Findings = CountedTwice(cl.Users, in.Accounts)
	if r.ProjectedAfterSync != nil {
		after, _ := afterFirstSync(cl, in.Accounts)
		r.ProjectedFindings = CountedTwice(after, in.Accounts)
	}
	r.ProjectedPeople = len(r.ProjectedFindings)
	r.Confidence = CountConfidence(r.Findings)
	r.CountedTwice.People = len(r.Findings)
	for _, f := range r.Findings {
		switch f.Kind {
		case KindExactEmailSplit:
			r.CountedTwice.ExactEmailSplit++
		case KindNoVerifiedEmail:
			r.CountedTwice.NoVerifiedEmail++
		case KindVSUnmatched:
			r.CountedTwice.VSUnmatched++
		case KindSAMLMismatch:
			r.CountedTwice.SAMLMismatch++
		case KindLookalike:
			r.CountedTwice.Lookalike++
		}
	}
	r.withLevers(in)
	return r
}

// withLevers completes r, whose counts are made, with what the server adds to them
// (its suspended and dormant users) and the words that follow from the counts.
func (r *Reconcile) withLevers(in ReconcileInput) {
	r.Suspended, r.Dormant, r.LeversServer, r.LeversImpossible = in.Suspended, in.Dormant, in.Server, in.Impossible
	r.Over = max(Diff(r.Consumed, r.Purchased), 0)
	r.Free = max(Diff(r.Purchased, r.Consumed), 0)
	if r.Listed != r.Consumed {
		r.Note = fmt.Sprintf("The cloud says %s consumed but lists %s people; the breakdown counts the list.", Thousands(r.Consumed), Thousands(r.Listed))
	}
	if r.ProjectedAfterSync == nil && !r.accountsListed && in.AccountsUnknown != "" && r.noServerUserListed {
		r.ProjectionUnknown = "No projection of the first sync: the server's accounts could not be read (" + in.AccountsUnknown + ")."
	}
}

// Projection is what the cloud will count after the first sync: today's total plus
// one seat per distinct primary email of an active server account that no cloud
// user has as a verified email or SAML NameID (GitHub's rule, docs in README.md).
// It is nil when the accounts are unknown or a server's users already reached the
// cloud (the total then says it).
func Projection(cl *client.ConsumedLicenses, accounts []ServerAccount) *int {
	if len(accounts) == 0 || !NoServerUserListed(cl.Users) {
		return nil
	}
	_, added := afterFirstSync(cl, accounts)
	n := Sum(cl.TotalSeatsConsumed, added)
	return &n
}

// activeAccounts counts the accounts that are not suspended: those that hold a seat.
func ActiveAccounts(accounts []ServerAccount) int {
	n := 0
	for _, a := range accounts {
		if !a.Suspended {
			n++
		}
	}
	return n
}

// NoServerUserListed reports that no server user has reached the cloud's list yet:
// before the first sync. A user is the server's when Side says so (the flag, or server
// user ids). The front ends' words for it are frontend.NoServerUsersYet's.
func NoServerUserListed(users []client.ConsumedUser) bool {
	for _, u := range users {
		if Side(u) == SideBoth || Side(u) == SideServer {
			return false
		}
	}
	return true
}

// afterFirstSync is the consumed-licenses list as the first sync will make it, by
// GitHub's rule: an active account whose primary email a cloud user has as a verified
// email or NameID joins that user; the others become one server-only user per
// distinct primary email. added is how many people the sync adds.
func afterFirstSync(cl *client.ConsumedLicenses, accounts []ServerAccount) (users []client.ConsumedUser, added int) {
	on := true
	users = append([]client.ConsumedUser(nil), cl.Users...)
	byEmail := map[string]int{}
	for i, u := range users {
		for _, e := range cloudAddresses(u) {
			if _, dup := byEmail[lower(e)]; !dup {
				byEmail[lower(e)] = i
			}
		}
	}
	// A user of cl's gets lists of its own the first time an account joins it (cl's
	// must not change), once: cloning at every account made many accounts of one
	// email quadratic.
	own := map[int]bool{}
	for _, a := range accounts {
		e := lower(a.PrimaryEmail)
		if a.Suspended || e == "" {
			continue
		}
		i, seen := byEmail[e]
		if !seen {
			i = len(users)
			byEmail[e] = i
			users = append(users, client.ConsumedUser{LicenseType: "enterprise"})
			added++
		}
		u := &users[i]
		if i < len(cl.Users) && !own[i] {
			own[i] = true
			u.EnterpriseServerUserIDs = slices.Clone(u.EnterpriseServerUserIDs)
			u.EnterpriseServerEmails = slices.Clone(u.EnterpriseServerEmails)
		}
		u.EnterpriseServerUser = client.FlexBool{V: &on}
		u.EnterpriseServerUserIDs = append(u.EnterpriseServerUserIDs, a.Key())
		u.EnterpriseServerEmails = append(u.EnterpriseServerEmails, a.PrimaryEmail)
	}
	return users, added
}

// ProjectionText says the projection in a sentence, empty without one.
func (r *Reconcile) ProjectionText() string {
	if r == nil || r.ProjectedAfterSync == nil {
		return ""
	}
	p := *r.ProjectedAfterSync
	s := "After the first sync: about " + Thousands(p) + " consumed of " + Thousands(r.Purchased) + " purchased"
	switch {
	case p > r.Purchased:
		s += ": " + Thousands(Diff(p, r.Purchased)) + " over"
	case p < r.Purchased:
		s += ": " + Thousands(Diff(r.Purchased, p)) + " free"
	}
	from := ""
	if r.AccountsSource == AccountsFromUserCSV {
		from = ", read with " + AccountsFromUserCSV
	}
	s += " (from " + Thousands(r.ServerAccounts) + " server accounts" + from + ")"
	if n := r.ProjectedPeople; n > 0 {
		s += "; " + Thousands(n) + " people would be counted twice, fixable before it"
	}
	return s + "."
}

// Where the server accounts of a Reconcile came from (Reconcile.AccountsSource): the
// appliance's usage file, or its user list utility.
const (
	AccountsFromUsageFile = "the usage file"
	AccountsFromUserCSV   = "ghe-user-csv"
)
