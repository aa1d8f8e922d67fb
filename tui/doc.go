// Package tui is licensesync's terminal console: a wizard that walks a GitHub Enterprise
// Server site admin through turning on "Server can sync user license count and usage",
// then a live dashboard of license usage on the server and in the cloud enterprise.
//
// One root Model routes to small page models that share a context (size, styles, keys,
// backend). Every request runs in a tea.Cmd and answers with a typed message that carries
// a request id; answers to superseded requests are dropped. View only joins strings that
// were laid out for the current window size, and every string that came from an API goes
// through textsafe.Sanitize before it reaches the screen.
//
// The shared context, theme, keys and text helpers are in tui/common; the four setup
// steps are pages in tui/setup; the trend chart is tui/trend. This package keeps the
// root Model (routing, header, help bar, the fleet console) and the dashboard page with
// its panes: the status headline, sync now, the users table with its index, loader and
// kept first screen, the user detail, where the seats go, counted twice and export. That
// is 25 files and about 4,300 lines, over the house's bound of 3,000 lines, because the panes are one
// page: they share the dashboard's state (one users load feeds the table, the
// breakdown and counted twice) and their tests drive them through the whole Model. The
// next split is the users table (users.go, users_index.go, loader.go,
// users_first_screen.go: rows, index, sort, filter, the snapshot read) into tui/users behind an exported table API, with
// the tests that reach into it.
package tui
