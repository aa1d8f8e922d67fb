package client

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client/replay"
)

// decoders are every decoder of outside data, by name; each takes a body and returns
// the decoded value or an error.
var decoders = map[string]func([]byte) (any, error){
	"license": func(b []byte) (any, error) { return decodeLicense(b) },
	"consumed-page": func(b []byte) (any, error) {
		var v ConsumedLicenses
		return &v, decodeLenient(b, &v)
	},
	"license-sync-status": func(b []byte) (any, error) {
		var v LicenseSyncStatus
		return &v, decodeLenient(b, &v)
	},
	"connect-settings": func(b []byte) (any, error) {
		var v ConnectSettings
		return &v, decodeLenient(b, &v)
	},
	"sync-job": func(b []byte) (any, error) {
		var v SyncJob
		return &v, decodeLenient(b, &v)
	},
	"upload-result": func(b []byte) (any, error) {
		var v UploadResult
		return &v, decodeLenient(b, &v)
	},
}

// TestEveryExampleThroughEveryDecoder replays every example of every extract, the
// Manage API ones (arrays where objects are declared, a "supportKey\"" key) included,
// through every decoder: none may panic, objects must decode, and the result must
// encode again.
func TestEveryExampleThroughEveryDecoder(t *testing.T) {
	count := 0
	for _, name := range replay.Names() {
		exs, err := replay.Examples(name)
		if err != nil {
			t.Fatal(err)
		}
		for exName, body := range exs {
			count++
			var probe any
			if err := json.Unmarshal(body, &probe); err != nil {
				t.Fatalf("%s %s: example is not JSON: %v", name, exName, err)
			}
			_, isObject := probe.(map[string]any)
			for dname, decode := range decoders {
				v, err := decode(body)
				if isObject && err != nil {
					t.Errorf("%s %s via %s: %v", name, exName, dname, err)
				}
				if !isObject && err == nil {
					t.Errorf("%s %s via %s: an array decoded without error", name, exName, dname)
				}
				if err == nil {
					if _, err := json.Marshal(v); err != nil {
						t.Errorf("%s %s via %s: re-encode: %v", name, exName, dname, err)
					}
				}
			}
		}
	}
	if count < 8 {
		t.Errorf("only %d examples found in the extracts", count)
	}
}

func TestConsumedExampleDecodesEveryField(t *testing.T) {
	var got ConsumedLicenses
	if err := decodeLenient(replay.Example("ghec-consumed-licenses"), &got); err != nil {
		t.Fatal(err)
	}
	if got.TotalSeatsConsumed != 5000 || got.TotalSeatsPurchased != 4500 || len(got.Users) != 2 {
		t.Fatalf("got %+v", got)
	}
	m := got.Users[0]
	if m.GithubComName == nil || *m.GithubComName != "Mona Lisa" || m.GithubComProfile == nil || m.LicenseType != "enterprise" ||
		!m.GithubComUser.True() || !m.EnterpriseServerUser.True() || m.VisualStudioSubscriptionUser.True() ||
		len(m.GithubComMemberRoles) != 2 || len(m.GithubComOrgsWithPendingInvites) != 2 || *m.GithubComSamlNameID != "monalisa" ||
		m.VisualStudioLicenseStatus == nil || *m.VisualStudioLicenseStatus != "" {
		t.Errorf("monalisa = %+v", m)
	}
	h := got.Users[1]
	if h.GithubComLogin != "" || h.GithubComUser.True() || h.GithubComTwoFactorAuth.V != nil || h.TotalUserAccounts != 1 ||
		len(h.EnterpriseServerUserIDs) != 1 || h.EnterpriseServerUserIDs[0] != "example_host_name:123" {
		t.Errorf("second user = %+v", h)
	}
}

