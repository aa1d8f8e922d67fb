package seats

import (
	"fmt"
	"strings"

	"github.com/licensesync/licensesync/client/textsafe"
)

// BreakdownLine is one number of the breakdown with what it means, so that every
// screen and report says the same (README.md "Where the seats go").
type BreakdownLine struct {
	Label   string
	N       int
	Known   bool // false: the source could not be read; N is 0
	Meaning string
	// Lever marks a server's own count (suspended, dormant): the label names the server
	// (Reconcile.LeversServer) when known, as the rest counts the whole cloud enterprise.
	Lever bool
	// Impossible, for a lever that is not Known because what was sent cannot be true,
	// says so in place of the number: "impossible (-5 from the server's user counts)".
	Impossible string
}

// Lines is the breakdown in words: the cloud's total, where its seats go, the people
// counted twice and the server's levers, each with its meaning.
func (r *Reconcile) Lines() []BreakdownLine {
	lever := func(label string, n *int, field, meaning string) BreakdownLine {
		label += r.OnLeversServer()
		if n == nil {
			l := BreakdownLine{Label: label, Meaning: "unknown: " + meaning, Lever: true}
			if i, ok := ImpossibleOf(r.LeversImpossible, field); ok {
				l.Impossible = i.Words()
			}
			return l
		}
		return BreakdownLine{Label: label, N: *n, Known: true, Meaning: meaning, Lever: true}
	}
	count := func(label string, n int, meaning string) BreakdownLine {
		return BreakdownLine{Label: label, N: n, Known: true, Meaning: meaning}
	}
	lines := []BreakdownLine{
		count("consumed", r.Consumed, "seats the cloud counts, "+r.versusPurchased(r.Consumed)),
		count("on both sides", r.Both, "on a server and in the cloud, matched: 1 seat each"),
		count("server only", r.ServerOnly, "server users no cloud account matched"),
		count("cloud only", r.CloudOnly, "cloud members no server user matched"),
		count("other", r.Other, "neither, e.g. a Visual Studio subscription alone"),
		count("pending invites", r.PendingInvitations, "invited to an org, not joined: hold seats (above)"),
		count("counted twice", r.CountedTwice.People, "people holding 2 seats: each fix frees 1"),
		lever("suspended", r.Suspended, FieldUsersSuspended, "server users suspended: they hold no seat"),
		lever("dormant", r.Dormant, FieldUsersDormant, "server users dormant: hold seats; suspend to free"),
	}
	return lines
}

// OnLeversServer is " on HOST" for the server the suspended and dormant counts are of,
// empty when it is not known.
func (r *Reconcile) OnLeversServer() string {
	if r.LeversServer == "" {
		return ""
	}
	return " on " + textsafe.Sanitize(r.LeversServer)
}

// versusPurchased says n against the purchased seats: "of 3,300 purchased: 40 OVER".
func (r *Reconcile) versusPurchased(n int) string {
	s := "of " + Thousands(r.Purchased) + " purchased"
	switch {
	case n > r.Purchased:
		return s + ": " + Thousands(Diff(n, r.Purchased)) + " OVER"
	case n < r.Purchased:
		return s + ": " + Thousands(Diff(r.Purchased, n)) + " free"
	}
	return s + ": all in use"
}

// AfterFixesText says where the total would be with every person counted twice
// fixed, empty when nobody is.
func (r *Reconcile) AfterFixesText() string {
	if r.CountedTwice.People == 0 {
		return ""
	}
	n := Diff(r.Consumed, r.CountedTwice.People)
	who := "the " + Thousands(r.CountedTwice.People) + " people"
	if r.CountedTwice.People == 1 {
		who = "the 1 person"
	}
	return fmt.Sprintf("Fixing %s counted twice would bring it to %s, %s.", who, Thousands(n), r.versusPurchased(n))
}

// CountedTwiceSummary says how sure the counted-twice people are, e.g.
// "12 certain, 3 likely, 40 guesses" (people, not pairs).
func (r *Reconcile) CountedTwiceSummary() string { return r.Confidence.String() }

// ConfidenceSummary counts findings by confidence, e.g. "1 certain, 0 likely, 2 guesses".
func ConfidenceSummary(findings []Finding) string { return CountConfidence(findings).String() }

// ConfidenceCounts is how many findings are of each confidence.
type ConfidenceCounts struct {
	Certain int `json:"certain"`
	Likely  int `json:"likely"`
	Guesses int `json:"guesses"`
}

// CountConfidence counts findings by confidence.
func CountConfidence(findings []Finding) ConfidenceCounts {
	var c ConfidenceCounts
	for _, f := range findings {
		switch f.Confidence {
		case ConfidenceCertain:
			c.Certain++
		case ConfidenceLikely:
			c.Likely++
		default:
			c.Guesses++
		}
	}
	return c
}

// String is the counts in words, e.g. "1 certain, 0 likely, 2 guesses".
func (c ConfidenceCounts) String() string {
	g := "guesses"
	if c.Guesses == 1 {
		g = "guess"
	}
	return fmt.Sprintf("%s certain, %s likely, %s %s", Thousands(c.Certain), Thousands(c.Likely), Thousands(c.Guesses), g)
}

// KindTitle is a kind in words, for people.
func KindTitle(kind string) string {
	return map[string]string{
		KindExactEmailSplit: "same email, counted twice",
		KindNoVerifiedEmail: "no verified-domain email",
		KindVSUnmatched:     "Visual Studio not matched",
		KindSAMLMismatch:    "SAML NameID differs",
		KindLookalike:       "names look alike",
	}[kind]
}

// KindRule is GitHub's rule behind a kind, one sentence (README.md "Where the seats go").
func KindRule(kind string) string {
	return map[string]string{
		KindExactEmailSplit: "Only the server's primary email is matched, and only at the next sync.",
		KindNoVerifiedEmail: "A member without a verified-domain email cannot be matched at all.",
		KindVSUnmatched:     "A subscriber's UPN must equal a verified email on their GitHub account.",
		KindSAMLMismatch:    "With SAML/SCIM the primary email is compared with NameID/emails first.",
		KindLookalike:       "Names or email local parts look alike: a guess; check before changing.",
	}[kind]
}

// KindConfidence is how sure the findings of a kind are.
func KindConfidence(kind string) string {
	switch kind {
	case KindSAMLMismatch:
		return ConfidenceLikely
	case KindLookalike:
		return ConfidenceGuess
	}
	return ConfidenceCertain
}

// FindingCSVHeader is the header of findings as CSV: the JSON contract's fields, lists
// joined with ";".
var FindingCSVHeader = []string{"kind", "confidence", "server_user_ids", "server_emails", "cloud_login", "cloud_emails", "why", "fix"}

// FindingCSVRecord is one finding as a CSV record (FindingCSVHeader); a writer still
// neutralises formulas.
func FindingCSVRecord(f Finding) []string {
	return []string{f.Kind, f.Confidence, strings.Join(f.ServerUserIDs, ";"), strings.Join(f.ServerEmails, ";"),
		f.CloudLogin, strings.Join(f.CloudEmails, ";"), f.Why, f.Fix}
}
