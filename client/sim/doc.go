// Package sim is an in-memory GitHub Enterprise Server appliance and the GitHub
// Enterprise Cloud enterprise it is connected to, served over HTTP exactly as
// GitHub answers, for licensesync's --demo, tests and benchmarks. Clients reach it
// over a real socket; the package shares no types with package client.
//
// One handler serves both sides: GHES under /api/v3/ (meta, user, users, the
// enterprise license and stats, suspension, the console API of
// docs/CONSOLE_API.md, and the site-admin report /stafftools/reports/dormant_users.csv),
// GHEC under /cloud/ and /cloud/api/v3/ (user, consumed-licenses,
// license-sync-status, server-statistics, "Add server usage", organization
// invitations and Visual Studio subscriptions, GraphQL), GET /rate_limit on both
// (free, as on GitHub; 404 without an enforced primary limit, as GHES answers when
// rate limiting is disabled), and the sim's counters at GET /_sim/stats.
//
// The world is seeded (Options.Seed): server users with primary and other emails,
// some suspended, dormant or site admins; a license; cloud members with verified
// and verified-domain emails, roles, 2FA and Visual Studio subscriptions. About 60%
// of cloud members also have a server account, and some of them use a different
// email on each side, so they count twice. The seeded data is regenerated from the
// seed; only the mutable state (settings, sync jobs, sync and upload records,
// suspensions made through the API, the sim clock) is kept in Options.StateFile. Processes may share one state file: each
// reads it again before a request when another has saved it since.
//
// Counting follows GitHub's documentation: consumed licenses are the unique people
// among the cloud members and the non-suspended users of every server whose users
// reached the cloud, a server user being matched to a member when the server
// primary email equals one of the member's verified emails, ignoring case.
//
// Choices where GitHub documents nothing:
//   - license-sync-status lists the connected appliance from the start. Until a
//     sync job finishes or a usage file is uploaded its entry reads
//     {"date": "", "status": "", "error": ""}: GitHub documents no status but
//     "success", so the sim invents none for "never synced" (the web UI's "GitHub
//     Connect server usage never synced"); with GitHub Connect off the appliance is
//     not listed until a usage file is uploaded. A successful sync or upload reads
//     "success"; a failed job "failure" with its error, and the users of the last
//     success still count.
//   - Sync jobs are evaluated lazily from their start time on the sim clock (so a
//     later process with the same StateFile sees them finish): queued for the first
//     tenth of Options.SyncDuration, then running, then done. Enabling license sync
//     starts no job; the weekly schedule runs at enabled_at + k·7 days (k ≥ 1).
//   - Server users are listed in consumed-licenses only once their server synced;
//     people only on a server carry "" for github_com_two_factor_auth and an empty
//     github_com_enterprise_role, as GitHub's example shows.
//   - server-statistics answers 404 unless the appliance's GitHub Connect feature
//     Server Statistics is on (Options.ServerStatistics, or the console API); then
//     one record a day, collected at 23:59:59 UTC, for the days it was on.
//     features_enabled names only license sync ("license_usage_sync", the one name
//     the official example confirms), as of each day.
//   - Missing tokens get 401 "Requires authentication", bad ones 401 "Bad
//     credentials"; a token of the other side is a bad one.
//   - Without Options.PrimaryLimit the x-ratelimit-* headers show a 5000/hour
//     budget that is never exhausted; 304 answers do not spend it.
//
// It holds about 4,100 lines in 30 files, over the project's 25-file, 3,000-line
// bound: it is a second implementation of both GitHub APIs the client reads, one file
// per endpoint family, and exists for tests and the demo only; it imports nothing of
// licensesync's but atomicfile, so its size weighs on no other package.
package sim
