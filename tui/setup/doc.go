// Package setup is the console's guided setup: the four wizard steps that take a
// site admin from a server address and a token to "Server can sync user license
// count and usage" turned on and verified — Connect (the server, the token, TLS
// trust, the cloud look-ahead), Enterprise, GitHub Connect (its prerequisites) and
// License sync (the dropdown, its confirmation, the cloud's verdict and the seats
// projection shown while it is off).
//
// Each step is a common.Page built on the shared context; it may import tui/common
// and the client packages, never tui (which routes between the steps) or another
// page package.
package setup
