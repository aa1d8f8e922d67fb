package sim

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"time"
)

// userCSVHeader is the header ghe-user-csv -d prints. GitHub's docs only say the list
// has each user's email, type (admin/user), repository, SSH key and organization
// counts and last logged IP; these column names are UNCONFIRMED (docs/APPLIANCE.md),
// which is why licensesync reads them tolerantly.
var userCSVHeader = []string{"login", "email", "role", "ssh_keys", "org_memberships", "repos",
	"suspension_status", "large_scale_contributor", "last_logged_ip", "creation_date"}

// userCSVAt renders ghe-user-csv -o -d as of real: every server user of the roster,
// suspended ones included, with the primary email ("N/A" without one).
func (s *Sim) userCSVAt(real time.Time) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	err := s.update(real, false, func(time.Time) bool {
		_ = w.Write(userCSVHeader)
		for i := range s.w.server {
			u := &s.w.server[i]
			role, status, email := "user", "active", u.primaryEmail
			if u.siteAdmin {
				role = "admin"
			}
			if u.suspended {
				status = "suspended"
			}
			if email == "" {
				email = "N/A"
			}
			created := s.st.Created.Add(-time.Duration(u.id%1000) * 24 * time.Hour).UTC().Format(time.DateTime)
			_ = w.Write([]string{u.login, email, role, fmt.Sprint(u.id % 3), fmt.Sprint(u.id % 4), fmt.Sprint(u.id % 7),
				status, "false", fmt.Sprintf("10.%d.%d.%d", u.id>>16&255, u.id>>8&255, u.id&255), created})
		}
		return false
	})
	if err != nil {
		return nil, err
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// gheUserCSVStub prints the list as ghe-user-csv -o does: the header only with -d;
// without -o the real utility writes a file, which this stand-in does not.
const gheUserCSVStub = `#!/bin/sh
# Stand-in for GitHub Enterprise Server's ghe-user-csv, written by licensesync sim.
here=$(dirname "$0")
echo "ghe-user-csv $*" >> "$here/ghe-user-csv.calls"
out=no header=no
for a in "$@"; do
  case "$a" in
  -o|--stdout) out=yes ;;
  -d|--header) header=yes ;;
  -h|--help) echo "Usage: ghe-user-csv [-h] [-d] [-o] [-a|-u|-s]"; exit 0 ;;
  *) echo "ghe-user-csv: $a: not available in this stand-in" >&2; exit 1 ;;
  esac
done
if [ "$out" != yes ]; then echo "ghe-user-csv: this stand-in only prints (-o)" >&2; exit 1; fi
if [ "$header" = yes ]; then cat "$here/users.csv"; else sed 1d "$here/users.csv"; fi
`
