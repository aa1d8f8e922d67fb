// Package history keeps licensesync's memory of license usage: one sample per read of
// the numbers (a status, a console refresh, serve's sampler) and the daily records the
// cloud's Server Statistics keep, in an embedded SQLite database
// ($XDG_STATE_HOME/licensesync/history.db). Identical consecutive samples are folded
// into one; samples older than 90 days are compacted to one point a day. Several
// processes may use the database at once (WAL, a busy timeout, immediate
// transactions); an unreadable database is moved aside and a new one started.
// docs/HISTORY.md describes the schema and the rules.
package history
