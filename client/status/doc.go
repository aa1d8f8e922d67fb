// Package status puts together the whole picture of one server and its cloud
// enterprise from the client's API calls: the Status every front end shows (the
// `status --json` contract), where the seats go (ReconcileFrom, and ReconcileKept,
// the breakdown of the kept users that is kept next to their snapshot while nothing it
// was counted from changes), and, in appliance mode, what the admin shell's utilities
// add. Every number it passes on is one that can be true (client/seats judges them).
//
// It may import client, its leaf packages (appliance, seats, textsafe, atomicfile)
// and the standard library.
package status
