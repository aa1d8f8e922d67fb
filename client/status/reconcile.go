package status

import (
	"context"
	"strings"
	"sync"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/seats"
)

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
	side := c.readServerSide(ctx, st)
	acc := c.serverAccounts(ctx, side, seats.NoServerUserListed(cl.Users), nil)
	return seats.NewReconcile(side.input(cl, acc))
}

// serverSide is what the server adds to a breakdown: its usage file (the accounts are
// decoded from it only when the breakdown is computed: a kept one needs its
// fingerprint alone), its suspended and dormant users.
type serverSide struct {
	usage      []byte // nil when it could not be exported
	usageSum   string // seats.UsageFingerprint(usage), once
	suspended  *int
	dormant    *int
	impossible []seats.Impossible
	server     string
}

// readServerSide reads the server side in parallel; what st has read is not read again.
func (c *Reader) readServerSide(ctx context.Context, st *Status) *serverSide {
	var (
		wg         sync.WaitGroup
		side       = &serverSide{}
		known      *client.ServerUsers
		dormantBad []seats.Impossible
		usersBad   []seats.Impossible
	)
	if st != nil {
		known, side.impossible = st.Server.Users, st.Impossible
	}
	if known != nil {
		side.suspended, side.dormant = known.Suspended, known.Dormant
	}
	wg.Go(func() { side.usage = c.exportUsage(ctx) })
	if known == nil {
		wg.Go(func() {
			if u, err := c.ServerUserCounts(ctx); err == nil {
				usersBad = believeUsers(u)
				side.suspended = u.Suspended
			}
		})
	}
	if c.HasCloud() && side.dormant == nil {
		wg.Go(func() { side.dormant, dormantBad = c.dormantUsers(ctx) })
	}
	wg.Wait()
	if c.HasServer() {
		side.server = c.ServerHostname()
	}
	side.impossible = append(append(side.impossible, usersBad...), dormantBad...)
	return side
}

// accountsRead is the server's accounts as a breakdown takes them, with what they
// were read from (key): the usage file's fingerprint and, where ghe-user-csv gave
// them, theirs.
type accountsRead struct {
	accounts []seats.ServerAccount
	source   string
	why      string // in the admin shell, why the accounts expected could not be read
	key      string
}

// serverAccounts reads the server's own user list where the appliance gives it: the
// license usage file of the console API when its user list is plain (the demo). A
// real appliance encrypts it (ErrUsageUnreadable); there, in appliance mode and
// beforeFirstSync, ghe-user-csv in the admin shell is the source. Only before the
// first sync: its accounts have no ids, so afterwards they match nothing in the
// cloud's list, and it reads every user of the appliance.
//
// usageDecodes, when not nil, is whether the usage file decodes, known from a kept
// breakdown of the same file: it is then not decoded at all (no accounts, only the
// key and source).
func (c *Reader) serverAccounts(ctx context.Context, side *serverSide, beforeFirstSync bool, usageDecodes *bool) accountsRead {
	acc := accountsRead{key: side.usageKey()}
	var err error = seats.ErrUsageUnreadable
	if side.usage != nil {
		switch {
		case usageDecodes != nil && *usageDecodes:
			acc.source, err = seats.AccountsFromUsageFile, nil
		case usageDecodes == nil:
			if acc.accounts, err = seats.AccountsFromUsage(side.usage); err == nil {
				acc.source = seats.AccountsFromUsageFile
			}
		}
	}
	if err == nil || c.app == nil || !beforeFirstSync {
		return acc
	}
	host := c.ServerHostname()
	if known, hostErr := c.app.Hostname(ctx); hostErr == nil && known != "" {
		host = known
	}
	if acc.accounts, err = c.app.UserAccounts(ctx, host); err != nil {
		acc.why = err.Error() // in the admin shell the list was expected: say why not
		acc.key += "+csv:none"
		return acc
	}
	acc.source = seats.AccountsFromUserCSV
	acc.key += "+csv:" + seats.AccountsFingerprint(acc.accounts)
	return acc
}

// usageKey names the usage file in an accountsRead's key: its fingerprint, or none.
func (side *serverSide) usageKey() string {
	if side.usage == nil {
		return "usage:none"
	}
	if side.usageSum == "" {
		side.usageSum = seats.UsageFingerprint(side.usage)
	}
	return "usage:" + side.usageSum
}

// input is the breakdown's input of cl (nil for a kept breakdown) and acc.
func (side *serverSide) input(cl *client.ConsumedLicenses, acc accountsRead) seats.ReconcileInput {
	suspended := side.suspended
	if suspended == nil && acc.source == seats.AccountsFromUserCSV { // no server token: the list says
		n := len(acc.accounts) - seats.ActiveAccounts(acc.accounts)
		suspended = &n
	}
	return seats.ReconcileInput{Licenses: cl, Accounts: acc.accounts, AccountsSource: acc.source, AccountsUnknown: acc.why,
		Suspended: suspended, Dormant: side.dormant, Server: side.server, Impossible: side.impossible}
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
