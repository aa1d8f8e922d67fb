package client

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// githubSays answers as GitHub does: the status, the JSON body and the headers GitHub
// sends with it (X-GitHub-Request-Id on every answer).
func githubSays(code int, body string, headers map[string]string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-GitHub-Request-Id", "C0DE:1F2E:3A4B5C:6D7E8F:674A1B2C")
		w.Header().Set("X-GitHub-Media-Type", "github.v3; format=json")
		for k, v := range headers {
			w.Header().Set(k, v)
		}
		status(code, body)(w, r)
	}
}

// TestCloudForbiddenCauses replays each reason GitHub gives for a cloud 403 and checks
// that the hint names that reason and its own fix, not the generic scope advice.
func TestCloudForbiddenCauses(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		handler http.HandlerFunc
		want    []string
		notWant string
	}{
		{
			name: "IP allow list names the address GitHub saw",
			handler: githubSays(403, `{"message":"Although you appear to have the correct authorization credentials, the `+"`acme-cloud`"+` enterprise has an IP allow list enabled, and 203.0.113.7 is not permitted to access this resource.","documentation_url":"https://docs.github.com/rest/enterprise-admin/license#list-enterprise-consumed-licenses","status":"403"}`,
				map[string]string{"X-OAuth-Scopes": "read:enterprise", "X-Accepted-OAuth-Scopes": "read:enterprise"}),
			want: []string{"IP allow list", "203.0.113.7", `"acme-cloud"`}, notWant: "gh auth refresh",
		},
		{
			name: "SAML SSO shows the URL to authorise the token",
			handler: githubSays(403, `{"message":"Resource protected by enterprise SAML enforcement. You must grant your Personal Access token access to this enterprise.","documentation_url":"https://docs.github.com/articles/authenticating-to-a-github-organization-with-saml-single-sign-on/"}`,
				map[string]string{"X-GitHub-SSO": "required; url=https://github.com/enterprises/acme-cloud/sso?authorization_request=A1B2C3", "X-OAuth-Scopes": "read:enterprise", "X-Accepted-OAuth-Scopes": "read:enterprise"}),
			want: []string{"SAML single sign-on", "https://github.com/enterprises/acme-cloud/sso?authorization_request=A1B2C3"}, notWant: "gh auth refresh",
		},
		{
			name: "SAML SSO without the header still says SSO",
			handler: githubSays(403, `{"message":"Resource protected by organization SAML enforcement. You must grant your OAuth token access to this organization."}`,
				nil),
			want: []string{"SAML single sign-on", "Configure SSO"},
		},
		{
			name: "Enterprise Managed Users refuse an outside token",
			handler: githubSays(403, `{"message":"Unauthorized: As an Enterprise Managed User, you cannot access this content","documentation_url":"https://docs.github.com/rest"}`,
				map[string]string{"X-OAuth-Scopes": "read:enterprise", "X-Accepted-OAuth-Scopes": "read:enterprise"}),
			want: []string{"Enterprise Managed Users", "managed users who is an enterprise owner"}, notWant: "gh auth refresh",
		},
		{
			name: "missing scope names what is missing and what the token has",
			handler: githubSays(403, `{"message":"Resource not accessible by personal access token","documentation_url":"https://docs.github.com/rest/enterprise-admin/license"}`,
				map[string]string{"X-OAuth-Scopes": "repo, read:org", "X-Accepted-OAuth-Scopes": "admin:enterprise, manage_billing:enterprise, read:enterprise"}),
			want: []string{"lacks the admin:enterprise or manage_billing:enterprise or read:enterprise scope", "it has repo, read:org", "gh auth refresh -s admin:enterprise"},
		},
		{
			name: "fine-grained token without the enterprise permission",
			handler: githubSays(403, `{"message":"Resource not accessible by personal access token","documentation_url":"https://docs.github.com/rest/enterprise-admin/license"}`,
				map[string]string{"X-Accepted-GitHub-Permissions": "enterprise_administration=read"}),
			want: []string{"fine-grained token", "enterprise_administration=read", `"acme-cloud"`},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, trace := newHandlerClient(t, tc.handler)
			_, err := c.ConsumedLicenses(ctx, nil)
			if KindOf(err) != KindMissingScope {
				t.Fatalf("err = %v (kind %d), want KindMissingScope", err, KindOf(err))
			}
			msg := err.Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
			if tc.notWant != "" && strings.Contains(msg, tc.notWant) {
				t.Errorf("message %q gives the generic advice %q", msg, tc.notWant)
			}
			if !strings.Contains(msg, "GitHub request ID C0DE:1F2E:3A4B5C:6D7E8F:674A1B2C") {
				t.Errorf("message %q lacks the request id", msg)
			}
			if e := err.(*Error); strings.Count(e.Hint, ". ") > 0 || strings.Contains(msg, "\n") {
				t.Errorf("hint is not one sentence on one line: %q", e.Hint)
			}
			assertNoToken(t, "error", msg)
			assertNoToken(t, "trace", trace.String())
		})
	}
}

