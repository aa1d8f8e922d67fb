package main

import (
	"encoding/csv"
	"io"

	"github.com/licensesync/licensesync/client/textsafe"
)

// csvWriter writes every CSV licensesync produces: each cell goes through
// textsafe.CSVCell (sanitized, then neutralised against formula injection), whatever
// column it is in.
type csvWriter struct{ w *csv.Writer }

func newCSVWriter(w io.Writer) *csvWriter { return &csvWriter{w: csv.NewWriter(w)} }

// Write writes one record, each cell made safe.
func (c *csvWriter) Write(record []string) error {
	safe := make([]string, len(record))
	for i, cell := range record {
		safe[i] = textsafe.CSVCell(cell)
	}
	return c.w.Write(safe)
}

// Flush writes what is buffered and returns the first error of any write.
func (c *csvWriter) Flush() error {
	c.w.Flush()
	return c.w.Error()
}
