// Package snapshot keeps consumed-licenses results between runs, as files: the format
// (codec.go: a JSON head with each page's ETag, then the users in a compact
// binary form, then a checksum) and the Store (store.go) that reads and
// writes them atomically, owner-only, and remembers the last one in memory. The client
// asks with the kept validators and resumes after the kept pages through the
// client.SnapshotStore interface, which Store implements.
//
// It may import client (for the models it stores), atomicfile and the standard library.
package snapshot
