package client

import (
	"context"
	"net/http"
	"strings"
	"time"
)

// ServerUsers are the server's users as GitHub counts them (status --json server.users):
// GET /api/v3/enterprise/stats/users gives total, admin and suspended (suspended users
// do not use a license); Dormant comes from the newest Server Statistics record of this
// server where the appliance shares them, else nil.
type ServerUsers struct {
	Total     int  `json:"total"`
	Admin     int  `json:"admin"`
	Suspended int  `json:"suspended"`
	Dormant   *int `json:"dormant"`
}

// ServerUserCounts reads GET /api/v3/enterprise/stats/users (site admins only), lighter
// than /stats/all; fields of an odd type are left at zero.
func (c *Client) ServerUserCounts(ctx context.Context) (*ServerUsers, error) {
	r := request{side: sideServer, method: http.MethodGet, path: "enterprise/stats/users", op: "read the server's user counts", area: areaAdmin}
	w, _, err := sendJSON[UserStats](ctx, c, r)
	if err != nil {
		return nil, err
	}
	return &ServerUsers{Total: w.TotalUsers, Admin: w.AdminUsers, Suspended: w.SuspendedUsers}, nil
}

// dormantFromStatistics is the dormant users of this server's newest Server Statistics
// record (by server id when given, else by hostname); nil when none matches.
func dormantFromStatistics(recs []ServerStatsRecord, serverID, hostname string) *int {
	var newest time.Time
	var dormant *int
	for _, r := range recs {
		if !statsRecordIsServer(r, serverID, hostname) {
			continue
		}
		t, err := ParseTime(r.CollectionDate)
		if err != nil || !t.After(newest) {
			continue
		}
		n := r.DormantUsers.TotalDormantUsers
		newest, dormant = t, &n
	}
	return dormant
}

// statsRecordIsServer matches a Server Statistics record to this server: by server id
// when one is given, else by the hostname GitHub knows (case-insensitive).
func statsRecordIsServer(r ServerStatsRecord, serverID, hostname string) bool {
	if serverID != "" {
		return strings.EqualFold(strings.TrimSpace(r.ServerID), serverID)
	}
	return hostname != "" && strings.EqualFold(strings.TrimSpace(r.HostName), hostname)
}
