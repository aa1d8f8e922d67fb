// Package licensesync is the module's root. It holds no code: the product is
// cmd/licensesync, and docs/ARCHITECTURE.md draws its packages. The root's test
// (layers_test.go) checks that every package imports only the packages the
// architecture lets it import.
package licensesync
