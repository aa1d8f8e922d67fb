package client

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client/replay"
	"github.com/licensesync/licensesync/client/sim"
)

// TestServerUsersFromStatsUsers reads the official example of /enterprise/stats/users.
func TestServerUsersFromStatsUsers(t *testing.T) {
	c := newReplayClient(t, replay.Start(t), nil)
	u, err := c.ServerUserCounts(context.Background())
	if err != nil || u.Total != 100 || u.Admin != 3 || u.Suspended != 1 || u.Dormant != nil {
		t.Fatalf("users = %+v, %v", u, err)
	}
	st, err := c.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(st.Server)
	if !strings.Contains(string(out), `"users":{"total":100,"admin":3,"suspended":1,"dormant":null}`) {
		t.Errorf("server JSON %s lacks the users block", out)
	}
}

// TestDormantFromServerStatistics: on a stock appliance that shares Server Statistics,
// dormant users come from this server's newest record, matched by the hostname GitHub
// knows.
func TestDormantFromServerStatistics(t *testing.T) {
	c, _ := newSimClient(t, sim.Options{Stock: true, ServerStatistics: true}, nil)
	st, err := c.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	u := st.Server.Users
	if u == nil || u.Total == 0 || u.Dormant == nil || *u.Dormant == 0 || *u.Dormant > u.Total {
		t.Fatalf("users = %+v", u)
	}
	recs := []ServerStatsRecord{
		{ServerID: "a", HostName: "h.example", CollectionDate: "2026-11-01T23:59:59Z", DormantUsers: DormantUsers{TotalDormantUsers: 5}},
		{ServerID: "a", HostName: "h.example", CollectionDate: "2026-11-02T23:59:59Z", DormantUsers: DormantUsers{TotalDormantUsers: 7}},
		{ServerID: "b", HostName: "other.example", CollectionDate: "2026-11-03T23:59:59Z", DormantUsers: DormantUsers{TotalDormantUsers: 9}},
	}
	if d := dormantFromStatistics(recs, "", "H.example"); d == nil || *d != 7 {
		t.Errorf("by hostname: %v, want 7 (the newest of h.example)", d)
	}
	if d := dormantFromStatistics(recs, "b", "h.example"); d == nil || *d != 9 {
		t.Errorf("by server id: %v, want 9", d)
	}
	if d := dormantFromStatistics(recs, "", "nope.example"); d != nil {
		t.Errorf("no record: %v, want nil", *d)
	}
}
