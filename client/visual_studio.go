package client

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/licensesync/licensesync/client/textsafe"
)

// VSSubscription is one Visual Studio subscription with GitHub Enterprise of the
// cloud enterprise, as GET /enterprises/{enterprise}/visual-studio-subscriptions
// lists it. GitHub's REST reference does not document this endpoint's answer (see
// docs/RECLAIM.md, "Visual Studio"): the client reads an object holding a
// visual_studio_subscriptions list, or a bare list, of {id, email (or
// subscriber_email), license_status, matched_user: {login} or null}; the other fields
// are ignored. Every string is sanitized.
type VSSubscription struct {
	ID            int64
	Email         string
	LicenseStatus string
	MatchedLogin  string // "" while unmatched
}

// vsSubscriptionWire is the part of one subscription read.
type vsSubscriptionWire struct {
	ID              int64   `json:"id"`
	Email           *string `json:"email"`
	SubscriberEmail *string `json:"subscriber_email"`
	LicenseStatus   *string `json:"license_status"`
	MatchedUser     *struct {
		Login string `json:"login"`
	} `json:"matched_user"`
}

// vsPerPage and maxVSPages bound the subscriptions read.
const (
	vsPerPage  = 100
	maxVSPages = 100
)

// UnmatchedVSSubscriptions reads the enterprise's Visual Studio subscriptions not
// matched to a GitHub account (is_unmatched_only=true), every page.
func (c *Client) UnmatchedVSSubscriptions(ctx context.Context) ([]VSSubscription, error) {
	ent, err := c.CloudEnterprise(ctx)
	if err != nil {
		return nil, err
	}
	var out []VSSubscription
	for page := 1; page <= maxVSPages; page++ {
		r := request{side: SideCloud, method: http.MethodGet, area: areaCloudEnt,
			path:  "enterprises/" + url.PathEscape(ent) + "/visual-studio-subscriptions",
			op:    "read the unmatched Visual Studio subscriptions",
			query: url.Values{"is_unmatched_only": {"true"}, "per_page": {strconv.Itoa(vsPerPage)}, "page": {strconv.Itoa(page)}},
			items: []itemBound{
				{path: "visual_studio_subscriptions", max: vsPerPage, what: "subscriptions", asked: "the per_page=100 asked for"},
				{path: "[]", max: vsPerPage, what: "subscriptions", asked: "the per_page=100 asked for"},
			}}
		rep, err := c.send(ctx, r)
		if err != nil {
			return nil, err
		}
		if err := c.checkItems(r, rep.body); err != nil {
			return nil, err
		}
		list, err := decodeVSList(rep.body)
		if err != nil {
			return nil, c.badBody(r, rep.body, err)
		}
		for _, w := range list {
			out = append(out, w.subscription())
		}
		if len(list) < vsPerPage {
			break
		}
	}
	return out, nil
}

// decodeVSList reads either shape the list may come in.
func decodeVSList(body []byte) ([]vsSubscriptionWire, error) {
	var list []vsSubscriptionWire
	if strings.HasPrefix(strings.TrimSpace(string(body)), "[") {
		return list, json.Unmarshal(body, &list)
	}
	var obj struct {
		Subscriptions []vsSubscriptionWire `json:"visual_studio_subscriptions"`
	}
	err := json.Unmarshal(body, &obj)
	return obj.Subscriptions, err
}

func (w vsSubscriptionWire) subscription() VSSubscription {
	clean := func(s *string) string {
		if s == nil {
			return ""
		}
		return textsafe.Sanitize(Truncate(strings.TrimSpace(*s), 200))
	}
	v := VSSubscription{ID: w.ID, Email: clean(w.Email), LicenseStatus: clean(w.LicenseStatus)}
	if v.Email == "" {
		v.Email = clean(w.SubscriberEmail)
	}
	if w.MatchedUser != nil {
		v.MatchedLogin = textsafe.Sanitize(Truncate(w.MatchedUser.Login, 100))
	}
	return v
}

// MatchVSSubscription is PUT /enterprises/{enterprise}/visual-studio-subscriptions/{id}
// with user_identifier: the manual match of a subscription to a GitHub account. A
// write: sent once, never repeated blindly.
func (c *Client) MatchVSSubscription(ctx context.Context, id int64, login string) error {
	return c.vsMatch(ctx, http.MethodPut, id, map[string]string{"user_identifier": login},
		"match Visual Studio subscription "+strconv.FormatInt(id, 10)+" to "+textsafe.Sanitize(login))
}

// UnmatchVSSubscription is DELETE …/visual-studio-subscriptions/{id}: the manual
// match removed, the undo of MatchVSSubscription.
func (c *Client) UnmatchVSSubscription(ctx context.Context, id int64) error {
	return c.vsMatch(ctx, http.MethodDelete, id, nil, "remove the match of Visual Studio subscription "+strconv.FormatInt(id, 10))
}

func (c *Client) vsMatch(ctx context.Context, method string, id int64, body any, op string) error {
	ent, err := c.CloudEnterprise(ctx)
	if err != nil {
		return err
	}
	r := request{side: SideCloud, method: method, area: areaCloudEnt, op: op,
		path: "enterprises/" + url.PathEscape(ent) + "/visual-studio-subscriptions/" + strconv.FormatInt(id, 10)}
	if body != nil {
		r.body = body
	}
	_, err = c.send(ctx, r)
	return err
}
