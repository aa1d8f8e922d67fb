package client

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/licensesync/licensesync/client/textsafe"
)

// enterpriseOrgsQuery pages through the organizations of the cloud enterprise
// (Enterprise.organizations, an OrganizationConnection of GitHub's public schema).
const enterpriseOrgsQuery = `query($slug: String!, $after: String) {
  enterprise(slug: $slug) {
    organizations(first: 100, after: $after) {
      nodes { login }
      pageInfo { hasNextPage endCursor }
    }
  }
}`

// maxEnterpriseOrgs and maxOrgPages bound the organizations read: 100 a page (the
// query's first), at most 100 pages.
const (
	maxEnterpriseOrgs = 100
	maxOrgPages       = 100
	enterpriseOrgsAt  = "data.enterprise.organizations.nodes"
)

// enterpriseOrgsWire is one page of enterpriseOrgsQuery's answer; every level may be null.
type enterpriseOrgsWire struct {
	Data *struct {
		Enterprise *struct {
			Organizations *struct {
				Nodes    []*struct{ Login string } `json:"nodes"`
				PageInfo struct {
					HasNextPage bool   `json:"hasNextPage"`
					EndCursor   string `json:"endCursor"`
				} `json:"pageInfo"`
			} `json:"organizations"`
		} `json:"enterprise"`
	} `json:"data"`
	Errors []struct {
		Message string `json:"message"`
	} `json:"errors"`
}

// EnterpriseOrgs lists the logins of the cloud enterprise's organizations through
// GraphQL, all pages. A GraphQL error is a KindBadResponse error in GitHub's words.
func (c *Client) EnterpriseOrgs(ctx context.Context) ([]string, error) {
	const op = "list the cloud enterprise's organizations (GraphQL)"
	ent, err := c.CloudEnterprise(ctx)
	if err != nil {
		return nil, err
	}
	var orgs []string
	after := ""
	for page := 0; page < maxOrgPages; page++ {
		vars := map[string]any{"slug": ent}
		if after != "" {
			vars["after"] = after
		}
		r := request{side: SideCloud, method: http.MethodPost, path: "graphql", op: op, area: areaCloudEnt, readOnly: true,
			body:  map[string]any{"query": enterpriseOrgsQuery, "variables": vars},
			items: []itemBound{{path: enterpriseOrgsAt, max: maxEnterpriseOrgs, what: "organizations", asked: "the first: 100 asked for"}}}
		rep, err := c.send(ctx, r)
		if err != nil {
			return nil, err
		}
		if err := c.checkItems(r, rep.body); err != nil {
			return nil, err
		}
		var w enterpriseOrgsWire
		if err := json.Unmarshal(rep.body, &w); err != nil {
			return nil, c.badBody(r, rep.body, err)
		}
		if len(w.Errors) > 0 {
			return nil, &Error{Kind: KindBadResponse, Op: op, Err: graphQLError(w.Errors[0].Message),
				Hint: "Listing the organizations needs an enterprise owner's token with read:enterprise (and read:org)."}
		}
		if w.Data == nil || w.Data.Enterprise == nil || w.Data.Enterprise.Organizations == nil {
			return nil, &Error{Kind: KindBadResponse, Op: op, Err: graphQLError("the answer lacks the enterprise's organizations"),
				Hint: "Check --cloud-enterprise and that the token is an enterprise owner's, with read:enterprise."}
		}
		conn := w.Data.Enterprise.Organizations
		for _, n := range conn.Nodes {
			if n != nil && strings.TrimSpace(n.Login) != "" {
				orgs = append(orgs, textsafe.Sanitize(strings.TrimSpace(n.Login)))
			}
		}
		if !conn.PageInfo.HasNextPage || conn.PageInfo.EndCursor == "" {
			return orgs, nil
		}
		after = conn.PageInfo.EndCursor
	}
	return orgs, nil
}

// graphQLError is GitHub's GraphQL message as an error, sanitized and bounded.
type graphQLError string

func (g graphQLError) Error() string {
	return "the cloud's GraphQL API said: " + textsafe.Sanitize(Truncate(strings.TrimSpace(string(g)), 200))
}
