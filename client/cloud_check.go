package client

import "context"

// CheckCloud is the cloud side of the console's first step (docs/CLIENT_API.md): it finds
// the cloud enterprise (Config.CloudEnterprise, else GitHub Connect's) and reads its
// license sync status, which only an owner's token with read:enterprise may do. It
// returns the enterprise's slug; an error says precisely what failed (no token, the
// token refused, no such enterprise for this token, a missing scope) with a hint.
func (c *Client) CheckCloud(ctx context.Context) (string, error) {
	if err := c.needCloud("check the cloud token"); err != nil {
		return "", err
	}
	ent, err := c.CloudEnterprise(ctx)
	if err != nil {
		return "", err
	}
	if _, err := c.LicenseSyncStatus(ctx); err != nil {
		return ent, err
	}
	return ent, nil
}
