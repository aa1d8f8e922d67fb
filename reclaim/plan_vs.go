package reclaim

import (
	"slices"
	"strconv"
	"strings"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/seats"
)

// planVS adds a manual match per unmatched Visual Studio subscription for which the
// product's own evidence, the counted-twice finder's vs_unmatched findings, names
// exactly one GitHub account; the others are listed as not touched, with why.
func (p *Plan) planVS(facts Facts, keep map[string]bool) {
	for _, sub := range facts.VSUnmatched {
		target := sub.Email
		if target == "" {
			target = "subscription " + strconv.FormatInt(sub.ID, 10)
		}
		skip := func(rule, why string) {
			p.Skipped = append(p.Skipped, Skip{Lever: LeverVS, Target: target, Rule: rule, Why: why})
		}
		evidence := vsEvidence(facts.Findings, sub.Email)
		logins := map[string]bool{}
		for _, fd := range evidence {
			logins[strings.ToLower(fd.CloudLogin)] = true
		}
		switch {
		case len(logins) == 0:
			skip(SkipNoEvidence, "unmatched, and the counted-twice finder names no account for it: match it by hand once you know whose it is")
		case len(logins) > 1:
			skip(SkipAmbiguous, "unmatched, and the counted-twice finder names more than one account for it: match it by hand")
		case keep[strings.ToLower(evidence[0].CloudLogin)]:
			skip(SkipKeep, "the account "+evidence[0].CloudLogin+" is in the keep list")
		default:
			fd := evidence[0]
			p.Actions = append(p.Actions, Action{ID: KindMatchVS + ":" + strconv.FormatInt(sub.ID, 10), Lever: LeverVS, Kind: KindMatchVS,
				Target: fd.CloudLogin, Email: sub.Email, SubscriptionID: sub.ID, Why: "evidence: " + fd.Why, CloudSeat: 1,
				CloudNote: "a cloud seat at once: the subscription and " + fd.CloudLogin + " become one person"})
		}
	}
}

// vsEvidence are the vs_unmatched findings about the subscription of email that name
// a cloud account.
func vsEvidence(findings []seats.Finding, email string) []seats.Finding {
	var out []seats.Finding
	if strings.TrimSpace(email) == "" {
		return nil
	}
	for _, fd := range findings {
		if fd.Kind == seats.KindVSUnmatched && fd.CloudLogin != "" &&
			slices.ContainsFunc(fd.ServerEmails, func(e string) bool { return strings.EqualFold(e, email) }) {
			out = append(out, fd)
		}
	}
	return out
}

// VSFindings runs the counted-twice finder over the consumed licenses, the evidence
// the Visual Studio lever needs (Facts.Findings); nil when they are unknown.
func VSFindings(cl *client.ConsumedLicenses) []seats.Finding {
	if cl == nil {
		return nil
	}
	return seats.CountedTwice(cl.Users, nil)
}
