package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/licensesync/licensesync/client/textsafe"
)

// ServerUser is one account on the server as GET /api/v3/users/{username} gives it:
// enough to check a suspension before and after the write.
type ServerUser struct {
	ID        int64
	Login     string
	SiteAdmin bool
	// SuspendedAt is when the account was suspended, nil while it is not.
	SuspendedAt *time.Time
}

// serverUserWire is the part of GitHub's user object ServerUser reads.
type serverUserWire struct {
	ID          int64   `json:"id"`
	Login       string  `json:"login"`
	SiteAdmin   bool    `json:"site_admin"`
	SuspendedAt *string `json:"suspended_at"`
}

// ErrLDAPManaged is wrapped by the error of a suspension the appliance refuses with
// 403 because the account is managed by LDAP Sync (GitHub: Active Directory
// LDAP-authenticated users cannot be suspended through the API).
var ErrLDAPManaged = errors.New("the account is managed by LDAP Sync")

// ServerUser reads GET /api/v3/users/{username}.
func (c *Client) ServerUser(ctx context.Context, login string) (*ServerUser, error) {
	r := request{side: sideServer, method: http.MethodGet, path: "users/" + url.PathEscape(login),
		op: "read the server account " + textsafe.Sanitize(login), area: areaPublic}
	got, _, err := sendJSON[serverUserWire](ctx, c, r)
	if err != nil {
		return nil, err
	}
	u := &ServerUser{ID: got.ID, Login: textsafe.Sanitize(got.Login), SiteAdmin: got.SiteAdmin}
	if got.SuspendedAt != nil && strings.TrimSpace(*got.SuspendedAt) != "" {
		at, err := ParseTime(*got.SuspendedAt)
		if err != nil {
			return nil, c.badBody(r, nil, fmt.Errorf("suspended_at: %w", err))
		}
		u.SuspendedAt = &at
	}
	return u, nil
}

// SuspendUser is PUT /api/v3/users/{username}/suspended with the reason GitHub shows
// the user. It is a write: sent once, paced, never repeated blindly; after an
// ambiguous failure the error reports MaybeApplied and the caller reads the account
// back. A 403 for an LDAP-managed account wraps ErrLDAPManaged.
func (c *Client) SuspendUser(ctx context.Context, login, reason string) error {
	return c.suspension(ctx, http.MethodPut, "suspend "+textsafe.Sanitize(login), login, reason)
}

// UnsuspendUser is DELETE /api/v3/users/{username}/suspended, the undo of SuspendUser.
func (c *Client) UnsuspendUser(ctx context.Context, login, reason string) error {
	return c.suspension(ctx, http.MethodDelete, "unsuspend "+textsafe.Sanitize(login), login, reason)
}

// suspension sends one suspension write and explains GitHub's refusals.
func (c *Client) suspension(ctx context.Context, method, op, login, reason string) error {
	r := request{side: sideServer, method: method, path: "users/" + url.PathEscape(login) + "/suspended",
		op: op, area: areaAdmin, body: map[string]string{"reason": reason}}
	_, err := c.send(ctx, r)
	var e *Error
	if errors.As(err, &e) && e.Status == http.StatusForbidden {
		if strings.Contains(strings.ToLower(e.Err.Error()), "ldap") {
			e.Err = fmt.Errorf("%w: %v", ErrLDAPManaged, e.Err)
			e.Hint = "Suspend or remove the account in the directory; LDAP Sync then suspends it on the appliance."
		} else {
			e.Hint = fmt.Sprintf("Suspending needs a classic token of a site admin with the site_admin scope in %s.", c.TokenSource(sideServer))
		}
	}
	return err
}

// MaybeApplied reports whether err is a write's failure that leaves unknown whether
// the server applied it (a 5xx, a reset, a timeout): read the state back to know.
func MaybeApplied(err error) bool { return maybeApplied(err) }
