// Package metrics is licensesync as a Prometheus exporter: it turns the picture
// `status --json` is built from (a *status.Status, reconcile included, with the usage
// history's run-out estimate and the rate limits seen: a Picture, source.go) into
// Prometheus metrics (collector.go), keeps the last picture of every server of a fleet
// fresh in the background with never more than one refresh in flight and one failing
// server marking only its own series down (refresher.go), and writes the exposition
// once for node_exporter's textfile collector (textfile.go).
//
// It owns the metric names, their labels and the rule of absence: a number the
// picture does not know, or knows to be impossible, is an absent series, never a 0 or
// a NaN. No label holds a person: label values are server hostnames (through
// textsafe), cloud enterprise slugs and closed sets of words.
//
// It imports client/status and below (client, client/seats, client/textsafe,
// client/atomicfile) and client_golang; it reads nothing itself: the commands give it a
// Source per server that reads the picture.
package metrics
