package status

import (
	"context"
	"strings"
	"sync"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/seats"
)

// ServerAccounts reads the server's own user list where the appliance gives it: the
// license usage file of the console API when its user list is plain (the demo). A
// real appliance encrypts it (ErrUsageUnreadable); there, in appliance mode and
// beforeFirstSync, ghe-user-csv in the admin shell is the source. Only before the
// first sync: its accounts have no ids, so afterwards they match nothing in the
// cloud's list, and it reads every user of the appliance. source names where the
// accounts came from.
func (c *Reader) ServerAccounts(ctx context.Context, beforeFirstSync bool) (accounts []seats.ServerAccount, source string, err error) {
	data, err := c.ExportUsage(ctx)
	if err == nil {
		if accounts, err = seats.AccountsFromUsage(data); err == nil {
			return accounts, seats.AccountsFromUsageFile, nil
		}
	}
	app := c.app
	if app == nil || !beforeFirstSync {
		return nil, "", err
	}
	host := c.ServerHostname()
	if known, hostErr := app.Hostname(ctx); hostErr == nil && known != "" {
		host = known
	}
	if accounts, err = app.UserAccounts(ctx, host); err != nil {
		return nil, "", err
	}
	return accounts, seats.AccountsFromUserCSV, nil
}

// ReconcileFrom computes the breakdown of cl with what the server adds where it can
// be read, in parallel: its accounts (the projection, emails that are not primary),
// its suspended users and, from the cloud's Server Statistics, its dormant ones.
// None of these is needed: what cannot be read stays unknown, without a note, except
// the accounts in appliance mode before the first sync, where ghe-user-csv was
// expected to give them (it also gives the suspended users without a server token).
// A count that cannot be true stays unknown and is said as impossible.
func (c *Reader) ReconcileFrom(ctx context.Context, cl *client.ConsumedLicenses) *seats.Reconcile {
	return c.ReconcileKnowing(ctx, cl, nil)
}

// ReconcileKnowing is ReconcileFrom with what a status has already read (nil when
// there is none): the server's suspended users, and its dormant ones where known, are
// taken from its Server.Users instead of being read again, with what of them was
// impossible.
func (c *Reader) ReconcileKnowing(ctx context.Context, cl *client.ConsumedLicenses, st *Status) *seats.Reconcile {
	var (
		wg         sync.WaitGroup
		accounts   []seats.ServerAccount
		source     string
		why        string
		suspended  *int
		dormant    *int
		known      *client.ServerUsers
		impossible []seats.Impossible
		dormantBad []seats.Impossible
		usersBad   []seats.Impossible
	)
	if st != nil {
		known, impossible = st.Server.Users, st.Impossible
	}
	if known != nil {
		suspended, dormant = known.Suspended, known.Dormant
	}
	wg.Go(func() {
		before := seats.NoServerUserListed(cl.Users)
		var err error
		if accounts, source, err = c.ServerAccounts(ctx, before); err != nil && c.app != nil && before {
			why = err.Error() // in the admin shell the list was expected: say why not
		}
	})
	if known == nil {
		wg.Go(func() {
			if u, err := c.ServerUserCounts(ctx); err == nil {
				usersBad = believeUsers(u)
				suspended = u.Suspended
			}
		})
	}
	if c.HasCloud() && dormant == nil {
		wg.Go(func() { dormant, dormantBad = c.dormantUsers(ctx) })
	}
	wg.Wait()
	if suspended == nil && source == seats.AccountsFromUserCSV { // no server token: the list says
		n := len(accounts) - seats.ActiveAccounts(accounts)
		suspended = &n
	}
	server := ""
	if !!c.HasServer() {
		server = c.ServerHostname()
	}
	impossible = append(append(impossible, usersBad...), dormantBad...)
	return seats.NewReconcile(seats.ReconcileInput{Licenses: cl, Accounts: accounts, AccountsSource: source, AccountsUnknown: why,
		Suspended: suspended, Dormant: dormant, Server: server, Impossible: impossible})
}

// dormantUsers is the latest Server Statistics record's dormant users of this
// server, nil when the appliance shares none or several servers do and none by the
// address used, or when it cannot be true (then bad says why).
func (c *Reader) dormantUsers(ctx context.Context) (dormant *int, bad []seats.Impossible) {
	recs, err := c.ServerStatistics(ctx, c.Now().Add(-statsLookback))
	if err != nil {
		return nil, nil
	}
	// This server's records: by the host name it was reached at, else the only host
	// the records name (a server reached at an address reports its configured name).
	host := c.ServerHostname()
	hosts := map[string]bool{}
	for _, r := range recs {
		hosts[strings.ToLower(r.HostName)] = true
	}
	if !hosts[strings.ToLower(host)] && len(hosts) == 1 {
		host = recs[0].HostName
	}
	return dormantFromStatistics(recs, "", host)
}
