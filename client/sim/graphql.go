package sim

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// postGraphQL answers GitHub.com's GraphQL endpoint for the one query licensesync
// sends: enterprise(slug:) { ownerInfo { enterpriseServerInstallations { nodes {
// hostName customerName isConnected userAccountsUploads { nodes { name syncState
// createdAt } } } } } }. As on GitHub.com, problems are answered with 200 and an
// "errors" list, and ownerInfo is null for a token that is not an owner's with
// read:enterprise. Installations are the appliance (connected unless
// Options.Disconnected) and every server that synced or uploaded; each one's newest
// upload is its last sync or upload record.
func (s *Sim) postGraphQL(c *call) *response {
	var req struct {
		Query     string            `json:"query"`
		Variables map[string]string `json:"variables"`
	}
	if err := json.Unmarshal(c.body, &req); err != nil || strings.TrimSpace(req.Query) == "" {
		return errorResponse(http.StatusBadRequest, "Problems parsing JSON", "https://docs.github.com/graphql")
	}
	if strings.Contains(req.Query, "organizations(") {
		return s.graphqlOrganizations(c, req.Variables)
	}
	if !strings.Contains(req.Query, "enterpriseServerInstallations") {
		return jsonResponse(http.StatusOK, graphqlErrors("the simulator answers only the enterpriseServerInstallations and organizations queries", "INTERNAL"))
	}
	slug := req.Variables["slug"]
	if !strings.EqualFold(slug, s.opts.CloudEnterprise) {
		out := graphqlErrors("Could not resolve to an Enterprise with the slug of '"+slug+"'.", "NOT_FOUND")
		out["data"] = map[string]any{"enterprise": nil}
		return jsonResponse(http.StatusOK, out)
	}
	if !c.id.admin || !c.id.hasScope("read:enterprise") {
		return jsonResponse(http.StatusOK, map[string]any{"data": map[string]any{"enterprise": map[string]any{"ownerInfo": nil}}})
	}
	return s.withState(c, func(time.Time) (*response, bool) {
		nodes := []map[string]any{}
		own := s.st.record(s.w.serverID)
		if own != nil || !s.opts.Disconnected {
			nodes = append(nodes, installationNode(s.opts.Hostname, !s.opts.Disconnected, own))
		}
		for i := range s.st.Servers {
			if rec := &s.st.Servers[i]; rec.ServerID != s.w.serverID {
				nodes = append(nodes, installationNode(rec.Hostname, rec.Connected, rec))
			}
		}
		data := map[string]any{"enterprise": map[string]any{"ownerInfo": map[string]any{
			"enterpriseServerInstallations": map[string]any{"nodes": nodes},
		}}}
		return jsonResponse(http.StatusOK, map[string]any{"data": data}), false
	})
}

// installationNode is one EnterpriseServerInstallation with its newest upload.
func installationNode(host string, connected bool, rec *serverRecord) map[string]any {
	uploads := []map[string]any{}
	if rec != nil && !rec.Date.IsZero() {
		state := "SUCCESS"
		if rec.Status != syncSuccess {
			state = "FAILURE"
		}
		name := "github-connect-sync"
		if !rec.Own && !rec.Connected {
			name = host + "-license-usage.json"
		}
		uploads = append(uploads, map[string]any{"name": name, "syncState": state, "createdAt": *stamp(rec.Date)})
	}
	return map[string]any{
		"hostName": host, "customerName": "Acme Corporation", "isConnected": connected,
		"userAccountsUploads": map[string]any{"nodes": uploads},
	}
}

func graphqlErrors(message, kind string) map[string]any {
	return map[string]any{"errors": []map[string]any{{"type": kind, "message": message}}}
}
