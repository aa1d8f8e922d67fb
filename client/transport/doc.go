// Package transport is the HTTP layer under both sides' API clients: the
// http.RoundTripper chain that adds a side's token only to its own host, caps bodies,
// traces exchanges without secrets (transport.go) and paces requests per endpoint
// (pacing.go); the one decision of what a rate-limit refusal is and how long it asks
// to wait (ratelimit.go); the retry policy (retry.go); GitHub's request ids and cache
// validators (request_id.go, cachecontrol.go). It returns plain errors and HTTP
// responses: the client turns them into typed errors with hints.
//
// It may import only the standard library, go-github and textsafe.
package transport
