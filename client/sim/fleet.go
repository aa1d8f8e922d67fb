package sim

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"
)

// Fleet is several simulated appliances syncing into one cloud enterprise: the first
// appliance's Sim serves the cloud for all; each other appliance delivers its syncs to
// that cloud with its users, which the cloud counts by GitHub's rule (one person per
// primary email across servers, DOMAIN §5).
type Fleet struct {
	Servers []*Server
}

// fleetShare is the share of each further appliance's users who are also people of
// the first appliance (the same primary email, in another case every other time).
const fleetShare = 0.25

// fleetHostname names appliance i (0-based) of a fleet.
func fleetHostname(base string, i int) string {
	if i == 0 {
		return base
	}
	host, domain, _ := strings.Cut(base, ".")
	return fmt.Sprintf("%s-%d.%s", host, i+1, domain)
}

// StartFleet serves n appliances (n >= 1), each on its own port of addr's host (with
// port 0 each gets a free one; with a fixed port P appliance i listens on P+i, so the
// fleet takes P to P+n-1), with
// license sync enabled and one sync behind each: appliance i has seed Seed+i, its own
// host name (ghes.acme.test, ghes-2.acme.test, …) and users, a quarter of whom (on
// appliances after the first) are people of the first appliance. Every appliance's
// cloud URL should be the first's (Fleet.CloudURL).
func StartFleet(opts Options, n int, addr string) (*Fleet, error) {
	if n < 1 || n > 20 {
		return nil, fmt.Errorf("sim: --servers %d: choose 1 to 20 appliances", n)
	}
	if opts.StateFile != "" {
		return nil, errors.New("sim: a fleet keeps no state file")
	}
	base, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	opts.LicenseSyncEnabled = true
	addrs, err := fleetAddrs(addr, n)
	if err != nil {
		return nil, err
	}
	f := &Fleet{}
	for i := range n {
		o := opts
		o.Seed, o.Hostname = opts.Seed+int64(i), fleetHostname(base.Hostname, i)
		srv, err := Start(o, addrs[i], "")
		if err != nil {
			f.Close()
			if len(addrs) > 1 && addrs[0] != addrs[1] {
				return nil, fmt.Errorf("%w (appliance %d of %d; a fleet on %s takes ports %s to %s)", err, i+1, n, addr, portOf(addrs[0]), portOf(addrs[n-1]))
			}
			return nil, err
		}
		f.Servers = append(f.Servers, srv)
		if i > 0 {
			srv.sharePeopleWith(f.Servers[0].Sim, i)
			srv.Sim.joinCloud(f.Servers[0].Sim)
		}
	}
	if opts.SeatsPurchased == 0 {
		f.Servers[0].Sim.purchaseForEveryone()
	}
	return f, nil
}

// fleetAddrs are the listen addresses of n appliances on addr: addr itself for each
// when its port is 0 (each listener picks a free port), else consecutive ports from
// addr's.
func fleetAddrs(addr string, n int) ([]string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("sim: --addr %q: %w", addr, err)
	}
	first, err := strconv.Atoi(port)
	if err != nil || first < 0 || first > 65535 {
		return nil, fmt.Errorf("sim: --addr %q: the port must be a number from 0 to 65535", addr)
	}
	out := make([]string, n)
	for i := range out {
		p := first
		if first != 0 {
			p = first + i
		}
		if p > 65535 {
			return nil, fmt.Errorf("sim: --addr %q with %d appliances: ports %d to %d do not all exist; choose a port up to %d", addr, n, first, first+n-1, 65536-n)
		}
		out[i] = net.JoinHostPort(host, strconv.Itoa(p))
	}
	return out, nil
}

// portOf is the port of a host:port address.
func portOf(addr string) string {
	_, port, _ := net.SplitHostPort(addr)
	return port
}

// purchaseForEveryone sets the cloud's purchased seats as the default does for one
// appliance: every unique person it counts, rounded up to a hundred.
func (s *Sim) purchaseForEveryone() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.w.seatsPurchased = roundUp(len(s.consumedNow().entries), 100)
}

// CloudURL is the fleet's one cloud.
func (f *Fleet) CloudURL() string { return f.Servers[0].CloudURL() }

// Close stops every appliance.
func (f *Fleet) Close() error {
	var errs []error
	for _, s := range f.Servers {
		errs = append(errs, s.Close())
	}
	return errors.Join(errs...)
}

// sharePeopleWith makes fleetShare of s's users people of first: their primary email
// becomes that of one of first's users (upper-cased every other time, as the same
// person typed differently). i varies which of first's users are taken.
func (s *Sim) sharePeopleWith(first *Sim, i int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	step := int(1 / fleetShare)
	for k := 0; k*step < len(s.w.server) && k < len(first.w.server); k++ {
		u := &s.w.server[k*step]
		other := first.w.server[(k*step+i)%len(first.w.server)]
		email := other.primaryEmail
		if k%2 == 1 {
			email = strings.ToUpper(email)
		}
		u.primaryEmail = email
		if len(u.emails) > 0 {
			u.emails[0] = email
		}
	}
}

// joinCloud makes s deliver its syncs to cloud (its own cloud side is then unused),
// starting with the sync already behind it.
func (s *Sim) joinCloud(cloud *Sim) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cloud = cloud
	if rec := s.st.record(s.w.serverID); rec != nil {
		s.deliver(*rec)
	}
}

// deliver hands this appliance's record of a sync to the fleet's cloud: its users as
// the cloud receives them (the non-suspended ones, as a sync sends). s.mu is held.
func (s *Sim) deliver(rec serverRecord) {
	var users []uploadedUser
	if rec.Counted {
		for _, u := range s.w.server {
			if !u.suspended {
				users = append(users, uploadedUser{ID: u.id, Login: u.login, PrimaryEmail: u.primaryEmail})
			}
		}
	}
	c := s.cloud
	c.mu.Lock()
	defer c.mu.Unlock()
	_ = c.update(c.opts.Now(), true, func(time.Time) bool {
		r := c.st.ensureRecord(rec.ServerID, rec.Hostname)
		r.Date, r.Status, r.Error, r.Connected = rec.Date, rec.Status, rec.Error, true
		if rec.Counted {
			r.Counted, r.Own, r.Users, r.UsersUploaded = true, false, users, len(users)
		}
		c.consumed = nil
		return true
	})
}

// Hostname is the name the appliance and the cloud know it by.
func (s *Sim) Hostname() string { return s.opts.Hostname }

// Enterprise is the appliance's enterprise slug.
func (s *Sim) Enterprise() string { return s.opts.Enterprise }

// CloudEnterprise is the cloud enterprise's slug.
func (s *Sim) CloudEnterprise() string { return s.opts.CloudEnterprise }
