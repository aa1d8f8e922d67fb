package history

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkRecordChanged is one command's cost of recording a sample that differs
// from the last (an insert, in its own transaction, with compaction's checks).
func BenchmarkRecordChanged(b *testing.B) {
	s, _, err := Open(context.Background(), filepath.Join(b.TempDir(), "history.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for i := 0; b.Loop(); i++ {
		if err := s.Record(context.Background(), sample(time.Now(), i)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRecordFolded is the cost of a sample equal to the last (an update).
func BenchmarkRecordFolded(b *testing.B) {
	s, _, err := Open(context.Background(), filepath.Join(b.TempDir(), "history.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for b.Loop() {
		if err := s.Record(context.Background(), sample(time.Now(), 1)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpen is what every command pays to open the history (with quick_check).
func BenchmarkOpen(b *testing.B) {
	path := filepath.Join(b.TempDir(), "history.db")
	s, _, err := Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	for i := range 5000 {
		_ = s.Record(context.Background(), sample(time.Now().Add(time.Duration(i)*time.Minute), i))
	}
	s.Close()
	for b.Loop() {
		s, _, err := Open(context.Background(), path)
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}
