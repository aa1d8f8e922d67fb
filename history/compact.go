package history

import (
	"context"
	"database/sql"
	"time"
)

// Retention: observed samples are kept as they are for RawDays, then compacted to the
// last sample of each day; daily points are kept for KeepDays.
const (
	RawDays  = 90
	KeepDays = 2 * 365
)

// compact reduces observed samples older than RawDays (whole UTC days) to the last
// sample of each day, marked daily, and drops points older than KeepDays.
func compact(ctx context.Context, tx *sql.Tx, now time.Time) error {
	stmts := []string{
		`DELETE FROM samples WHERE daily = 0 AND at < ?1 AND id NOT IN (SELECT max(id) FROM samples
			WHERE daily = 0 AND at < ?1 GROUP BY server, source, demo, at / 86400)`,
		`UPDATE samples SET daily = 1 WHERE daily = 0 AND at < ?1`,
		`DELETE FROM samples WHERE at < ?2`,
	}
	rawCutoff := startOfDay(now.AddDate(0, 0, -RawDays)).Unix()
	keepCutoff := startOfDay(now.AddDate(0, 0, -KeepDays)).Unix()
	for _, q := range stmts {
		if _, err := tx.ExecContext(ctx, q, rawCutoff, keepCutoff); err != nil {
			return err
		}
	}
	return nil
}

func startOfDay(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
