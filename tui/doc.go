// Package tui is licensesync's terminal console: a wizard that walks a GitHub Enterprise
// Server site admin through turning on "Server can sync user license count and usage",
// then a live dashboard of license usage on the server and in the cloud enterprise.
//
// One root Model routes to small page models that share a context (size, styles, keys,
// backend). Every request runs in a tea.Cmd and answers with a typed message that carries
// a request id; answers to superseded requests are dropped. View only joins strings that
// were laid out for the current window size, and every string that came from an API goes
// through textsafe.Sanitize before it reaches the screen.
package tui
