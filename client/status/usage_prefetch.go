package status

import "context"

// usageExport is an export of the usage file under way: data is set when done closes.
type usageExport struct {
	done chan struct{}
	data []byte // nil when it could not be exported
}

// PrefetchUsage starts exporting the usage file, for the breakdown that follows a
// Status: the export (tens of megabytes on a large appliance) runs while the status is
// read instead of after it. The next breakdown takes it; ctx bounds it.
func (c *Reader) PrefetchUsage(ctx context.Context) {
	u := &usageExport{done: make(chan struct{})}
	c.mu.Lock()
	c.usage = u
	c.mu.Unlock()
	go func() {
		defer close(u.done)
		if data, err := c.ExportUsageUnchecked(ctx); err == nil {
			u.data = data
		}
	}()
}

// exportUsage is the usage file, unchecked (the fingerprint and the decode need no
// check): the one PrefetchUsage started, once, else read now.
func (c *Reader) exportUsage(ctx context.Context) []byte {
	c.mu.Lock()
	u := c.usage
	c.usage = nil
	c.mu.Unlock()
	if u == nil {
		data, _ := c.ExportUsageUnchecked(ctx)
		return data
	}
	select {
	case <-u.done:
		return u.data
	case <-ctx.Done():
		return nil
	}
}
