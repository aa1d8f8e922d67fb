package tui

import (
	"context"
	"slices"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/tui/common"
)

// The users table's first screen is kept beside the snapshot (client.Keep), so that a
// console's first frame shows the users at once however many there are: at 300,000
// users, decoding the snapshot and making and sorting its rows takes over a second,
// reading the first screen a few milliseconds. It is the first rows in the table's
// first order (by login, A to Z, no filter), the count of all rows and the widths of
// their columns, so the frame is the one the whole table draws. While the rest are
// made, what needs every row (another order, a filter, an export) waits for them.

const (
	firstScreenName    = "first-screen"
	firstScreenVersion = 1
	// firstScreenRows is more rows than any terminal shows at once.
	firstScreenRows = 300
	// maxFirstScreenBytes bounds the file read: 300 users of the cloud's fields.
	maxFirstScreenBytes = 4 << 20
	// maxKeptWidth bounds a kept column width: the table draws no column wider.
	maxKeptWidth = 1 << 12
)

// firstScreen is a kept first screen: the first users by login, the count of all of
// them and the widest login, name and license of all of them, in cells.
type firstScreen struct {
	Total   int                   `json:"total"`
	Login   int                   `json:"widest_login"`
	Name    int                   `json:"widest_name"`
	License int                   `json:"widest_license"`
	Users   []client.ConsumedUser `json:"users"`
}

// firstScreenTable is a kept first screen made into the table's rows: an index of the
// first users only, with the columns of all of them.
type firstScreenTable struct {
	users *client.ConsumedLicenses // the first screen's users alone
	index *userIndex
	total int // the rows of the whole table
	at    time.Time
}

// keepFirstScreen keeps the first screen of x, whose rows were made from cl's users in
// their order, beside the snapshot cl was read from or saved to (nothing when cl names
// none). A failure to write is no failure: the next console reads every user first.
func keepFirstScreen(b common.Backend, cl *client.ConsumedLicenses, x *userIndex) {
	if cl == nil || cl.Fetch.Snapshot == "" || len(cl.Users) != len(x.rows) {
		return
	}
	order := x.order(sortLogin, false)
	first := order[:min(len(order), firstScreenRows)]
	k := firstScreen{Total: len(x.rows), Login: x.widest.login, Name: x.widest.name, License: x.widest.license,
		Users: make([]client.ConsumedUser, len(first))}
	for i, r := range first {
		k.Users[i] = cl.Users[r]
	}
	_ = b.Keep(firstScreenName, firstScreenVersion, cl.Fetch.Snapshot, k)
}

// readFirstScreen is the first screen kept for the snapshot b would read now, nil when
// none is kept for it or what is kept is not one keepFirstScreen could have written
// (the file is a peer too).
func readFirstScreen(ctx context.Context, b common.Backend) *firstScreenTable {
	var k firstScreen
	at, ok := b.ReadKeptForSnapshot(ctx, firstScreenName, firstScreenVersion, maxFirstScreenBytes, &k)
	if !ok || len(k.Users) == 0 || len(k.Users) > firstScreenRows || k.Total < len(k.Users) || (k.Total > len(k.Users) && len(k.Users) < firstScreenRows) {
		return nil
	}
	x := newUserIndex(newUserRows(k.Users))
	if !slices.IsSorted(x.order(sortLogin, false)) || // not the first users by login
		x.widest.login > k.Login || x.widest.name > k.Name || x.widest.license > k.License ||
		max(k.Login, k.Name, k.License) > maxKeptWidth {
		return nil
	}
	x.widest = columnWidths{login: k.Login, name: k.Name, license: k.License}
	return &firstScreenTable{users: &client.ConsumedLicenses{Users: k.Users}, index: x, total: k.Total, at: at}
}

// firstOrder reports whether t shows its rows as a first screen has them: by login,
// A to Z, unfiltered.
func (t *userTable) firstOrder() bool { return isFirstOrder(t.filter, t.sort, t.desc) }

// isFirstOrder reports whether a table filtered by filter and sorted by sort (desc:
// reversed) shows its rows as a first screen has them.
func isFirstOrder(filter string, sort sortKey, desc bool) bool {
	return filter == "" && sort == sortLogin && !desc
}
