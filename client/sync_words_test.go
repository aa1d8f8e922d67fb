package client

import "testing"

// TestSyncStatusWordsOnlyRealValues: the documented status in words, nothing invented,
// anything else verbatim and marked unrecognised (control characters removed).
func TestSyncStatusWordsOnlyRealValues(t *testing.T) {
	for in, want := range map[string]string{
		"success":        "synced",
		" SUCCESS ":      "synced",
		"":               "no sync reported",
		"never_synced":   `"never_synced" (unrecognised)`,
		"fail\x1b[31med": `"failed" (unrecognised)`,
	} {
		if got := SyncStatusWords(in); got != want {
			t.Errorf("SyncStatusWords(%q) = %q, want %q", in, got, want)
		}
	}
}
