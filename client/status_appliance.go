package client

import (
	"context"
	"errors"
	"fmt"
)

// errNoServerToken is what a server read needs and appliance mode lacks.
var errNoServerToken = errors.New("no server token")

// noServerTokenError says, once, what a missing server token leaves out.
func (c *Client) noServerTokenError(op string) *Error {
	return &Error{Kind: KindUnauthorized, Op: op, Err: errNoServerToken,
		Hint: fmt.Sprintf("Set %s to a site admin's classic token for server users, seats in use and GitHub Connect; the license and hostname come from the appliance's own utilities.", c.tokenSource(sideServer))}
}

// ServerLicense is the license Status shows: in appliance mode from ghe-license info -j
// (no token needed), with the seats in use from the API when a server token is set;
// otherwise the API's. The note, when not "", says what could not be added.
func (c *Client) ServerLicense(ctx context.Context) (*License, string, error) {
	app := c.cfg.Appliance
	if app == nil {
		l, err := c.License(ctx)
		return l, "", err
	}
	l, err := app.License(ctx)
	if err != nil {
		if !c.HasServerToken() {
			return nil, "", err
		}
		// The utility failed; the API still knows the license.
		api, apiErr := c.License(ctx)
		if apiErr != nil {
			return nil, "", apiErr
		}
		return api, err.Error(), nil
	}
	if !c.HasServerToken() {
		return l, "Seats in use are not shown: ghe-license does not report them; " + c.noServerTokenError("").Hint, nil
	}
	api, apiErr := c.License(ctx)
	if apiErr != nil {
		return l, apiErr.Error(), nil
	}
	l.MergeUsage(api)
	return l, "", nil
}

// KnownHostname is the hostname GitHub knows this server by: ghe-config
// core.github-hostname in appliance mode, else "" (the caller keeps what it has).
func (c *Client) KnownHostname(ctx context.Context) (string, error) {
	if c.cfg.Appliance == nil {
		return "", nil
	}
	return c.cfg.Appliance.Hostname(ctx)
}
