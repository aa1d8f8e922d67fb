package client

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/licensesync/licensesync/client/textsafe"
	"github.com/licensesync/licensesync/client/transport"
)

// DormantUser is one row of the appliance's dormant-users report. The columns are
// the ones GitHub documents for its user reports ("Accessing reports for your
// instance", https://docs.github.com/en/enterprise-server@3.13/admin/monitoring-activity-in-your-enterprise/exploring-user-activity-in-your-enterprise/accessing-reports-for-your-instance):
// created_at, id, login, email, role, suspended?, last_logged_ip, repos, ssh_keys,
// org_memberships, dormant?, last_active, raw_login, 2fa_enabled?. Only those the
// plan needs are kept; every string is sanitized.
type DormantUser struct {
	ID         int64
	Login      string
	Email      string
	SiteAdmin  bool      // role "admin"
	Suspended  bool      // suspended? "true"
	LastActive time.Time // zero when the report has none
	CreatedAt  time.Time // zero when the report has none
}

// ErrReportGenerating is wrapped by the error DormantUsers returns while the
// appliance is still generating the report (it answers 202 the first time).
var ErrReportGenerating = errors.New("the appliance is still generating the dormant-users report")

// maxReportRows bounds the report: an appliance has at most a few hundred thousand users.
const maxReportRows = 1_000_000

// DormantUsers downloads GET https://HOST/stafftools/reports/dormant_users.csv with
// HTTP basic authentication (the site admin's login and the server token, which needs
// site_admin). While the report is being generated the appliance answers 202: that is
// a KindConflict error wrapping ErrReportGenerating, with the hint to try again.
func (c *Client) DormantUsers(ctx context.Context) ([]DormantUser, error) {
	const op = "read the dormant-users report"
	v, err := c.Viewer(ctx)
	if err != nil {
		return nil, err
	}
	r := request{side: sideServer, method: http.MethodGet, path: "/stafftools/reports/dormant_users.csv", op: op, area: areaAdmin}
	rep, err := c.send(transport.WithBasicLogin(ctx, v.Login), r)
	if err != nil {
		return nil, err
	}
	if rep.status == http.StatusAccepted {
		return nil, &Error{Kind: KindConflict, Op: op, Status: http.StatusAccepted, Err: ErrReportGenerating,
			Hint: "The report is generated in the background; try again in a minute."}
	}
	users, err := parseDormantReport(rep.body)
	if err != nil {
		return nil, c.badBody(r, rep.body, err)
	}
	return users, nil
}

// parseDormantReport reads the report's CSV by its header's column names, so a
// reordered or extended report still reads; login is the one column required.
func parseDormantReport(data []byte) ([]DormantUser, error) {
	rd := csv.NewReader(bytes.NewReader(data))
	rd.FieldsPerRecord = -1
	head, err := rd.Read()
	if err != nil {
		return nil, fmt.Errorf("the report has no header line: %w", err)
	}
	col := map[string]int{}
	for i, name := range head {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(name, "\ufeff")))] = i
	}
	loginCol, ok := col["login"]
	if !ok {
		return nil, errors.New("the report has no login column")
	}
	cell := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return textsafe.Sanitize(strings.TrimSpace(rec[i]))
		}
		return ""
	}
	var users []DormantUser
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			return users, nil
		}
		if err != nil {
			return nil, err
		}
		if len(users) >= maxReportRows {
			return nil, fmt.Errorf("the report lists more than %d users", maxReportRows)
		}
		if loginCol >= len(rec) || strings.TrimSpace(rec[loginCol]) == "" {
			continue
		}
		u := DormantUser{Login: cell(rec, "login"), Email: cell(rec, "email"),
			SiteAdmin: strings.EqualFold(cell(rec, "role"), "admin"),
			Suspended: strings.EqualFold(cell(rec, "suspended?"), "true")}
		u.ID, _ = strconv.ParseInt(cell(rec, "id"), 10, 64)
		u.LastActive, _ = ParseTime(cell(rec, "last_active"))
		u.CreatedAt, _ = ParseTime(cell(rec, "created_at"))
		users = append(users, u)
	}
}