// TestMissingScopesReadsHeaders checks the scope comparison: any one accepted scope is
// enough, admin: implies read:, and a fine-grained token (no X-OAuth-Scopes) is not
// judged by scopes at all.
func TestMissingScopesReadsHeaders(t *testing.T) {
	for _, tc := range []struct {
		has, accepted string
		hasHeader     bool
		want          string
	}{
		{"repo", "read:enterprise", true, "read:enterprise"},
		{"admin:enterprise", "read:enterprise", true, ""},
		{"read:enterprise, repo", "admin:enterprise, read:enterprise", true, ""},
		{"", "read:enterprise", true, "read:enterprise"},
		{"", "read:enterprise", false, ""},
		{"repo", "", true, ""},
	} {
		h := http.Header{}
		if tc.hasHeader {
			h.Set("X-OAuth-Scopes", tc.has)
		}
		if tc.accepted != "" {
			h.Set("X-Accepted-OAuth-Scopes", tc.accepted)
		}
		if got := strings.Join(missingScopes(h), ","); got != tc.want {
			t.Errorf("has %q accepted %q: missing %q, want %q", tc.has, tc.accepted, got, tc.want)
		}
	}
}

// TestEnterpriseNotFoundNamesOwnership checks a cloud enterprise 404 says both causes,
// with the request id.
func TestEnterpriseNotFoundNamesOwnership(t *testing.T) {
	c, _ := newHandlerClient(t, githubSays(404, `{"message":"Not Found","documentation_url":"https://docs.github.com/rest/enterprise-admin/license#get-a-license-sync-status","status":"404"}`, nil))
	_, err := c.LicenseSyncStatus(context.Background())
	if KindOf(err) != KindNotFound {
		t.Fatalf("err = %v", err)
	}
	for _, w := range []string{`not an owner of "acme-cloud", or no such enterprise`, "GitHub request ID C0DE:1F2E:3A4B5C:6D7E8F:674A1B2C"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("message %q lacks %q", err.Error(), w)
		}
	}
}

// TestRequestIDOnlyWhenShaped checks a header that is not an id is not shown.
func TestRequestIDOnlyWhenShaped(t *testing.T) {
	c, _ := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-GitHub-Request-Id", "see https://evil.example for help")
		status(404, `{"message":"Not Found"}`)(w, r)
	})
	_, err := c.LicenseSyncStatus(context.Background())
	if err == nil || strings.Contains(err.Error(), "request ID") || strings.Contains(err.Error(), "evil") {
		t.Errorf("err = %v, want no request id", err)
	}
}

// TestUserAgentNamesLicensesync checks every request on both sides says who sends it.
func TestUserAgentNamesLicensesync(t *testing.T) {
	agents := make(chan string, 16)
	c, _ := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		agents <- r.Header.Get("User-Agent")
		status(200, `{}`)(w, r)
	})
	c.server.UserAgent, c.cloud.UserAgent = userAgent("v1.2.3"), userAgent("v1.2.3")
	_, _ = c.Meta(context.Background())
	_, _ = c.LicenseSyncStatus(context.Background())
	close(agents)
	n := 0
	for ua := range agents {
		n++
		if ua != "licensesync/v1.2.3" {
			t.Errorf("User-Agent = %q, want licensesync/v1.2.3", ua)
		}
	}
	if n != 2 {
		t.Errorf("saw %d requests, want 2", n)
	}
	if got := userAgent(""); got != "licensesync/dev" {
		t.Errorf("userAgent(\"\") = %q", got)
	}
}
