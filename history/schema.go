package history

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations bring the schema from version i to i+1; the schema version is SQLite's
// user_version. Never edit a migration that has shipped: append a new one.
var migrations = []string{
	// 1: samples of one server's numbers, folded while they stay the same.
	`CREATE TABLE samples (
		id          INTEGER PRIMARY KEY,
		at          INTEGER NOT NULL, -- unix seconds: first seen
		until       INTEGER NOT NULL, -- unix seconds: last seen with the same values
		server      TEXT NOT NULL,    -- the server's host name
		seats_used  INTEGER,
		seats_total INTEGER,          -- NULL: unlimited or unknown
		consumed    INTEGER,
		purchased   INTEGER,
		syncs       TEXT NOT NULL DEFAULT '[]' -- JSON: each server's last sync
	);
	CREATE INDEX samples_server_at ON samples(server, at);`,
	// 2: where a sample came from, demo data, daily points, the counted-twice count.
	`ALTER TABLE samples ADD COLUMN source TEXT NOT NULL DEFAULT 'observed';
	ALTER TABLE samples ADD COLUMN demo INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE samples ADD COLUMN daily INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE samples ADD COLUMN counted_twice INTEGER;
	CREATE UNIQUE INDEX samples_backfilled ON samples(server, source, demo, at) WHERE source <> 'observed';`,
}

// SchemaVersion is the schema this build writes.
var SchemaVersion = len(migrations)

// migrate brings the database up to SchemaVersion, inside one immediate transaction so
// that two processes opening a new file at once do not both migrate it.
func migrate(ctx context.Context, db *sql.DB, upTo int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	var version int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	if version > len(migrations) {
		return fmt.Errorf("%w: schema %d, this licensesync knows up to %d", ErrNewerSchema, version, len(migrations))
	}
	for v := version; v < upTo; v++ {
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			return fmt.Errorf("migrating the history to schema %d: %w", v+1, err)
		}
	}
	if upTo > version {
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", upTo)); err != nil {
			return err
		}
	}
	return tx.Commit()
}
