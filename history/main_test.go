package history

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"
)

// TestMain runs the tests, or, with HISTORY_WRITER_DB set, is one writer process of
// TestTwoProcessesWriteAtOnce: HISTORY_WRITER_N samples of server writerID, each
// opening the database anew, as separate commands do.
func TestMain(m *testing.M) {
	path := os.Getenv("HISTORY_WRITER_DB")
	if path == "" {
		os.Exit(m.Run())
	}
	id, _ := strconv.Atoi(os.Getenv("HISTORY_WRITER_ID"))
	count, _ := strconv.Atoi(os.Getenv("HISTORY_WRITER_N"))
	if err := write(path, id, count); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

func write(path string, id, count int) error {
	ctx := context.Background()
	for i := range count {
		s, _, err := Open(ctx, path)
		if err != nil {
			return err
		}
		smp := sample(time.Now(), i)
		smp.Server = fmt.Sprintf("writer%d.example.com", id)
		err = s.Record(ctx, smp)
		s.Close()
		if err != nil {
			return err
		}
	}
	return nil
}
