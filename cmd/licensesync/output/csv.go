package output

import (
	"encoding/csv"
	"io"

	"github.com/licensesync/licensesync/client/textsafe"
)

// CSVWriter writes every CSV licensesync produces: each cell goes through
// textsafe.CSVCell (sanitized, then neutralised against formula injection), whatever
// column it is in.
type CSVWriter struct{ w *csv.Writer }

func NewCSVWriter(w io.Writer) *CSVWriter { return &CSVWriter{w: csv.NewWriter(w)} }

// Write writes one record, each cell made safe.
func (c *CSVWriter) Write(record []string) error {
	safe := make([]string, len(record))
	for i, cell := range record {
		safe[i] = textsafe.CSVCell(cell)
	}
	return c.w.Write(safe)
}

// Flush writes what is buffered and returns the first error of any write.
func (c *CSVWriter) Flush() error {
	c.w.Flush()
	return c.w.Error()
}
