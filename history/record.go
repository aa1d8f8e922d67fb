package history

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/licensesync/licensesync/client/status"
)

// Record adds an observed sample, or extends the latest one of the same server when
// the values are the same (folding), then compacts what has grown old.
func (s *Store) Record(ctx context.Context, smp Sample) error {
	if smp.Server == "" {
		return errors.New("a history sample needs its server's host name")
	}
	tx, err := s.db.BeginTx(ctx, nil) // immediate: one writer at a time, others wait
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	last, id, err := latest(ctx, tx, smp.Server, smp.Source, smp.Demo)
	if err != nil {
		return err
	}
	if id != 0 && sameValues(last, smp) && !smp.At.Before(last.At) {
		if _, err := tx.ExecContext(ctx, "UPDATE samples SET until = max(until, ?) WHERE id = ?", smp.At.Unix(), id); err != nil {
			return err
		}
	} else if _, err := insert(ctx, tx, smp, "INSERT"); err != nil {
		return err
	}
	if err := compact(ctx, tx, s.now()); err != nil {
		return err
	}
	return tx.Commit()
}

// RecordStatus records what one status read (FromStatus, at the store's clock);
// countedTwice is nil when the people counted twice were not counted. A status that
// names no server (the server could not be read) is not recorded: there is nothing
// to file it under.
func (s *Store) RecordStatus(ctx context.Context, st *status.Status, demo bool, countedTwice *int) error {
	if st.Server.Hostname == "" {
		return nil
	}
	return s.Record(ctx, FromStatus(st, s.now(), demo, countedTwice))
}

// Backfill adds daily points (Server Statistics records) that are not there yet and
// returns how many were new.
func (s *Store) Backfill(ctx context.Context, points []Sample) (int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	added := 0
	for _, p := range points {
		p.Daily = true
		n, err := insert(ctx, tx, p, "INSERT OR IGNORE")
		if err != nil {
			return 0, err
		}
		added += n
	}
	return added, tx.Commit()
}

// ForgetDemo deletes everything the demo recorded (--demo-reset).
func (s *Store) ForgetDemo(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, "DELETE FROM samples WHERE demo = 1")
	return err
}

// insert adds p with verb (INSERT, or INSERT OR IGNORE for a point that may be there
// already) and returns how many rows it added: 0 when one was ignored.
func insert(ctx context.Context, tx *sql.Tx, p Sample, verb string) (int, error) {
	syncs, err := json.Marshal(p.Syncs)
	if err != nil {
		return 0, err
	}
	until := p.Until
	if until.Before(p.At) {
		until = p.At
	}
	res, err := tx.ExecContext(ctx, verb+` INTO samples
		(at, until, server, source, demo, daily, seats_used, seats_total, consumed, purchased, counted_twice, syncs)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.At.Unix(), until.Unix(), p.Server, p.Source, p.Demo, p.Daily,
		p.ServerSeatsUsed, p.ServerSeatsTotal, p.CloudConsumed, p.CloudPurchased, p.CountedTwice, string(syncs))
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// latest is the newest sample of one server and source (id 0: none).
func latest(ctx context.Context, tx *sql.Tx, server, source string, demo bool) (Sample, int64, error) {
	row := tx.QueryRowContext(ctx, selectColumns+` WHERE server = ? AND source = ? AND demo = ? ORDER BY at DESC, id DESC LIMIT 1`, server, source, demo)
	smp, id, err := scan(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Sample{}, 0, nil
	}
	return smp, id, err
}

const selectColumns = `SELECT id, at, until, server, source, demo, daily, seats_used, seats_total, consumed, purchased, counted_twice, syncs FROM samples`

type scanner interface{ Scan(dest ...any) error }

func scan(r scanner) (Sample, int64, error) {
	var (
		smp       Sample
		id        int64
		at, until int64
		syncs     string
	)
	err := r.Scan(&id, &at, &until, &smp.Server, &smp.Source, &smp.Demo, &smp.Daily,
		&smp.ServerSeatsUsed, &smp.ServerSeatsTotal, &smp.CloudConsumed, &smp.CloudPurchased, &smp.CountedTwice, &syncs)
	if err != nil {
		return Sample{}, 0, err
	}
	smp.At, smp.Until = time.Unix(at, 0).UTC(), time.Unix(until, 0).UTC()
	if err := json.Unmarshal([]byte(syncs), &smp.Syncs); err != nil || smp.Syncs == nil {
		smp.Syncs = []SyncPoint{}
	}
	return smp, id, nil
}
