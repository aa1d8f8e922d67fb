package client

import "context"

// explainConsoleNotFound tells a stock appliance from a token that is not a site admin's:
// both answer 404 on the console API, so the token's account is asked. When the account
// is not a site admin, that is the error; otherwise (or when the question cannot be
// answered) the console API is missing.
func (c *Client) explainConsoleNotFound(ctx context.Context, notFound *Error) error {
	if _, err := c.Viewer(ctx); KindOf(err) == KindNotSiteAdmin {
		return err
	}
	return notFound
}
