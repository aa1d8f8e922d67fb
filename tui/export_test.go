package tui

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client/seats"
)

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// e writes the view on screen: the users with the filter applied, then the people
// counted twice; it says where, and cells cannot run as formulas.
func TestExportWritesTheCurrentView(t *testing.T) {
	t.Parallel()
	f := newFake()
	withEveryFinding(f)
	f.users[0].GithubComName = ptr("=HYPERLINK(\"http://x\")")
	opts := testOptions(f)
	opts.ExportDir = t.TempDir()
	h := newHarness(t, opts, 80, 24)
	h.toDashboard()

	h.keys(runes("/"), runes("a"), runes("n"), runes("n"), enter, runes("e"))
	users := filepath.Join(opts.ExportDir, "licensesync-users-20261124-120000.csv")
	if v := h.m.View(); !strings.Contains(strings.Join(strings.Fields(v), ""), "Wrote2rowsto"+users) {
		t.Fatalf("the export is not reported:\n%s", v)
	}
	recs := readCSV(t, users)
	if len(recs) != 3 || recs[0][0] != "login" || recs[1][0] != "ann-lee" || recs[2][0] != "ann.lee (server)" {
		t.Fatalf("users export: %q", recs)
	}

	h.keys(esc, runes("e"))
	if v := h.m.View(); !strings.Contains(v, "Could not write the CSV file") {
		t.Fatalf("a second export in the same second replaced the first:\n%s", v)
	}
	all := readCSV(t, users)
	if len(all) != 3 {
		t.Fatalf("the first export was replaced: %q", all)
	}

	h.keys(runes("d"), runes("e"))
	twice := readCSV(t, filepath.Join(opts.ExportDir, "licensesync-counted-twice-20261124-120000.csv"))
	if strings.Join(twice[0], ",") != strings.Join(seats.FindingCSVHeader, ",") || len(twice) != 6 {
		t.Fatalf("counted-twice export: %q", twice)
	}
	if twice[1][0] != seats.KindExactEmailSplit || !strings.Contains(twice[1][7], "primary email of ann-lee") {
		t.Fatalf("first finding: %q", twice[1])
	}

	h.keys(runes("b"), runes("e"))
	breakdown := readCSV(t, filepath.Join(opts.ExportDir, "licensesync-breakdown-20261124-120000.csv"))
	if len(breakdown) < 8 || breakdown[1][0] != "consumed" || breakdown[1][1] != "3040" {
		t.Fatalf("breakdown export: %q", breakdown)
	}
}

func TestExportCellsAreFormulaNeutral(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.users[0].GithubComName = ptr("=cmd|' /C calc'!A0")
	opts := testOptions(f)
	opts.ExportDir = t.TempDir()
	h := newHarness(t, opts, 80, 24)
	h.toDashboard()
	h.keys(runes("e"))
	recs := readCSV(t, filepath.Join(opts.ExportDir, "licensesync-users-20261124-120000.csv"))
	for _, r := range recs[1:] {
		if r[1] != "" && strings.ContainsRune("=+-@", rune(r[1][0])) {
			t.Fatalf("a formula reached the file: %q", r)
		}
	}
	if len(recs) != len(f.users)+1 {
		t.Fatalf("%d rows for %d users", len(recs)-1, len(f.users))
	}
}

// Under serve --ssh the file is written on the serving machine, not the admin's: the
// notice names it (Options.ExportHost); run locally, no machine is named.
func TestExportSaysWhichMachine(t *testing.T) {
	opts := testOptions(newFake())
	opts.ExportDir, opts.ExportHost = t.TempDir(), "ghes-admin-01"
	h := newHarness(t, opts, 120, 40)
	h.toDashboard()
	h.keys(runes("e"))
	if v := strings.Join(strings.Fields(h.m.View()), " "); !strings.Contains(v, "on the server running licensesync serve (ghes-admin-01)") {
		t.Fatalf("the notice does not say which machine:\n%s", h.m.View())
	}
	opts = testOptions(newFake())
	opts.ExportDir = t.TempDir()
	h = newHarness(t, opts, 120, 40)
	h.toDashboard()
	h.keys(runes("e"))
	if v := h.m.View(); !strings.Contains(v, "Wrote") || strings.Contains(v, "licensesync serve") {
		t.Fatalf("a local export names a machine:\n%s", v)
	}
}
