package sim

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// installedVersion is the GHES release the sim claims to be.
const installedVersion = "3.22.0"

// licenseTimeLayout is how GET /enterprise/settings/license formats expire_at.
const licenseTimeLayout = "2006/01/02 15:04:05 -0700"

func (s *Sim) getMeta(c *call) *response {
	return jsonResponse(http.StatusOK, struct {
		VerifiablePasswordAuthentication bool     `json:"verifiable_password_authentication"`
		InstalledVersion                 string   `json:"installed_version"`
		Hooks                            []string `json:"hooks"`
		Git                              []string `json:"git"`
		Pages                            []string `json:"pages"`
		Web                              []string `json:"web"`
		API                              []string `json:"api"`
	}{true, installedVersion, []string{"127.0.0.1/32"}, []string{"127.0.0.1/32"}, []string{"127.0.0.1/32"}, []string{"127.0.0.1/32"}, []string{"127.0.0.1/32"}})
}

// wireSimpleUser is GitHub's simple-user, as far as GET /users lists it.
type wireSimpleUser struct {
	Login      string `json:"login"`
	ID         int64  `json:"id"`
	NodeID     string `json:"node_id"`
	AvatarURL  string `json:"avatar_url"`
	GravatarID string `json:"gravatar_id"`
	URL        string `json:"url"`
	HTMLURL    string `json:"html_url"`
	Type       string `json:"type"`
	SiteAdmin  bool   `json:"site_admin"`
}

// wireUser is a full user (GET /user, GET /users/{login}).
type wireUser struct {
	wireSimpleUser
	Name        *string `json:"name"`
	Email       *string `json:"email"`
	CreatedAt   string  `json:"created_at"`
	SuspendedAt *string `json:"suspended_at,omitempty"`
}

func (s *Sim) simpleUser(r *http.Request, u *serverUser) wireSimpleUser {
	root := requestURL(r)
	root.Path = ""
	return wireSimpleUser{
		Login:      u.login,
		ID:         u.id,
		NodeID:     base64.StdEncoding.EncodeToString([]byte("04:User" + strconv.FormatInt(u.id, 10))),
		AvatarURL:  root.String() + "/avatars/u/" + strconv.FormatInt(u.id, 10),
		GravatarID: "",
		URL:        root.String() + "/api/v3/users/" + url.PathEscape(u.login),
		HTMLURL:    root.String() + "/" + url.PathEscape(u.login),
		Type:       "User",
		SiteAdmin:  u.siteAdmin,
	}
}

// fullUser is a server user with name, email and dates, relative to the world's start;
// the state lock is held.
func (s *Sim) fullUser(r *http.Request, u *serverUser, created time.Time) wireUser {
	name, email := u.name, u.primaryEmail
	v := wireUser{wireSimpleUser: s.simpleUser(r, u), Name: &name, Email: &email,
		CreatedAt: *stamp(created.Add(-time.Duration(400+u.id%2000) * 24 * time.Hour))}
	v.SuspendedAt = s.suspendedAt(u)
	return v
}

func (s *Sim) getViewer(c *call) *response {
	if c.id.side == sideCloud {
		m := &s.w.cloud[0]
		root := requestURL(c.r)
		root.Path = ""
		v := wireUser{wireSimpleUser: wireSimpleUser{
			Login: m.login, ID: m.id,
			NodeID:    base64.StdEncoding.EncodeToString([]byte("04:User" + strconv.FormatInt(m.id, 10))),
			AvatarURL: "https://avatars.githubusercontent.com/u/" + strconv.FormatInt(m.id, 10),
			URL:       root.String() + "/cloud/users/" + m.login, HTMLURL: "https://github.com/" + m.login,
			Type: "User",
		}, CreatedAt: "2015-06-01T09:00:00Z"}
		if m.hasName {
			v.Name = &m.name
		}
		return jsonResponse(http.StatusOK, v)
	}
	idx := s.w.serverByLogin[c.id.login]
	return s.withState(c, func(time.Time) (*response, bool) {
		return jsonResponse(http.StatusOK, s.fullUser(c.r, &s.w.server[idx], s.st.Created)), false
	})
}

func (s *Sim) getUser(c *call) *response {
	idx, ok := s.w.serverByLogin[strings.ToLower(c.params["login"])]
	if !ok {
		return notFound(c.docs)
	}
	return s.withState(c, func(time.Time) (*response, bool) {
		return jsonResponse(http.StatusOK, s.fullUser(c.r, &s.w.server[idx], s.st.Created)), false
	})
}

// listUsers is GET /users: users in id order, paged by since (the last id seen).
func (s *Sim) listUsers(c *call) *response {
	q := c.r.URL.Query()
	since, _ := strconv.ParseInt(q.Get("since"), 10, 64)
	_, perPage := pageParams(q)
	users := s.w.server
	lo := sort.Search(len(users), func(i int) bool { return users[i].id > since })
	hi := min(lo+perPage, len(users))
	page := make([]wireSimpleUser, 0, hi-lo)
	for i := lo; i < hi; i++ {
		page = append(page, s.simpleUser(c.r, &users[i]))
	}
	resp := jsonResponse(http.StatusOK, page)
	if hi < len(users) {
		next := linkTo(c.r, map[string]string{"since": strconv.FormatInt(users[hi-1].id, 10), "per_page": strconv.Itoa(perPage)})
		resp.header.Set("Link", fmt.Sprintf(`<%s>; rel="next"`, next))
	}
	pause(c.r.Context(), s.opts.PageTime.Base+time.Duration(len(page))*s.opts.PageTime.PerItem)
	return resp
}

