package sim

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// The fleet's cloud counts people across appliances by GitHub's rule, computed here
// from the seeded rosters on its own: every cloud member once, plus each distinct
// (case-insensitive) primary email of a non-suspended server user on any appliance
// that is none of the members' verified emails.
func TestFleetCloudCountsEachPersonOnceAcrossServers(t *testing.T) {
	clock := newFakeClock()
	f, err := StartFleet(Options{Seed: 7, Users: 300, CloudUsers: 200, Now: clock.Now}, 3, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cloud := f.Servers[0].Sim

	memberEmails := map[string]bool{}
	for _, m := range cloud.w.cloud {
		for _, e := range m.verifiedEmails {
			memberEmails[strings.ToLower(e)] = true
		}
	}
	serverOnly := map[string]bool{}
	onServers := map[string]map[string]bool{} // email → hosts
	for i, s := range f.Servers {
		for _, u := range s.w.server {
			if u.suspended {
				continue
			}
			key := strings.ToLower(u.primaryEmail)
			if onServers[key] == nil {
				onServers[key] = map[string]bool{}
			}
			onServers[key][fleetHostname("ghes.acme.test", i)] = true
			if !memberEmails[key] {
				serverOnly[key] = true
			}
		}
	}
	want := len(cloud.w.cloud) + len(serverOnly)
	multi := 0
	for _, hosts := range onServers {
		if len(hosts) > 1 {
			multi++
		}
	}
	if multi < 50 {
		t.Fatalf("only %d people are on several appliances: the fleet does not exercise the rule", multi)
	}

	got, _ := allConsumed(t, cloud)
	if got.TotalSeatsConsumed != want || len(got.Users) != want {
		t.Fatalf("the cloud counts %d (%d listed), the rule %d", got.TotalSeatsConsumed, len(got.Users), want)
	}
	// A person on several appliances is one entry carrying an account of each.
	for _, u := range got.Users {
		if len(u.EnterpriseServerEmails) == 0 {
			continue
		}
		hosts := map[string]bool{}
		for _, id := range u.EnterpriseServerUserIDs {
			hosts[id[:strings.LastIndex(id, ":")]] = true
		}
		if want := len(onServers[strings.ToLower(u.EnterpriseServerEmails[0])]); len(hosts) != want {
			t.Fatalf("%v: accounts on %d appliances, the roster has %d", u.EnterpriseServerUserIDs, len(hosts), want)
		}
	}

	// license-sync-status lists every appliance, each synced.
	st := decode[wireSyncStatus](t, do(t, cloud, http.MethodGet, pathStatus, CloudAdminToken, ""))
	if len(st.ServerInstances) != 3 {
		t.Fatalf("license-sync-status lists %d servers: %+v", len(st.ServerInstances), st)
	}
	for i, inst := range st.ServerInstances {
		if inst.Hostname != fleetHostname("ghes.acme.test", i) || inst.LastSync.Status != syncSuccess {
			t.Fatalf("server %d: %+v", i, inst)
		}
	}
}

// Every appliance of a fleet syncs over GitHub Connect, so the cloud's GraphQL lists
// each as connected with a sync as its newest upload, as its own settings say; they
// were listed as "not connected" with a manual upload's file name.
func TestFleetCloudListsEveryApplianceAsConnected(t *testing.T) {
	f, err := StartFleet(Options{Seed: 7, Users: 60, CloudUsers: 40, Now: newFakeClock().Now}, 3, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rec := do(t, f.Servers[0].Sim, http.MethodPost, "/cloud/graphql", CloudAdminToken,
		`{"query":"query($slug:String!){enterprise(slug:$slug){ownerInfo{enterpriseServerInstallations{nodes{hostName isConnected}}}}}","variables":{"slug":"acme-cloud"}}`)
	wantStatus(t, rec, http.StatusOK)
	var out struct {
		Data struct {
			Enterprise struct {
				OwnerInfo struct {
					EnterpriseServerInstallations struct {
						Nodes []struct {
							HostName            string
							IsConnected         bool
							UserAccountsUploads struct{ Nodes []struct{ Name string } }
						}
					}
				}
			}
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	nodes := out.Data.Enterprise.OwnerInfo.EnterpriseServerInstallations.Nodes
	if len(nodes) != 3 {
		t.Fatalf("want 3 installations, got %+v", nodes)
	}
	for _, n := range nodes {
		if !n.IsConnected || len(n.UserAccountsUploads.Nodes) != 1 || n.UserAccountsUploads.Nodes[0].Name != "github-connect-sync" {
			t.Errorf("%s: want connected with a sync as its last upload, got %+v", n.HostName, n)
		}
	}
}
