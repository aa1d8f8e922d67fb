package history

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func n(v int) *int { return &v }

func sample(at time.Time, consumed int) Sample {
	return Sample{At: at, Until: at, Source: SourceObserved, Server: "ghes.example.com",
		ServerSeatsUsed: n(90), ServerSeatsTotal: n(100), CloudConsumed: n(consumed), CloudPurchased: n(120), Syncs: []SyncPoint{}}
}

func openTemp(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "history.db")
	s, notice, err := Open(context.Background(), path)
	if err != nil || notice != "" {
		t.Fatalf("Open: %v %q", err, notice)
	}
	t.Cleanup(func() { s.Close() })
	s.now = func() time.Time { return t0 }
	return s, path
}

func all(t *testing.T, s *Store) []Sample {
	t.Helper()
	got, err := s.Samples(context.Background(), Query{})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestIdenticalConsecutiveSamplesAreFolded(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	for i, consumed := range []int{100, 100, 100, 101, 101, 100} {
		if err := s.Record(ctx, sample(t0.Add(time.Duration(i)*time.Minute), consumed)); err != nil {
			t.Fatal(err)
		}
	}
	got := all(t, s)
	if len(got) != 3 {
		t.Fatalf("got %d samples, want 3 (100, 101, 100): %+v", len(got), got)
	}
	if !got[0].At.Equal(t0) || !got[0].Until.Equal(t0.Add(2*time.Minute)) || *got[2].CloudConsumed != 100 {
		t.Fatalf("folded span wrong: %+v", got[0])
	}
	// A count of people counted twice is a change; a sample without one (not counted
	// this time) is not.
	counted := sample(t0.Add(10*time.Minute), 100)
	counted.CountedTwice = n(5)
	for i, smp := range []Sample{counted, sample(t0.Add(11*time.Minute), 100)} {
		if err := s.Record(ctx, smp); err != nil {
			t.Fatal(err)
		}
		if got := all(t, s); len(got) != 4 || *got[3].CountedTwice != 5 || !got[3].Until.Equal(smp.At) {
			t.Fatalf("after %d: %+v", i, got)
		}
	}
}

func TestOldSamplesAreCompactedToDailyPoints(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	old := startOfDay(t0.AddDate(0, 0, -100))
	// Two old days with three samples each, then a recent day with three.
	for _, day := range []time.Time{old, old.AddDate(0, 0, 1), startOfDay(t0.AddDate(0, 0, -1))} {
		for h, consumed := range []int{10, 11, 12} {
			s.now = func() time.Time { return day } // nothing is old yet while recording
			if err := s.Record(ctx, sample(day.Add(time.Duration(h+1)*time.Hour), consumed+day.Day())); err != nil {
				t.Fatal(err)
			}
		}
	}
	s.now = func() time.Time { return t0 }
	if err := s.Record(ctx, sample(t0, 500)); err != nil { // compaction runs with each record
		t.Fatal(err)
	}
	got := all(t, s)
	var daily, raw int
	for _, g := range got {
		if g.Daily {
			daily++
			if g.At.Hour() != 3 || *g.CloudConsumed != 12+g.At.Day() {
				t.Errorf("a daily point is not its day's last sample: %+v", g)
			}
		} else {
			raw++
		}
	}
	if daily != 2 || raw != 4 {
		t.Fatalf("daily %d raw %d, want 2 and 4: %+v", daily, raw, got)
	}
	// Points older than KeepDays go.
	s.now = func() time.Time { return t0.AddDate(0, 0, KeepDays) }
	if err := s.Record(ctx, sample(t0.AddDate(0, 0, KeepDays), 600)); err != nil {
		t.Fatal(err)
	}
	for _, g := range all(t, s) {
		if g.At.Before(old.AddDate(0, 0, 2)) {
			t.Fatalf("a point older than %d days was kept: %+v", KeepDays, g)
		}
	}
}

func TestBackfillAddsEachDailyPointOnceWithItsSource(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	var pts []Sample
	for d := range 40 {
		p := sample(t0.AddDate(0, 0, -d), 0)
		p.Source, p.Demo, p.CloudConsumed = SourceServerStatistics, true, nil
		pts = append(pts, p)
	}
	for want := range []int{40, 0} {
		added, err := s.Backfill(ctx, pts)
		if err != nil || added != []int{40, 0}[want] {
			t.Fatalf("backfill %d: added %d, %v", want, added, err)
		}
	}
	demo, _ := s.Samples(ctx, Query{Demo: true, Since: t0.AddDate(0, 0, -30)})
	real, _ := s.Samples(ctx, Query{})
	if len(demo) != 31 || len(real) != 0 || demo[0].Source != SourceServerStatistics || !demo[0].Daily || !demo[0].Demo {
		t.Fatalf("demo %d real %d first %+v", len(demo), len(real), demo)
	}
	if err := s.ForgetDemo(ctx); err != nil || len(all(t, s)) != 0 {
		t.Fatalf("ForgetDemo: %v", err)
	}
}

func TestAnOlderSchemaIsMigratedKeepingItsSamples(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	ctx := context.Background()
	v1, err := open(ctx, path, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v1.db.ExecContext(ctx, `INSERT INTO samples (at, until, server, seats_used, seats_total, consumed, purchased, syncs)
		VALUES (?, ?, 'ghes.example.com', 90, 100, 110, 120, '[{"server":"ghes.example.com","date":"2026-02-28","status":"success"}]')`, t0.Unix(), t0.Unix()); err != nil {
		t.Fatal(err)
	}
	v1.Close()
	s, notice, err := Open(ctx, path)
	if err != nil || notice != "" {
		t.Fatalf("Open: %v %q", err, notice)
	}
	defer s.Close()
	s.now = func() time.Time { return t0 }
	var version int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil || version != SchemaVersion {
		t.Fatalf("schema %d, %v", version, err)
	}
	got := all(t, s)
	if len(got) != 1 || got[0].Source != SourceObserved || got[0].Demo || *got[0].CloudConsumed != 110 || got[0].CountedTwice != nil || got[0].Syncs[0].Status != "success" {
		t.Fatalf("migrated sample: %+v", got)
	}
	// The new columns work.
	smp := sample(t0.Add(time.Hour), 111)
	smp.CountedTwice = n(7)
	if err := s.Record(ctx, smp); err != nil || *all(t, s)[1].CountedTwice != 7 {
		t.Fatalf("record after migration: %v", err)
	}
}

func TestANewerSchemaIsLeftAlone(t *testing.T) {
	_, path := openTemp(t)
	ctx := context.Background()
	s, _, _ := Open(ctx, path)
	if _, err := s.db.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion+1)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, _, err := Open(ctx, path); err == nil || !strings.Contains(err.Error(), "newer licensesync") {
		t.Fatalf("Open of a newer schema: %v", err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the newer database was moved: %v", err)
	}
}

func TestACorruptDatabaseIsMovedAsideOnceAndANewOneStarted(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "history.db")
	garbage := []byte("this is not SQLite, but someone's notes\n")
	if err := os.WriteFile(path, garbage, 0o600); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "demo-state.json")
	if err := os.WriteFile(other, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	s, notice, err := Open(ctx, path)
	if err != nil || !strings.Contains(notice, "moved aside to "+path+".corrupt-") || !strings.Contains(notice, "not a database") {
		t.Fatalf("Open: %v, notice %q", err, notice)
	}
	if err := s.Record(ctx, sample(t0, 1)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	aside, _ := filepath.Glob(path + ".corrupt-*")
	if len(aside) != 1 {
		t.Fatalf("moved aside: %v", aside)
	}
	if kept, _ := os.ReadFile(aside[0]); string(kept) != string(garbage) {
		t.Fatalf("the unreadable file was changed: %q", kept)
	}
	if _, err := os.Stat(other); err != nil {
		t.Fatalf("another file was touched: %v", err)
	}
	s, notice, err = Open(ctx, path)
	if err != nil || notice != "" || len(all(t, s)) != 1 {
		t.Fatalf("second Open: %v, notice %q (said once)", err, notice)
	}
	s.Close()
}

func TestADamagedDatabaseIsMovedAside(t *testing.T) {
	s, path := openTemp(t)
	for i := range 200 {
		if err := s.Record(context.Background(), sample(t0.Add(time.Duration(i)*time.Minute), i)); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	// Overwrite a page in the middle: the header stays valid, the b-tree does not.
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte(strings.Repeat("\xff", 4096)), 4096); err != nil {
		t.Fatal(err)
	}
	f.Close()
	s2, notice, err := Open(context.Background(), path)
	if err != nil || !strings.Contains(notice, "moved aside") {
		t.Fatalf("Open: %v, notice %q", err, notice)
	}
	s2.Close()
}

// TestTwoProcessesWriteAtOnce runs this test binary twice as writers (see TestMain)
// on one database; every sample of both must be there.
func TestTwoProcessesWriteAtOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	const each = 60
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for w := range 2 {
		wg.Go(func() {
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "HISTORY_WRITER_DB="+path, "HISTORY_WRITER_ID="+strconv.Itoa(w), "HISTORY_WRITER_N="+strconv.Itoa(each))
			if out, err := cmd.CombinedOutput(); err != nil {
				errs[w] = fmt.Errorf("writer %d: %v\n%s", w, err, out)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	s, _, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got := all(t, s)
	if len(got) != 2*each {
		t.Fatalf("got %d samples, want %d", len(got), 2*each)
	}
}

// TestBusyKnowsALockedDatabase: the open's retry rule recognises SQLite's own
// "database is locked", and nothing else.
func TestBusyKnowsALockedDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "locked.db")
	holder, err := sql.Open("sqlite", path+"?_txlock=exclusive")
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	if _, err := holder.Exec("CREATE TABLE t (x)"); err != nil {
		t.Fatal(err)
	}
	tx, err := holder.Begin() // an exclusive lock, held
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	other, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	_, err = other.Exec("INSERT INTO t VALUES (1)")
	if err == nil || !busy(err) {
		t.Fatalf("a write under another's exclusive lock: %v, busy %v", err, err != nil && busy(err))
	}
	if busy(fmt.Errorf("database is locked, said a proxy")) {
		t.Error("a look-alike message was taken for SQLite's code")
	}
}