// wireLicense is GET /enterprise/settings/license; seats are a number or "unlimited".
type wireLicense struct {
	Seats               any    `json:"seats"`
	SeatsUsed           int    `json:"seats_used"`
	SeatsAvailable      any    `json:"seats_available"`
	Kind                string `json:"kind"`
	DaysUntilExpiration int    `json:"days_until_expiration"`
	ExpireAt            string `json:"expire_at"`
}

func (s *Sim) getLicense(c *call) *response {
	return s.withState(c, func(now time.Time) (*response, bool) {
		expire := s.st.Created.Add(s.opts.LicenseExpiresIn)
		days := expire.Sub(now) / (24 * time.Hour)
		if expire.Before(now) && expire.Sub(now)%(24*time.Hour) != 0 {
			days-- // round towards the past, as a calendar does
		}
		v := wireLicense{
			Seats: "unlimited", SeatsUsed: s.activeNow(), SeatsAvailable: "unlimited",
			Kind: s.opts.LicenseKind, DaysUntilExpiration: int(days), ExpireAt: expire.UTC().Format(licenseTimeLayout),
		}
		if s.opts.ServerSeats != Unlimited {
			v.Seats = s.opts.ServerSeats
			v.SeatsAvailable = max(s.opts.ServerSeats-s.activeNow(), 0)
		}
		return jsonResponse(http.StatusOK, v), false
	})
}

// wireUserStats is the users block of the admin stats.
type wireUserStats struct {
	TotalUsers     int `json:"total_users"`
	AdminUsers     int `json:"admin_users"`
	SuspendedUsers int `json:"suspended_users"`
}

func (s *Sim) userStats() wireUserStats {
	return wireUserStats{len(s.w.server), s.w.adminUsers, s.w.suspendedUsers}
}

// getStatsUsers is GET /enterprise/stats/users, with the suspensions made through the API.
func (s *Sim) getStatsUsers(c *call) *response {
	return s.withState(c, func(time.Time) (*response, bool) {
		v := s.userStats()
		active := s.activeNow()
		v.SuspendedUsers = v.TotalUsers - active
		return jsonResponse(http.StatusOK, v), false
	})
}

func (s *Sim) getStatsAll(c *call) *response {
	return jsonResponse(http.StatusOK, s.statsAll())
}

// wireStatsAll is GET /enterprise/stats/all, and the ghe_stats of a Server
// Statistics record.
type wireStatsAll struct {
	Repos      map[string]int `json:"repos"`
	Hooks      map[string]int `json:"hooks"`
	Pages      map[string]int `json:"pages"`
	Orgs       map[string]int `json:"orgs"`
	Users      wireUserStats  `json:"users"`
	Pulls      map[string]int `json:"pulls"`
	Issues     map[string]int `json:"issues"`
	Milestones map[string]int `json:"milestones"`
	Gists      map[string]int `json:"gists"`
	Comments   map[string]int `json:"comments"`
}

func (s *Sim) statsAll() wireStatsAll {
	k := s.w.counts
	type obj = map[string]int
	return wireStatsAll{
		Repos: obj{"total_repos": k.repos, "root_repos": k.rootRepos, "fork_repos": k.repos - k.rootRepos,
			"org_repos": k.orgRepos, "total_pushes": k.pushes, "total_wikis": k.wikis},
		Hooks:      obj{"total_hooks": k.hooks, "active_hooks": k.activeHooks, "inactive_hooks": k.hooks - k.activeHooks},
		Pages:      obj{"total_pages": k.pages},
		Orgs:       obj{"total_orgs": len(s.w.orgs), "disabled_orgs": 0, "total_teams": k.teams, "total_team_members": k.teamMembers},
		Users:      s.userStats(),
		Pulls:      obj{"total_pulls": k.pulls, "merged_pulls": k.mergedPulls, "mergeable_pulls": k.mergeablePulls, "unmergeable_pulls": k.pulls - k.mergedPulls - k.mergeablePulls},
		Issues:     obj{"total_issues": k.issues, "open_issues": k.openIssues, "closed_issues": k.issues - k.openIssues},
		Milestones: obj{"total_milestones": k.milestones, "open_milestones": k.openMilestones, "closed_milestones": k.milestones - k.openMilestones},
		Gists:      obj{"total_gists": k.gists, "private_gists": k.privateGists, "public_gists": k.gists - k.privateGists},
		Comments: obj{"total_commit_comments": k.commitComments, "total_gist_comments": k.gistComments,
			"total_issue_comments": k.issueComments, "total_pull_request_comments": k.pullComments},
	}
}
