package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client/sim"
)

// cloudPlan is the part of `reclaim --json` the cloud levers' test reads.
type cloudPlan struct {
	Actions []struct {
		ID             string `json:"id"`
		Kind           string `json:"kind"`
		Target         string `json:"target"`
		Org            string `json:"org"`
		InvitationID   int64  `json:"invitation_id"`
		SubscriptionID int64  `json:"subscription_id"`
		Why            string `json:"why"`
		CloudNote      string `json:"cloud_note"`
	} `json:"actions"`
	Unavailable []struct {
		Lever, Target, Why string
	} `json:"unavailable"`
}

// pendingInvitees reads org's pending invitations straight from the sim: login or
// email of each.
func (p *inProcSim) pendingInvitees(t *testing.T, org string) map[string]bool {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "http://sim.test/cloud/api/v3/orgs/"+org+"/invitations?per_page=100", nil)
	req.Header.Set("Authorization", "token "+sim.CloudAdminToken)
	rec := httptest.NewRecorder()
	p.Handler().ServeHTTP(rec, req)
	var invs []struct {
		Login, Email *string
	}
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &invs) != nil {
		t.Fatalf("reading %s's invitations from the sim: %d %s", org, rec.Code, rec.Body)
	}
	out := map[string]bool{}
	for _, i := range invs {
		switch {
		case i.Login != nil:
			out[*i.Login] = true
		case i.Email != nil:
			out[*i.Email] = true
		}
	}
	return out
}

// cloudReclaimWorld is a small enterprise whose stale invitations include one of a
// member by login in an organization that answers, besides the outsiders' by email.
var cloudReclaimWorld = sim.Options{Seed: 27, Users: 60, CloudUsers: 40}

