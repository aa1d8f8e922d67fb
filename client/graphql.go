package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/licensesync/licensesync/client/textsafe"
)

// installationsQuery asks the cloud for its own view of the enterprise's servers. The
// names were checked against GitHub's public schema (github/docs,
// src/graphql/data/fpt/schema.docs.graphql; see docs/APPLIANCE.md): Enterprise.ownerInfo
// ("visible to enterprise owners … with read:enterprise or admin:enterprise scope"),
// EnterpriseOwnerInfo.enterpriseServerInstallations, EnterpriseServerInstallation
// {hostName, customerName, isConnected, userAccountsUploads (newest first by default)}
// and EnterpriseServerUserAccountsUpload {name, syncState, createdAt}.
const installationsQuery = `query($slug: String!) {
  enterprise(slug: $slug) {
    ownerInfo {
      enterpriseServerInstallations(first: 100) {
        nodes {
          hostName
          customerName
          isConnected
          userAccountsUploads(first: 1) { nodes { name syncState createdAt } }
        }
      }
    }
  }
}`

// maxInstallations is installationsQuery's first: on the installations (its text
// says 100 too); installationsPath names their list in the answer.
const (
	maxInstallations  = 100
	installationsPath = "data.enterprise.ownerInfo.enterpriseServerInstallations.nodes"
)

// The documented values of EnterpriseServerUserAccountsUploadSyncState.
const (
	UploadPending = "PENDING"
	UploadSuccess = "SUCCESS"
	UploadFailure = "FAILURE"
)

// Installation is this server as GitHub.com's GraphQL API sees it (status --json
// connect.installation). Connected is nil when the cloud did not say.
type Installation struct {
	Found        bool    `json:"found"`
	Connected    *bool   `json:"connected"`
	HostName     string  `json:"host_name"`
	CustomerName string  `json:"customer_name"`
	LastUpload   *Upload `json:"last_upload"`
	// Unknown says why the cloud's view could not be read ("" when it was); the
	// other fields then stay empty and null.
	Unknown string `json:"-"`
}

// Upload is a server's newest user accounts upload (a sync or a manual upload).
type Upload struct {
	Name      string `json:"name"`
	State     string `json:"state"` // PENDING, SUCCESS or FAILURE; anything else verbatim
	CreatedAt string `json:"created_at"`
}

// StateWords says the upload's state as GitHub documents it, or the value verbatim
// marked unrecognised.
func (u *Upload) StateWords() string {
	switch u.State {
	case UploadSuccess:
		return "succeeded"
	case UploadPending:
		return "pending"
	case UploadFailure:
		return "failed"
	}
	return fmt.Sprintf("%q (unrecognised)", u.State)
}

// installationsWire is the GraphQL answer; every level may be null.
type InstallationsWire struct {
	Data *struct {
		Enterprise *struct {
			OwnerInfo *struct {
				Installations *struct {
					Nodes []*installationWire `json:"nodes"`
				} `json:"enterpriseServerInstallations"`
			} `json:"ownerInfo"`
		} `json:"enterprise"`
	} `json:"data"`
	Errors []struct {
		Type    string `json:"type"`
		Message string `json:"message"`
	} `json:"errors"`
}

type installationWire struct {
	HostName     string    `json:"hostName"`
	CustomerName string    `json:"customerName"`
	IsConnected  *FlexBool `json:"isConnected"`
	Uploads      *struct {
		Nodes []*struct {
			Name      string `json:"name"`
			SyncState string `json:"syncState"`
			CreatedAt string `json:"createdAt"`
		} `json:"nodes"`
	} `json:"userAccountsUploads"`
}

// Installation reads the enterprise's server installations from GitHub.com's GraphQL API
// and picks this server's by the hostname GitHub knows (hostname). HTTP failures are
// errors as for any cloud request; a GraphQL error or a missing field is not an error
// but an Installation whose Unknown says why (its fields stay unknown).
func (c *Client) Installation(ctx context.Context, hostname string) (*Installation, error) {
	w, err := c.Installations(ctx)
	if err != nil {
		return nil, err
	}
	return PickInstallation(w, hostname), nil
}

// installations sends installationsQuery; an answer that is not JSON is an empty one
// (pickInstallation then says so).
func (c *Client) Installations(ctx context.Context) (*InstallationsWire, error) {
	const op = "read the cloud's view of this server (GraphQL)"
	ent, err := c.CloudEnterprise(ctx)
	if err != nil {
		return nil, err
	}
	body := map[string]any{"query": installationsQuery, "variables": map[string]string{"slug": ent}}
	r := request{side: SideCloud, method: http.MethodPost, path: "graphql", body: body, op: op, area: areaCloudEnt, readOnly: true, items: []itemBound{
		{path: installationsPath, max: maxInstallations, what: "server installations", asked: "the first: 100 asked for"},
		{path: installationsPath + "[].userAccountsUploads.nodes", max: 1, what: "uploads of one installation", asked: "the first: 1 asked for"},
	}}
	rep, err := c.send(ctx, r)
	if err != nil {
		return nil, err
	}
	if err := c.checkItems(r, rep.body); err != nil {
		return nil, err
	}
	var w InstallationsWire
	if json.Unmarshal(rep.body, &w) != nil {
		return &InstallationsWire{}, nil
	}
	return &w, nil
}

// pickInstallation finds hostname among the answer's installations.
func PickInstallation(w *InstallationsWire, hostname string) *Installation {
	if len(w.Errors) > 0 {
		msg := textsafe.Sanitize(Truncate(strings.TrimSpace(w.Errors[0].Message), 200))
		return &Installation{Unknown: "the cloud's GraphQL API said: " + msg}
	}
	if w.Data == nil || w.Data.Enterprise == nil || w.Data.Enterprise.OwnerInfo == nil || w.Data.Enterprise.OwnerInfo.Installations == nil {
		return &Installation{Unknown: "the cloud's GraphQL answer lacks the enterprise's server installations (is the token an enterprise owner's, with read:enterprise?)"}
	}
	if hostname == "" {
		return &Installation{Unknown: "no server hostname is known to look for (pass --server)"}
	}
	for _, n := range w.Data.Enterprise.OwnerInfo.Installations.Nodes {
		if n == nil || !strings.EqualFold(strings.TrimSpace(n.HostName), hostname) {
			continue
		}
		inst := &Installation{Found: true, HostName: textsafe.Sanitize(Truncate(n.HostName, 200)), CustomerName: textsafe.Sanitize(Truncate(n.CustomerName, 200))}
		if n.IsConnected != nil {
			inst.Connected = n.IsConnected.V
		}
		if n.Uploads != nil && len(n.Uploads.Nodes) > 0 && n.Uploads.Nodes[0] != nil {
			u := n.Uploads.Nodes[0]
			inst.LastUpload = &Upload{Name: textsafe.Sanitize(Truncate(u.Name, 200)), State: textsafe.Sanitize(Truncate(u.SyncState, 40)), CreatedAt: textsafe.Sanitize(Truncate(u.CreatedAt, 40))}
		}
		return inst
	}
	return &Installation{}
}
