// Package client is licensesync's backend: it reads and changes GitHub Connect license
// sync on a GitHub Enterprise Server appliance and reads license usage on the connected
// GitHub Enterprise Cloud enterprise. It is built on go-github v60; endpoints v60 lacks
// are called through the same client with our own lenient types, so that auth, paging
// and errors stay uniform. It never imports the TUI or the simulator.
package client
