package sim

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// dormantReportColumns are the columns of GitHub's user reports ("Accessing reports
// for your instance").
var dormantReportColumns = []string{"created_at", "id", "login", "email", "role", "suspended?", "last_logged_ip",
	"repos", "ssh_keys", "org_memberships", "dormant?", "last_active", "raw_login", "2fa_enabled?"}

// getDormantReport is GET /stafftools/reports/dormant_users.csv, a page of the
// appliance's web site, not of the API: HTTP basic authentication with a site admin's
// login and token. The first request starts generating the report and answers 202, as
// an appliance with no cached report does; later ones get the CSV of the dormant users
// (suspended ones included, with suspended? true).
func (s *Sim) getDormantReport(c *call) *response {
	if !strings.HasPrefix(c.r.URL.Path, "/stafftools/") {
		return notFound(c.docs)
	}
	if login, _, ok := c.r.BasicAuth(); !ok || !strings.EqualFold(login, c.id.login) {
		return errorResponse(http.StatusUnauthorized, "Requires HTTP basic authentication with the site admin's login and a token with site_admin", c.docs)
	}
	return s.withState(c, func(now time.Time) (*response, bool) {
		if !s.st.DormantReportReady {
			s.st.DormantReportReady = true
			return &response{status: http.StatusAccepted, header: http.Header{}}, true
		}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Write(dormantReportColumns)
		for i := range s.w.server {
			u := &s.w.server[i]
			if !u.dormant {
				continue
			}
			role := "user"
			if u.siteAdmin {
				role = "admin"
			}
			created := s.st.Created.Add(-time.Duration(400+u.id%2000) * 24 * time.Hour)
			lastActive := s.st.Created.Add(-time.Duration(60+u.id%400) * 24 * time.Hour)
			w.Write([]string{created.UTC().Format(time.RFC3339), strconv.FormatInt(u.id, 10), u.login, u.primaryEmail, role,
				strconv.FormatBool(s.isSuspended(u)), "127.0.0.1", "0", "0", "0", "true",
				lastActive.UTC().Format(time.RFC3339), u.login, "false"})
		}
		w.Flush()
		h := http.Header{}
		h.Set("Content-Type", "text/csv; charset=utf-8")
		return &response{status: http.StatusOK, header: h, body: buf.Bytes()}, false
	})
}
