package sim

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHostileNamesKeepTheRulesAndCarryEveryPayload(t *testing.T) {
	clean, _ := newTestSim(t, Options{Users: 120, CloudUsers: 80, LicenseSyncEnabled: true})
	hostile, _ := newTestSim(t, Options{Users: 120, CloudUsers: 80, LicenseSyncEnabled: true, HostileNames: true})
	a, _ := allConsumed(t, clean)
	b, _ := allConsumed(t, hostile)
	if a.TotalSeatsConsumed != b.TotalSeatsConsumed {
		t.Fatalf("hostile names changed who matches whom: %d consumed, clean %d", b.TotalSeatsConsumed, a.TotalSeatsConsumed)
	}
	var decoded strings.Builder
	for _, u := range b.Users {
		decoded.WriteString(u.GithubComLogin)
		if u.GithubComName != nil {
			decoded.WriteString(*u.GithubComName)
		}
		decoded.WriteString(strings.Join(u.EnterpriseServerEmails, ""))
	}
	for _, p := range HostilePayloads {
		if !strings.Contains(decoded.String(), p) {
			t.Errorf("payload %q not served", p)
		}
	}
	// The demo tokens still work: their users are never renamed.
	if rec := do(t, hostile, http.MethodGet, "/api/v3/user", ServerAdminToken, ""); rec.Code != http.StatusOK || strings.ContainsAny(rec.Body.String(), "\x1b\r") {
		t.Fatalf("the admin's own user: %d %q", rec.Code, rec.Body)
	}
}

func TestLostWriteReplyAppliesTheChange(t *testing.T) {
	s, _ := newTestSim(t, Options{Users: 20, CloudUsers: 10, LostWriteReplies: 1})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodPatch, srv.URL+"/api/v3/enterprises/acme/settings/github-connect", strings.NewReader(`{"features":{"license_sync":"enabled"}}`))
	req.Header.Set("Authorization", "token "+ServerAdminToken)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("want a dropped connection, got %d", resp.StatusCode)
	}
	rec := do(t, s, http.MethodGet, pathConnect, ServerAdminToken, "")
	if !strings.Contains(rec.Body.String(), `"license_sync":"enabled"`) {
		t.Fatalf("the write was not applied: %s", rec.Body)
	}
	if st := s.Stats(); st.LostReplies != 1 || st.Writes != 1 {
		t.Fatalf("stats: %+v", st)
	}
}

func TestLatencySpikesAreCounted(t *testing.T) {
	s, _ := newTestSim(t, Options{Users: 20, CloudUsers: 10, SpikeRate: 1, SpikeLatency: 1})
	do(t, s, http.MethodGet, "/api/v3/meta", "", "")
	if st := s.Stats(); st.Spikes != 1 {
		t.Fatalf("spikes: %+v", st)
	}
}
