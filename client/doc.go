// Package client is the GitHub API of both sides of license sync, in go-github's shape:
// New builds a Client of one GitHub Enterprise Server appliance and the GitHub
// Enterprise Cloud enterprise it is connected to, and every method is one API area's
// call, returning typed models or a typed *Error with a hint. It is built on go-github
// v60; endpoints v60 lacks are called through the same client with our own lenient
// types, so that auth, paging and errors stay uniform. It returns facts: what they mean
// is decided above it (seats, status).
//
// A file per API area: ghes.go and license.go (meta, user, the server license),
// server_users.go and server_statistics.go (Server Statistics on both sides),
// consumed.go with consumed_accumulator.go, userset.go, intern.go and paging_guard.go
// (consumed licenses, paged and bounded), cloud.go (license sync status, upload),
// graphql.go (the cloud's view of its servers), console.go (the appliance console API),
// dormant_report.go and suspension.go (the dormant-users report, suspending users),
// enterprise_orgs.go, invitations.go and visual_studio.go (the cloud's reclaim levers);
// the models (model.go, flex.go), decoding (decode.go, sanity.go), errors (errors.go,
// classify.go, cloud_forbidden.go, console_notfound.go, labels.go), requests (request.go)
// and their waits, said and capped (wait.go), the rate limit's budget and a paged read
// planned against it (budget.go, consumed_budget.go),
// the conditional reads against a kept snapshot (snapshot.go), and the bounds on what an
// answer may hold before it is decoded (item_bounds.go, header_values.go).
//
// It holds about 5,000 lines in 40 files, over the project's 25-file, 3,000-line bound:
// the seven API areas of two servers, with the models and the error classification
// each answer needs, are one concept, and splitting them would put a request and the
// reading of its answer in different packages (docs/ARCHITECTURE.md).
//
// It may import transport, textsafe, atomicfile, go-github and the standard library.
package client
