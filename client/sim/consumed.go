package sim

import (
	"slices"
	"strconv"
	"strings"
)

// consumedEntry is one unique person holding a license on the cloud side: a cloud
// member (cloud >= 0) and/or the server accounts matched to them.
type consumedEntry struct {
	cloud        int // index into world.cloud, or -1 for people only on servers
	serverIDs    []string
	serverEmails []string
}

// consumedView is the deduplicated license list, rebuilt only when what the cloud
// counts changes. Cloud members come first (by login), then server-only people in
// the order their servers reported them.
type consumedView struct {
	entries []consumedEntry
}

// buildConsumed applies GitHub's rule (docs/LICENSE_COUNTING.md): each unique person
// uses one license; a server user is the same person as a cloud member when the server
// primary email equals one of the member's verified emails, ignoring case; server users
// from several servers with one primary email are one person. Only servers whose users
// were received (a successful sync or an upload) count.
func (s *Sim) buildConsumed() *consumedView {
	w := s.w
	entries := make([]consumedEntry, len(w.cloud), len(w.cloud)+len(w.server))
	for i := range w.cloud {
		entries[i].cloud = i
	}
	serverOnly := map[string]int{}
	add := func(host string, id int64, email string) {
		key := strings.ToLower(email)
		idx, ok := w.cloudByEmail[key]
		if !ok {
			idx, ok = serverOnly[key]
		}
		if !ok {
			idx = len(entries)
			entries = append(entries, consumedEntry{cloud: -1})
			serverOnly[key] = idx
		}
		e := &entries[idx]
		e.serverIDs = append(e.serverIDs, host+":"+strconv.FormatInt(id, 10))
		e.serverEmails = append(e.serverEmails, email)
	}
	for _, rec := range s.st.Servers {
		if !rec.Counted {
			continue
		}
		if rec.Own {
			for i := range w.server {
				if u := &w.server[i]; !suspendedAtSync(u, &rec) {
					add(rec.Hostname, u.id, u.primaryEmail)
				}
			}
			continue
		}
		for _, u := range rec.Users {
			add(rec.Hostname, u.ID, u.PrimaryEmail)
		}
	}
	// A Visual Studio subscription matched by hand is counted with its account.
	entries = slices.DeleteFunc(entries, func(e consumedEntry) bool { return e.cloud >= 0 && w.cloud[e.cloud].vsOnly && s.vsMatched(e.cloud) })
	return &consumedView{entries: entries}
}

// consumedNow returns the current view, rebuilding it when stale. s.mu must be held.
func (s *Sim) consumedNow() *consumedView {
	if s.consumed == nil {
		s.consumed = s.buildConsumed()
	}
	return s.consumed
}

// wireConsumedUser is one user of GET /enterprises/{e}/consumed-licenses, with the
// field names and order of GitHub's example. As in that example, people only on a
// server carry "" for github_com_two_factor_auth and an extra
// github_com_enterprise_role.
type wireConsumedUser struct {
	GithubComLogin                  string   `json:"github_com_login"`
	GithubComName                   *string  `json:"github_com_name"`
	EnterpriseServerUserIDs         []string `json:"enterprise_server_user_ids"`
	GithubComUser                   bool     `json:"github_com_user"`
	EnterpriseServerUser            bool     `json:"enterprise_server_user"`
	VisualStudioSubscriptionUser    bool     `json:"visual_studio_subscription_user"`
	LicenseType                     string   `json:"license_type"`
	GithubComProfile                string   `json:"github_com_profile"`
	GithubComMemberRoles            []string `json:"github_com_member_roles"`
	GithubComEnterpriseRole         *string  `json:"github_com_enterprise_role,omitempty"`
	GithubComEnterpriseRoles        []string `json:"github_com_enterprise_roles"`
	GithubComVerifiedDomainEmails   []string `json:"github_com_verified_domain_emails"`
	GithubComSamlNameID             string   `json:"github_com_saml_name_id"`
	GithubComOrgsWithPendingInvites []string `json:"github_com_orgs_with_pending_invites"`
	GithubComTwoFactorAuth          any      `json:"github_com_two_factor_auth"`
	EnterpriseServerEmails          []string `json:"enterprise_server_emails"`
	VisualStudioLicenseStatus       string   `json:"visual_studio_license_status"`
	VisualStudioSubscriptionEmail   string   `json:"visual_studio_subscription_email"`
	TotalUserAccounts               int      `json:"total_user_accounts"`
}

// wireConsumed is one page of consumed-licenses; the totals are on every page.
type wireConsumed struct {
	TotalSeatsConsumed  int                `json:"total_seats_consumed"`
	TotalSeatsPurchased int                `json:"total_seats_purchased"`
	Users               []wireConsumedUser `json:"users"`
}

func (s *Sim) wireEntry(e *consumedEntry) wireConsumedUser {
	u := wireConsumedUser{
		EnterpriseServerUserIDs: nonNil(e.serverIDs),
		EnterpriseServerEmails:  nonNil(e.serverEmails),
		EnterpriseServerUser:    len(e.serverIDs) > 0,
		LicenseType:             "enterprise",
		TotalUserAccounts:       len(e.serverIDs),
	}
	if e.cloud < 0 {
		empty := ""
		u.GithubComName = &empty
		u.GithubComEnterpriseRole = &empty
		u.GithubComMemberRoles = []string{}
		u.GithubComEnterpriseRoles = []string{}
		u.GithubComVerifiedDomainEmails = []string{}
		u.GithubComOrgsWithPendingInvites = []string{}
		u.GithubComTwoFactorAuth = ""
		return u
	}
	c := &s.w.cloud[e.cloud]
	if c.vsOnly {
		// A subscription no GitHub account matched (the status word is UNCONFIRMED:
		// GitHub documents none but the field).
		empty := ""
		u.GithubComName = &empty
		u.GithubComMemberRoles, u.GithubComEnterpriseRoles = []string{}, []string{}
		u.GithubComVerifiedDomainEmails, u.GithubComOrgsWithPendingInvites = []string{}, []string{}
		u.GithubComTwoFactorAuth = ""
		u.VisualStudioSubscriptionUser = true
		u.VisualStudioLicenseStatus = "unmatched"
		u.VisualStudioSubscriptionEmail = c.vsEmail
		u.TotalUserAccounts = 1
		return u
	}
	u.GithubComLogin = c.login
	u.GithubComSamlNameID = c.samlNameID
	if c.hasName {
		u.GithubComName = &c.name
	}
	u.GithubComUser = true
	u.TotalUserAccounts++
	u.GithubComProfile = "https://github.com/" + c.login
	u.GithubComMemberRoles = c.memberRoles
	u.GithubComEnterpriseRoles = c.enterpriseRoles
	u.GithubComVerifiedDomainEmails = nonNil(c.domainEmails)
	u.GithubComOrgsWithPendingInvites = c.pendingInvites
	u.GithubComTwoFactorAuth = c.twoFactor
	if c.vsSubscriber {
		u.VisualStudioSubscriptionUser = true
		u.VisualStudioLicenseStatus = "active"
		u.VisualStudioSubscriptionEmail = c.vsEmail
	}
	return u
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
