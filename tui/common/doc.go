// Package common is what every page of the console shares: the context a page reads
// (Shared: size, styles, keys, the backend, the options and the Session the wizard
// fills in), the Page interface and the Steps, the theme and its styles, the key map,
// text layout helpers (Fit, Pad, Hang, Clean), web links and the clipboard.
//
// It may import the client packages (client, client/status, client/seats,
// client/frontend, client/textsafe, client/atomicfile), history and assets; never a
// page package or tui itself. A name belongs here only when more than one page
// package uses it.
package common