func TestReclaimCancelsStaleInvitationsMatchesVisualStudioOnceAndUndoes(t *testing.T) {
	p := startInProcSim(t, baseEnv(t), cloudReclaimWorld, nil)
	levers := []string{"--invitations", "--vs", "--invitations-older-than", "3d"}
	planned := runBin(t, p.env, append([]string{"reclaim", "--json"}, levers...)...)
	var plan cloudPlan
	if err := json.Unmarshal([]byte(planned.stdout), &plan); err != nil || planned.code != 0 {
		t.Fatalf("plan: %v\n%s", err, planned)
	}
	cancels, matches := map[string]string{}, map[string]string{} // by-target counter → invitee or login
	for _, a := range plan.Actions {
		switch a.Kind {
		case "cancel_invitation":
			cancels["DELETE cloud orgs/"+a.Org+"/invitations/"+strconv.FormatInt(a.InvitationID, 10)] = a.Org + " " + a.Target
			if !strings.Contains(a.Why, "invited by") || a.CloudNote == "" {
				t.Errorf("%s: the plan must say the age, the inviter and what it frees: %+v", a.ID, a)
			}
		case "match_vs":
			matches["PUT cloud enterprises/acme-cloud/visual-studio-subscriptions/"+strconv.FormatInt(a.SubscriptionID, 10)] = a.Target
			if !strings.Contains(a.Why, "evidence") {
				t.Errorf("%s: a match must say its evidence: %+v", a.ID, a)
			}
		default:
			t.Errorf("--invitations --vs planned a %s", a.Kind)
		}
	}
	byLogin := 0
	for _, what := range cancels {
		if !strings.Contains(what, "@") {
			byLogin++
		}
	}
	if len(cancels) == 0 || byLogin == 0 || len(matches) != 1 {
		t.Fatalf("want stale invitations (one by login) and one match planned, got %d (%d by login) and %d:\n%s", len(cancels), byLogin, len(matches), planned)
	}
	refused := map[string]string{}
	for _, u := range plan.Unavailable {
		refused[u.Target] = u.Why
	}
	if !strings.Contains(refused["acme-labs"], "single sign-on") || !strings.Contains(refused["acme-design"], "IP allow list") {
		t.Errorf("the SSO and IP allow list organizations must be listed with what to do: %+v", plan.Unavailable)
	}
	if w := p.Stats().ByTarget; len(w) != 0 {
		t.Fatalf("planning wrote to the sim: %v", w)
	}

	applied := runBin(t, p.env, append([]string{"reclaim", "--apply", "--yes"}, levers...)...)
	if applied.code != 0 || !strings.Contains(applied.stdout, "0 refused, 0 failed") {
		t.Fatalf("apply:\n%s", applied)
	}
	// The organizations that refused while planning (SSO, an IP allow list) are counted.
	if !strings.Contains(applied.stdout, "Not planned: 2 refused while planning") {
		t.Errorf("the apply's summary does not count the refusals met while planning:\n%s", applied.stdout)
	}
	writes := p.Stats().ByTarget
	for target, what := range cancels {
		if writes[target] != 1 {
			t.Errorf("%s (%s): %d writes, want exactly 1", target, what, writes[target])
		}
		org, invitee, _ := strings.Cut(what, " ")
		if p.pendingInvitees(t, org)[invitee] {
			t.Errorf("%s is still invited to %s after the apply", invitee, org)
		}
	}
	for target := range matches {
		if writes[target] != 1 {
			t.Errorf("%s: %d writes, want exactly 1", target, writes[target])
		}
	}
	if len(writes) != len(cancels)+len(matches) {
		t.Errorf("writes %v, want one per planned action", writes)
	}

	before := p.Stats().Writes
	again := runBin(t, p.env, append([]string{"reclaim", "--apply", "--yes"}, levers...)...)
	if again.code != 0 || !strings.Contains(again.stdout, "Nothing to reclaim") || p.Stats().Writes != before {
		t.Fatalf("a second apply wrote %d times:\n%s", p.Stats().Writes-before, again)
	}

	undo := runBin(t, p.env, "reclaim", "--undo", "--yes")
	if undo.code != 0 || !strings.Contains(undo.stdout, "new invitation") {
		t.Fatalf("undo:\n%s", undo)
	}
	writes = p.Stats().ByTarget
	for target, what := range cancels {
		org, invitee, _ := strings.Cut(what, " ")
		if !p.pendingInvitees(t, org)[invitee] {
			t.Errorf("%s (%s) is not invited again after the undo", invitee, target)
		}
	}
	for target := range matches {
		if unmatch := strings.Replace(target, "PUT", "DELETE", 1); writes[unmatch] != 1 {
			t.Errorf("%s: %d writes, want the match removed exactly once", unmatch, writes[unmatch])
		}
	}
	if rematch := runBin(t, p.env, "reclaim", "--json", "--vs"); !strings.Contains(rematch.stdout, `"match_vs"`) {
		t.Errorf("after the undo the subscription should be unmatched and planned again:\n%s", rematch)
	}

	hist := runBin(t, p.env, "reclaim", "--history", "--json")
	var runs []struct {
		Kind     string
		Done     int
		Finished bool
	}
	if err := json.Unmarshal([]byte(hist.stdout), &runs); err != nil || len(runs) != 2 || runs[0].Kind != "apply" ||
		runs[1].Kind != "undo" || runs[1].Done != len(cancels)+len(matches) || !runs[1].Finished {
		t.Fatalf("history: %v %+v\n%s", err, runs, hist)
	}
}

// TestReclaimCloudWriteWithLostAnswerIsReadBackNotResent loses the answers of the first
// two cancellations (the sim applies them, then cuts the connection): each is read back,
// counted done, and never sent again.
func TestReclaimCloudWriteWithLostAnswerIsReadBackNotResent(t *testing.T) {
	opts := cloudReclaimWorld
	opts.LostWriteReplies = 2
	p := startInProcSim(t, baseEnv(t), opts, nil)
	applied := runBin(t, p.env, "reclaim", "--invitations", "--invitations-older-than", "3d", "--apply", "--yes", "--json")
	var res struct {
		Outcomes []struct {
			Action struct {
				Org          string `json:"org"`
				InvitationID int64  `json:"invitation_id"`
			} `json:"action"`
			Outcome string `json:"outcome"`
		} `json:"outcomes"`
	}
	if err := json.Unmarshal([]byte(applied.stdout), &res); err != nil || len(res.Outcomes) < 3 {
		t.Fatalf("apply: %v\n%s", err, applied)
	}
	writes := p.Stats().ByTarget
	for _, o := range res.Outcomes {
		target := "DELETE cloud orgs/" + o.Action.Org + "/invitations/" + strconv.FormatInt(o.Action.InvitationID, 10)
		if o.Outcome != "done" || writes[target] != 1 {
			t.Errorf("%s: outcome %s after %d writes, want done after exactly 1", target, o.Outcome, writes[target])
		}
	}
	if st := p.Stats(); st.LostReplies != 2 {
		t.Errorf("the sim lost %d answers, want 2", st.LostReplies)
	}
}
