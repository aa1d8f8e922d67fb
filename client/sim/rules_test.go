package sim

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// naiveConsumed counts unique people the slow, obvious way, straight from the
// seeded data: every cloud member, plus every non-suspended server user whose
// primary email is none of any member's verified emails (ignoring case), once
// per distinct primary email.
func naiveConsumed(w *world, synced bool) int {
	count := len(w.cloud)
	if !synced {
		return count
	}
	var unmatched []string
	for _, u := range w.server {
		if u.suspended {
			continue
		}
		matched := false
		for _, c := range w.cloud {
			for _, e := range c.verifiedEmails {
				if strings.EqualFold(e, u.primaryEmail) {
					matched = true
				}
			}
		}
		for _, e := range unmatched {
			if strings.EqualFold(e, u.primaryEmail) {
				matched = true
			}
		}
		if !matched {
			unmatched = append(unmatched, u.primaryEmail)
		}
	}
	return count + len(unmatched)
}

func TestDedupBeforeAndAfterSync(t *testing.T) {
	s, clock := newTestSim(t, Options{Seed: 7})
	before, _ := allConsumed(t, s)
	if want := naiveConsumed(s.w, false); before.TotalSeatsConsumed != want || len(before.Users) != want {
		t.Fatalf("before sync: consumed %d (%d users), want %d", before.TotalSeatsConsumed, len(before.Users), want)
	}
	for _, u := range before.Users {
		if u.EnterpriseServerUser || len(u.EnterpriseServerUserIDs) > 0 {
			t.Fatalf("server account counted before any sync: %+v", u)
		}
	}

	enableSync(t, s)
	wantStatus(t, do(t, s, http.MethodPost, pathSync, ServerAdminToken, ""), http.StatusAccepted)
	clock.Advance(4 * time.Second)
	after, pages := allConsumed(t, s)
	want := naiveConsumed(s.w, true)
	if after.TotalSeatsConsumed != want || len(after.Users) != want {
		t.Fatalf("after sync: consumed %d (%d users), want %d", after.TotalSeatsConsumed, len(after.Users), want)
	}
	if pages != (want+99)/100 {
		t.Errorf("%d pages for %d users", pages, want)
	}

	// Every non-suspended server user appears exactly once; suspended ones never.
	seen := map[string]int{}
	cloudLocal := map[string]bool{}
	for _, c := range s.w.cloud {
		for _, e := range c.verifiedEmails {
			cloudLocal[strings.ToLower(strings.Split(e, "@")[0])] = true
		}
	}
	twice := 0
	for _, u := range after.Users {
		for _, id := range u.EnterpriseServerUserIDs {
			seen[id]++
		}
		if !u.GithubComUser && len(u.EnterpriseServerEmails) > 0 && cloudLocal[strings.ToLower(strings.Split(u.EnterpriseServerEmails[0], "@")[0])] {
			twice++ // the same person, another email on each side
		}
	}
	for _, u := range s.w.server {
		id := "ghes.acme.test:" + strconv.FormatInt(u.id, 10)
		if u.suspended && seen[id] != 0 {
			t.Errorf("suspended user %s counted", u.login)
		}
		if !u.suspended && seen[id] != 1 {
			t.Errorf("user %s counted %d times", u.login, seen[id])
		}
	}
	if s.w.suspendedUsers == 0 {
		t.Error("the seeded world has no suspended users")
	}
	if twice == 0 {
		t.Error("no one is counted twice")
	}
}

// sharedMatched counts active server users whose primary email is verified on a
// cloud account (naively).
func sharedMatched(w *world) int {
	n := 0
	for _, u := range w.server {
		if u.suspended {
			continue
		}
		for _, c := range w.cloud {
			for _, e := range c.verifiedEmails {
				if strings.EqualFold(e, u.primaryEmail) {
					n++
				}
			}
		}
	}
	return n
}

func TestSeededWorldShape(t *testing.T) {
	s, _ := newTestSim(t, Options{Seed: 3, Users: 2000, CloudUsers: 1500})
	w := s.w
	shared := sharedMatched(w)
	if shared < 600 || shared > 900 {
		t.Errorf("%d active server users match a cloud member; want about 60%% of 1500 less mismatches", shared)
	}
	if pct := float64(w.suspendedUsers) / float64(len(w.server)); pct < 0.01 || pct > 0.06 {
		t.Errorf("suspended share %.3f", pct)
	}
	if w.adminUsers < 2 || w.dormantUsers == 0 {
		t.Errorf("admins %d dormant %d", w.adminUsers, w.dormantUsers)
	}
	// Some people use another domain on the server than in the cloud.
	local := map[string]bool{}
	for _, c := range w.cloud {
		for _, e := range c.domainEmails {
			local[strings.Split(e, "@")[0]] = true
		}
	}
	other := 0
	for _, u := range w.server {
		l, domain, _ := strings.Cut(u.primaryEmail, "@")
		if domain == "acme-corp.test" && local[l] {
			other++
		}
	}
	if other == 0 {
		t.Error("no one uses acme-corp.test on the server and acme.test in the cloud")
	}
	vs := 0
	for _, c := range w.cloud {
		if c.vsSubscriber {
			vs++
		}
	}
	if vs == 0 {
		t.Error("no Visual Studio subscribers")
	}
}

func TestLicenseAndStats(t *testing.T) {
	s, _ := newTestSim(t, Options{Seed: 1, ServerSeats: 500, LicenseExpiresIn: 30 * 24 * time.Hour})
	lic := decode[map[string]any](t, do(t, s, http.MethodGet, "/api/v3/enterprise/settings/license", ServerAdminToken, ""))
	if lic["seats"].(float64) != 500 || int(lic["seats_used"].(float64)) != s.w.activeUsers ||
		int(lic["seats_available"].(float64)) != 500-s.w.activeUsers || lic["days_until_expiration"].(float64) != 30 {
		t.Errorf("license %v", lic)
	}
	if _, err := time.Parse(licenseTimeLayout, lic["expire_at"].(string)); err != nil {
		t.Errorf("expire_at: %v", err)
	}
	stats := decode[map[string]map[string]int](t, do(t, s, http.MethodGet, "/api/v3/enterprise/stats/all", ServerAdminToken, ""))
	if u := stats["users"]; u["total_users"] != 300 || u["suspended_users"] != s.w.suspendedUsers || u["admin_users"] != s.w.adminUsers {
		t.Errorf("users block %v", u)
	}
	for _, block := range []string{"repos", "hooks", "pages", "orgs", "pulls", "issues", "milestones", "gists", "comments"} {
		if len(stats[block]) == 0 {
			t.Errorf("missing %s block", block)
		}
	}
	un, _ := newTestSim(t, Options{ServerSeats: Unlimited})
	lic = decode[map[string]any](t, do(t, un, http.MethodGet, "/api/v3/enterprise/settings/license", ServerAdminToken, ""))
	if lic["seats"] != "unlimited" || lic["seats_available"] != "unlimited" || lic["kind"] != "evaluation" {
		t.Errorf("unlimited license %v", lic)
	}
	meta := decode[map[string]any](t, do(t, s, http.MethodGet, "/api/v3/meta", "", ""))
	if meta["installed_version"] != "3.22.0" {
		t.Errorf("meta %v", meta)
	}
	me := do(t, s, http.MethodGet, "/api/v3/user", ServerAdminToken, "")
	if v := decode[map[string]any](t, me); v["site_admin"] != true || me.Header().Get("X-OAuth-Scopes") == "" {
		t.Errorf("user %v %v", v, me.Header())
	}
}
