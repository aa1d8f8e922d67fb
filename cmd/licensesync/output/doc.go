// Package output renders what licensesync's commands print: JSON made inert on a
// terminal, CSV with every cell made safe, the notes said on stderr, and the progress
// line of a long read. Every command's output goes through it, so that one rule holds
// everywhere.
//
// It may import the client packages; it never imports package main or another package
// under cmd/licensesync.
package output
