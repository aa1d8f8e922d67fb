package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/licensesync/licensesync/client"
)

// writeJSON writes v as indented JSON: the scriptable form of every command.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// printGaps says on stderr what could not be read, one sanitized line each.
func printGaps(w io.Writer, gaps []string) {
	for _, g := range gaps {
		fmt.Fprintln(w, "licensesync: note: "+client.Sanitize(g))
	}
}

// orDash renders an empty value as a dash, sanitized.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return client.Sanitize(s)
}
