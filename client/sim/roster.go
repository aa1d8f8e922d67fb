package sim

import "slices"

// Roster is the seeded people of a world as plain data, so that tests elsewhere can
// compute what GitHub's rules predict without going through the simulator's own indexes.
type Roster struct {
	ServerUsers  []RosterServerUser
	CloudMembers []RosterCloudMember
}

// RosterServerUser is one account on the appliance.
type RosterServerUser struct {
	ID           int64
	Login        string
	PrimaryEmail string
	Emails       []string // every email, the primary first
	Suspended    bool
}

// RosterCloudMember is one member of the cloud enterprise.
type RosterCloudMember struct {
	Login          string
	Name           string // "" when the account shows none
	VerifiedEmails []string
	DomainEmails   []string // the verified emails on the enterprise's domain
	SAMLNameID     string
	PendingInvites []string
	// VSOnly: no GitHub account, a Visual Studio subscription matched to none, with
	// VSEmail its subscription email.
	VSOnly  bool
	VSEmail string
}

// SeededRoster generates the world opts describe and returns its people.
func SeededRoster(opts Options) (*Roster, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	w := buildWorld(o)
	r := &Roster{
		ServerUsers:  make([]RosterServerUser, len(w.server)),
		CloudMembers: make([]RosterCloudMember, len(w.cloud)),
	}
	for i, u := range w.server {
		r.ServerUsers[i] = RosterServerUser{ID: u.id, Login: u.login, PrimaryEmail: u.primaryEmail,
			Emails: slices.Clone(u.emails), Suspended: u.suspended}
	}
	for i, c := range w.cloud {
		name := c.name
		if !c.hasName {
			name = ""
		}
		r.CloudMembers[i] = RosterCloudMember{Login: c.login, Name: name, VerifiedEmails: slices.Clone(c.verifiedEmails),
			DomainEmails: slices.Clone(c.domainEmails), SAMLNameID: c.samlNameID, PendingInvites: slices.Clone(c.pendingInvites),
			VSOnly: c.vsOnly, VSEmail: c.vsEmail}
	}
	return r, nil
}
