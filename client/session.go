package client

import (
	"errors"
	"fmt"
)

// errNoServerToken is what a server read needs and appliance mode lacks.
var ErrNoServerToken = errors.New("no server token")

// noServerTokenError says, once, what a missing server token leaves out: in appliance
// mode the license and hostname still come from the utilities; for a cloud owner
// without a server token (docs/APPLIANCE.md) only the cloud side is shown.
func (c *Client) NoServerTokenError(op string) *Error {
	hint := fmt.Sprintf("Set %s to a site admin's classic token for server users, seats in use and GitHub Connect; the license and hostname come from the appliance's own utilities.", c.TokenSource(sideServer))
	if !c.cfg.ApplianceMode {
		hint = fmt.Sprintf("This needs the server: set --server and %s to a site admin's classic token; everything that needs only the cloud works without them.", c.TokenSource(sideServer))
	}
	return &Error{Kind: KindUnauthorized, Op: op, Err: ErrNoServerToken, Hint: hint}
}

// CloudOnly reports a cloud owner's session without a server token or appliance mode:
// only what needs the cloud alone can be read.
func (c *Client) CloudOnly() bool { return !c.HasServerToken() && !c.cfg.ApplianceMode }
