package seats

// Summary is a breakdown without its findings and without what the server adds to it
// (its suspended and dormant users): every count of the consumed-licenses list and the
// server's accounts that status, check and the exporter say, small enough to keep next
// to the snapshot (client/status keeps it) so that a warm status need not count again.
type Summary struct {
	Consumed           int                `json:"consumed"`
	Purchased          int                `json:"purchased"`
	Listed             int                `json:"listed"`
	Both               int                `json:"both"`
	ServerOnly         int                `json:"server_only"`
	CloudOnly          int                `json:"cloud_only"`
	Other              int                `json:"other"`
	PendingInvitations int                `json:"pending_invitations"`
	ProjectedAfterSync *int               `json:"projected_after_sync"`
	CountedTwice       CountedTwiceCounts `json:"counted_twice"`
	Confidence         ConfidenceCounts   `json:"confidence"`
	ProjectedPeople    int                `json:"projected_people"`
	ServerAccounts     int                `json:"server_accounts"`
	AccountsSource     string             `json:"accounts_source"`
	AccountsListed     bool               `json:"accounts_listed"`
	NoServerUserListed bool               `json:"no_server_user_listed"`
}

// Summary is r's counts, to be kept.
func (r *Reconcile) Summary() Summary {
	return Summary{Consumed: r.Consumed, Purchased: r.Purchased, Listed: r.Listed, Both: r.Both, ServerOnly: r.ServerOnly,
		CloudOnly: r.CloudOnly, Other: r.Other, PendingInvitations: r.PendingInvitations, ProjectedAfterSync: r.ProjectedAfterSync,
		CountedTwice: r.CountedTwice, Confidence: r.Confidence, ProjectedPeople: r.ProjectedPeople, ServerAccounts: r.ServerAccounts,
		AccountsSource: r.AccountsSource, AccountsListed: r.accountsListed, NoServerUserListed: r.noServerUserListed}
}

// FromSummary is the breakdown NewReconcile made of the inputs s was kept from, with
// in's server additions (in.Licenses and in.Accounts are not used): the same counts
// and words, without the findings themselves (Kept).
func FromSummary(s Summary, in ReconcileInput) *Reconcile {
	r := &Reconcile{Consumed: s.Consumed, Purchased: s.Purchased, Listed: s.Listed, Both: s.Both, ServerOnly: s.ServerOnly,
		CloudOnly: s.CloudOnly, Other: s.Other, PendingInvitations: s.PendingInvitations, ProjectedAfterSync: s.ProjectedAfterSync,
		CountedTwice: s.CountedTwice, Confidence: s.Confidence, ProjectedPeople: s.ProjectedPeople, ServerAccounts: s.ServerAccounts,
		AccountsSource: s.AccountsSource, accountsListed: s.AccountsListed, noServerUserListed: s.NoServerUserListed, Kept: true}
	r.withLevers(in)
	return r
}

// Consistent reports whether s could have been made by Summary: no count negative, the
// sides adding up to the list, the people counted twice to their kinds and to their
// confidences. A kept summary that is not (a damaged or altered file) is counted again.
func (s Summary) Consistent() bool {
	t := s.CountedTwice
	for _, n := range []int{s.Consumed, s.Purchased, s.Listed, s.Both, s.ServerOnly, s.CloudOnly, s.Other, s.PendingInvitations,
		t.People, t.ExactEmailSplit, t.NoVerifiedEmail, t.VSUnmatched, t.SAMLMismatch, t.Lookalike,
		s.Confidence.Certain, s.Confidence.Likely, s.Confidence.Guesses, s.ProjectedPeople, s.ServerAccounts} {
		if n < 0 {
			return false
		}
	}
	if s.ProjectedAfterSync != nil && *s.ProjectedAfterSync < 0 {
		return false
	}
	sides := Sum(Sum(s.Both, s.ServerOnly), Sum(s.CloudOnly, s.Other))
	kinds := Sum(Sum(Sum(t.ExactEmailSplit, t.NoVerifiedEmail), Sum(t.VSUnmatched, t.SAMLMismatch)), t.Lookalike)
	sure := Sum(Sum(s.Confidence.Certain, s.Confidence.Likely), s.Confidence.Guesses)
	return sides == s.Listed && kinds == t.People && sure == t.People && s.PendingInvitations <= s.Listed
}