func TestLicenseDecodeKeepsGoodFieldsAroundABadOne(t *testing.T) {
	for name, tc := range map[string]struct {
		body string
		want License
	}{
		"seats an object": {
			`{"seats":{"n":1},"seats_used":7,"seats_available":3,"kind":"standard","days_until_expiration":9,"expire_at":"2026-01-02"}`,
			License{SeatsUsed: 7, SeatsAvailable: Seats{N: 3}, Kind: "standard", DaysUntilExpiration: 9, SeatsSent: `{"n":1}`},
		},
		"numbers as strings": {
			`{"seats":"10","seats_used":"7","seats_available":3,"kind":"standard","days_until_expiration":"9","expire_at":"2026-01-02"}`,
			License{Seats: Seats{N: 10}, SeatsUsed: 7, SeatsAvailable: Seats{N: 3}, Kind: "standard", DaysUntilExpiration: 9},
		},
		"odd date": {
			`{"seats":10,"seats_used":7,"seats_available":3,"kind":"standard","days_until_expiration":9,"expire_at":"soon"}`,
			License{Seats: Seats{N: 10}, SeatsUsed: 7, SeatsAvailable: Seats{N: 3}, Kind: "standard", DaysUntilExpiration: 9},
		},
		// Year 10000 in UTC (found by FuzzDecodeLicense): no JSON output could carry it.
		"odd date past 9999 in UTC": {
			`{"seats":10,"seats_used":7,"seats_available":3,"kind":"standard","days_until_expiration":9,"expire_at":"9999-12-31T23:59:59-01:00"}`,
			License{Seats: Seats{N: 10}, SeatsUsed: 7, SeatsAvailable: Seats{N: 3}, Kind: "standard", DaysUntilExpiration: 9},
		},
		"odd date before year 0 in UTC": {
			`{"seats":10,"seats_used":7,"seats_available":3,"kind":"standard","days_until_expiration":9,"expire_at":"0000-01-01T00:00:00+01:00"}`,
			License{Seats: Seats{N: 10}, SeatsUsed: 7, SeatsAvailable: Seats{N: 3}, Kind: "standard", DaysUntilExpiration: 9},
		},
		"kind a number, unknown fields": {
			`{"seats":"unlimited","seats_used":7,"kind":5,"extra":[1,2],"expire_at":"2026-01-02"}`,
			License{Seats: Seats{Unlimited: true}, SeatsUsed: 7, Kind: "5"},
		},
	} {
		got, err := decodeLicense([]byte(tc.body))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		exp := got.ExpiresAt
		got.ExpiresAt = nil
		if *got != tc.want {
			t.Errorf("%s: got %+v, want %+v", name, *got, tc.want)
		}
		if wantExp := !strings.HasPrefix(name, "odd date"); (exp != nil) != wantExp {
			t.Errorf("%s: expires %v", name, exp)
		} else if exp != nil && !exp.Equal(time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("%s: expires %v", name, exp)
		}
	}
	for _, bad := range []string{`[]`, `"x"`, `{"seats":`, `<html>`, ``} {
		if _, err := decodeLicense([]byte(bad)); err == nil {
			t.Errorf("decodeLicense(%q) succeeded", bad)
		}
	}
}

func TestSyncJobAndSettingsDecodeLeniently(t *testing.T) {
	var job SyncJob
	err := decodeLenient([]byte(`{"id":"3","state":"succeeded","started_at":"2026/11/24 05:00:00 +0000","finished_at":"2026-11-24T05:00:04Z","error":null,"users_uploaded":2412,"next_scheduled_at":null}`), &job)
	if err != nil || job.ID != 3 || job.State != JobSucceeded || job.StartedAt == nil || job.FinishedAt == nil ||
		job.UsersUploaded != 2412 || job.NextScheduledAt != nil || !job.StartedAt.Equal(time.Date(2026, 11, 24, 5, 0, 0, 0, time.UTC)) {
		t.Errorf("job = %+v, %v", job, err)
	}
	var s ConnectSettings
	err = decodeLenient([]byte(`{"connected":"true","cloud_enterprise":"acme-cloud","version":7,"features":{"license_sync":"enabled","actions":true}}`), &s)
	if err != nil || !s.Connected || s.CloudEnterprise != "acme-cloud" || s.Version != 7 || s.LicenseSync() != FeatureEnabled || s.Features["actions"] != "true" {
		t.Errorf("settings = %+v, %v", s, err)
	}
}
