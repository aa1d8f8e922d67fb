package sim

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzHandler throws arbitrary requests at the handler: it must never panic (a
// recovered panic would show as a 500) and always answer with a valid status.
func FuzzHandler(f *testing.F) {
	s, _ := newTestSim(f, Options{Users: 60, CloudUsers: 40, LicenseSyncEnabled: true})
	f.Add("GET", pathConsumed, "page=2&per_page=7", "Authorization", "token "+CloudAdminToken, "")
	f.Add("PATCH", pathConnect, "", "If-Match", `"1"`, `{"features":{"license_sync":"disabled"}}`)
	f.Add("POST", pathUpload, "", "Authorization", "Bearer "+CloudAdminToken, `{"server_id":"a","hostname":"b","users":[{"id":1,"primary_email":"a@b"}]}`)
	f.Add("GET", "/api/v3/users", "since=-5&per_page=0", "If-None-Match", "*", "")
	f.Add("GET", "/api/v3/users/%00", "", "Authorization", "token", "")
	f.Add("DELETE", "/cloud/api/v3/", "", "", "", "{}")
	f.Fuzz(func(t *testing.T, method, path, query, hkey, hval, body string) {
		req := &http.Request{
			Method: method,
			URL:    &url.URL{Path: path, RawQuery: query},
			Header: http.Header{},
			Host:   "sim.test",
			Body:   io.NopCloser(strings.NewReader(body)),
		}
		if hkey != "" {
			req.Header.Set(hkey, hval)
		}
		if !strings.HasPrefix(strings.ToLower(hkey), "authorization") {
			req.Header.Set("Authorization", "token "+ServerAdminToken)
		}
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		// The handler turns a panic into a 500; this world injects no faults, so any
		// 500 is a bug.
		if rec.Code < 100 || rec.Code > 599 || rec.Code == http.StatusInternalServerError {
			t.Fatalf("%s %s?%s: status %d %s", method, path, query, rec.Code, rec.Body)
		}
	})
}
