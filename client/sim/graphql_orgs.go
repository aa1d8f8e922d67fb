package sim

import (
	"net/http"
	"strconv"
	"strings"
)

// graphqlOrgsPage is the sim's page size for Enterprise.organizations; small, so that
// paging is exercised.
const graphqlOrgsPage = 2

// graphqlOrganizations answers enterprise(slug){organizations(first:, after:)}: the
// world's organizations, graphqlOrgsPage a page, the cursor an index.
func (s *Sim) graphqlOrganizations(c *call, vars map[string]string) *response {
	slug := vars["slug"]
	if !strings.EqualFold(slug, s.opts.CloudEnterprise) {
		out := graphqlErrors("Could not resolve to an Enterprise with the slug of '"+slug+"'.", "NOT_FOUND")
		out["data"] = map[string]any{"enterprise": nil}
		return jsonResponse(http.StatusOK, out)
	}
	if !c.id.admin || !c.id.hasScope("read:enterprise") {
		return jsonResponse(http.StatusOK, graphqlErrors("Resource not accessible by personal access token", "FORBIDDEN"))
	}
	from, _ := strconv.Atoi(vars["after"])
	from = min(max(from, 0), len(s.w.orgs))
	to := min(from+graphqlOrgsPage, len(s.w.orgs))
	nodes := []map[string]any{}
	for _, o := range s.w.orgs[from:to] {
		nodes = append(nodes, map[string]any{"login": o})
	}
	conn := map[string]any{"nodes": nodes, "pageInfo": map[string]any{"hasNextPage": to < len(s.w.orgs), "endCursor": strconv.Itoa(to)}}
	return jsonResponse(http.StatusOK, map[string]any{"data": map[string]any{"enterprise": map[string]any{"organizations": conn}}})
}
