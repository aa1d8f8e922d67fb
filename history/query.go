package history

import (
	"context"
	"time"
)

// Query selects samples: one server (its host name; empty: every server), from Since
// (zero: all), the demo's or the real ones.
type Query struct {
	Server string
	Since  time.Time
	Demo   bool
}

// Samples returns the matching samples, oldest first.
func (s *Store) Samples(ctx context.Context, q Query) ([]Sample, error) {
	rows, err := s.db.QueryContext(ctx, selectColumns+` WHERE (?1 = '' OR server = ?1) AND until >= ?2 AND demo = ?3 ORDER BY at, id`,
		q.Server, q.Since.Unix(), q.Demo)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Sample{}
	for rows.Next() {
		smp, _, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, smp)
	}
	return out, rows.Err()
}
