// Package metrics is licensesync as a Prometheus exporter: it turns the picture
// `status --json` is built from (a *status.Status, reconcile included) into
// Prometheus metrics (collector.go), keeps the last picture fresh in the background
// with never more than one read in flight (refresher.go), and writes the exposition
// once for node_exporter's textfile collector (textfile.go).
//
// It owns the metric names, their labels and the rule of absence: a number the
// picture does not know, or knows to be impossible, is an absent series, never a 0 or
// a NaN. No label holds a person: label values are server hostnames (through
// textsafe) and closed sets of words.
//
// It imports client/status and below (client, client/seats, client/textsafe,
// client/atomicfile) and client_golang; it reads nothing itself: the commands give it a
// Source that reads the picture.
package metrics
