package tui

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/licensesync/licensesync/client/atomicfile"
	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/client/textsafe"
	"github.com/licensesync/licensesync/tui/common"
)

// exportedMsg says where `e` wrote the current view, or why it could not.
type exportedMsg struct {
	id   int
	path string
	host string // Options.ExportHost: the machine the file is on when not the admin's
	rows int
	err  error
}

// exportTable is a view as CSV: a header and its rows.
type exportTable struct {
	name   string // in the file name: users, counted-twice, breakdown
	header []string
	rows   [][]string
}

// exportCSV writes t to a new file in Options.ExportDir (default: the working
// directory) named licensesync-NAME-YYYYMMDD-HHMMSS.csv, readable by the owner only;
// it never replaces a file. Every cell is made safe and formula-neutral.
func exportCSV(sh *common.Shared, id int, t exportTable) tea.Cmd {
	dir, host := sh.Opts.ExportDir, sh.Opts.ExportHost
	name := "licensesync-" + t.name + "-" + sh.Now().UTC().Format("20060102-150405") + ".csv"
	return func() tea.Msg {
		if dir == "" {
			wd, err := os.Getwd()
			if err != nil {
				return exportedMsg{id: id, host: host, err: err}
			}
			dir = wd
		}
		path := filepath.Join(dir, name)
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		_ = w.Write(t.header)
		for _, r := range t.rows {
			cells := make([]string, len(r))
			for i, c := range r {
				cells[i] = textsafe.CSVCell(c)
			}
			_ = w.Write(cells)
		}
		w.Flush()
		if err := w.Error(); err != nil {
			return exportedMsg{id: id, err: err}
		}
		err := atomicfile.WriteNew(path, buf.Bytes(), 0o600)
		return exportedMsg{id: id, path: path, host: host, rows: len(t.rows), err: err}
	}
}

// usersExport is the users table as shown: filter and sort applied.
func usersExport(t *userTable) exportTable {
	out := exportTable{name: "users", header: []string{"login", "name", "server", "cloud", "license", "emails", "server_user_ids"}}
	for _, i := range t.shown {
		r := &t.rows[i]
		out.rows = append(out.rows, []string{r.login, r.name, strconv.FormatBool(r.server), strconv.FormatBool(r.cloud), r.license, r.emails, r.id})
	}
	return out
}

// findingsExport is the counted-twice view: the fields of `users --duplicates --csv`.
func findingsExport(rows []findingRow) exportTable {
	out := exportTable{name: "counted-twice", header: seats.FindingCSVHeader}
	for _, r := range rows {
		out.rows = append(out.rows, seats.FindingCSVRecord(r.f))
	}
	return out
}

// breakdownExport is the breakdown's numbers and meanings.
func breakdownExport(r *seats.Reconcile) exportTable {
	out := exportTable{name: "breakdown", header: []string{"what", "count", "meaning"}}
	for _, l := range r.Lines() {
		n := ""
		if l.Known {
			n = strconv.Itoa(l.N)
		}
		out.rows = append(out.rows, []string{l.Label, n, l.Meaning})
	}
	return out
}

// exportedText is the outcome of `e`, for the notice line.
func exportedText(msg exportedMsg) (string, bool) {
	where := ""
	if msg.host != "" {
		where = " on the server running licensesync serve (" + common.Clean(msg.host) + ")"
	}
	if msg.err != nil {
		return "Could not write the CSV file" + where + ": " + common.Clean(msg.err.Error()) + ". Start licensesync in a writable directory.", false
	}
	return "Wrote " + frontend.Thousands(msg.rows) + common.Pick(msg.rows == 1, " row", " rows") + " to " + common.Clean(msg.path) + where, true
}

// export writes the pane shown to a CSV file: the users (filter and sort applied),
// the people counted twice, or the breakdown.
func (p *dashboardPage) export() tea.Cmd {
	t := usersExport(&p.users.table)
	switch {
	case p.showing(p.twice):
		t = findingsExport(p.twice.list.rows)
	case p.showing(p.breakdown) && p.twice.rec.r != nil:
		t = breakdownExport(p.twice.rec.r)
	case p.showing(p.breakdown):
		return p.toast.show("Nothing to export yet: the breakdown is being counted.", false)
	case p.showing(p.users) && p.users.firstScreenOf > 0:
		return p.toast.show("Nothing to export yet: the users are being read ("+frontend.Thousands(p.users.firstScreenOf)+").", false)
	case !p.showing(p.users):
		return p.toast.show("This view has nothing to export; the users, counted twice and the breakdown do.", false)
	}
	return exportCSV(p.sh, p.sh.NewID(), t)
}
