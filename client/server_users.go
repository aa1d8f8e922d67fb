package client

import (
	"context"
	"net/http"
)

// ServerUsers are the server's users as GitHub counts them (status --json server.users):
// GET /api/v3/enterprise/stats/users gives total, admin and suspended (suspended users
// do not use a license); Dormant comes from the newest Server Statistics record of this
// server where the appliance shares them, else nil. The client sets every count it
// read; client/status leaves one nil when it cannot be true (client/seats judges).
type ServerUsers struct {
	Total     *int `json:"total"`
	Admin     *int `json:"admin"`
	Suspended *int `json:"suspended"`
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
	return &ServerUsers{Total: &w.TotalUsers, Admin: &w.AdminUsers, Suspended: &w.SuspendedUsers}, nil
}
