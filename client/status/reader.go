package status

import (
	"sync"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/appliance"
)

// Reader reads the whole picture of one server and its cloud enterprise: the client's
// API calls (embedded) and what is put together from them, Status, the breakdown of
// the seats (ReconcileFrom) and, in appliance mode, the license and hostname from the
// admin shell's utilities. It is what the console's Backend and the commands hold.
type Reader struct {
	*client.Client
	app *appliance.Appliance // the admin shell's utilities in appliance mode, else nil

	mu    sync.Mutex
	usage *usageExport // the usage file's export started early (PrefetchUsage), nil when none
}

// New is a Reader of c; app is the admin shell's utilities in appliance mode (c's
// Config.ApplianceMode set), else nil.
func New(c *client.Client, app *appliance.Appliance) *Reader { return &Reader{Client: c, app: app} }

// Appliance is the admin shell's utilities in appliance mode, else nil.
func (c *Reader) Appliance() *appliance.Appliance { return c.app }
