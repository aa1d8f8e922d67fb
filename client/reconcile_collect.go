package client

import (
	"context"
	"strings"
	"sync"
)

// ServerAccounts reads the server's own user list where the appliance gives it: the
// license usage file of the console API when its user list is plain (the demo). A
// real appliance encrypts it (ErrUsageUnreadable); there `ghe-user-csv -o` in the
// admin shell is the source.
func (c *Client) ServerAccounts(ctx context.Context) ([]ServerAccount, error) {
	data, err := c.ExportUsage(ctx)
	if err != nil {
		return nil, err
	}
	return AccountsFromUsage(data)
}

// ReconcileFrom computes the breakdown of cl with what the server adds where it can
// be read, in parallel: its accounts (the projection, emails that are not primary),
// its suspended users and, from the cloud's Server Statistics, its dormant ones.
// None of these is needed: what cannot be read stays unknown, without a note.
func (c *Client) ReconcileFrom(ctx context.Context, cl *ConsumedLicenses) *Reconcile {
	var (
		wg        sync.WaitGroup
		accounts  []ServerAccount
		suspended *int
		dormant   *int
	)
	wg.Go(func() {
		if a, err := c.ServerAccounts(ctx); err == nil {
			accounts = a
		}
	})
	wg.Go(func() {
		if u, err := c.ServerUserCounts(ctx); err == nil {
			suspended = &u.Suspended
		}
	})
	if c.HasCloud() {
		wg.Go(func() { dormant = c.dormantUsers(ctx) })
	}
	wg.Wait()
	return NewReconcile(ReconcileInput{Licenses: cl, Accounts: accounts, Suspended: suspended, Dormant: dormant})
}

// dormantUsers is the latest Server Statistics record's dormant users of this
// server, nil when the appliance shares none or several servers do and none by the
// address used.
func (c *Client) dormantUsers(ctx context.Context) *int {
	recs, err := c.ServerStatistics(ctx, c.now().Add(-statsLookback))
	if err != nil {
		return nil
	}
	// This server's records: by the host name it was reached at, else the only host
	// the records name (a server reached at an address reports its configured name).
	host := c.serverURL.Hostname()
	hosts := map[string]bool{}
	for _, r := range recs {
		hosts[strings.ToLower(r.HostName)] = true
	}
	if !hosts[strings.ToLower(host)] && len(hosts) == 1 {
		host = recs[0].HostName
	}
	return dormantFromStatistics(recs, "", host)
}
