package client

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client/sim"
)

// TestInstallationDegradesToUnknown feeds GraphQL errors, nulls, missing and oddly
// typed fields: never an error or a panic, only unknown values and a reason.
func TestInstallationDegradesToUnknown(t *testing.T) {
	for name, tc := range map[string]struct {
		body      string
		found     bool
		connected string // "", "true", "false": nil, true, false
		unknown   string
	}{
		"graphql error":       {body: `{"data":{"enterprise":null},"errors":[{"type":"NOT_FOUND","message":"Could not resolve to an Enterprise with the slug of 'acme-cloud'."}]}`, unknown: "Could not resolve"},
		"ownerInfo null":      {body: `{"data":{"enterprise":{"ownerInfo":null}}}`, unknown: "read:enterprise"},
		"no data":             {body: `{}`, unknown: "lacks"},
		"not json":            {body: `<<<`, unknown: "lacks"},
		"odd types":           {body: `{"data":{"enterprise":{"ownerInfo":{"enterpriseServerInstallations":{"nodes":[null,{"hostName":"GHES.example.com","isConnected":"maybe","userAccountsUploads":{"nodes":[null]}}]}}}}}`, found: true},
		"connected as string": {body: `{"data":{"enterprise":{"ownerInfo":{"enterpriseServerInstallations":{"nodes":[{"hostName":"ghes.example.com","isConnected":"false"}]}}}}}`, found: true, connected: "false"},
		"another host only":   {body: `{"data":{"enterprise":{"ownerInfo":{"enterpriseServerInstallations":{"nodes":[{"hostName":"other.example.com","isConnected":true}]}}}}}`},
	} {
		t.Run(name, func(t *testing.T) {
			c, _ := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
				if r.Method != http.MethodPost || r.URL.Path != "/cloud/graphql" {
					t.Errorf("%s %s, want POST /cloud/graphql", r.Method, r.URL.Path)
				}
				status(200, tc.body)(w, r)
			})
			inst, err := c.Installation(context.Background(), "ghes.example.com")
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if inst.Connected != nil {
				got = map[bool]string{true: "true", false: "false"}[*inst.Connected]
			}
			if inst.Found != tc.found || got != tc.connected || !strings.Contains(inst.Unknown, tc.unknown) || (tc.unknown == "" && inst.Unknown != "") {
				t.Errorf("installation = %+v", inst)
			}
		})
	}
}

// TestUploadStateWordsOnlyDocumentedValues: documented states in words, anything else
// verbatim and marked unrecognised.
func TestUploadStateWordsOnlyDocumentedValues(t *testing.T) {
	for state, want := range map[string]string{"SUCCESS": "succeeded", "PENDING": "pending", "FAILURE": "failed", "never_synced": `"never_synced" (unrecognised)`} {
		if got := (&Upload{State: state}).StateWords(); got != want {
			t.Errorf("%s: %q, want %q", state, got, want)
		}
	}
}

// TestGraphQLNeedsAnOwner: the sim, like GitHub.com, hides ownerInfo from a token that
// is not an owner's with read:enterprise, and the answer says what is needed.
func TestGraphQLNeedsAnOwner(t *testing.T) {
	c, _ := newSimClient(t, sim.Options{}, func(cfg *Config) { cfg.CloudToken = sim.CloudNoScopeToken })
	inst, err := c.Installation(context.Background(), "ghes.acme.test")
	if err != nil || inst.Found || !strings.Contains(inst.Unknown, "read:enterprise") {
		t.Errorf("installation %+v, err %v", inst, err)
	}
}
