package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/client/sim"
	"github.com/licensesync/licensesync/client/snapshot"
	"github.com/licensesync/licensesync/client/status"
)

// The report of a small seeded world before its first sync (the projection and who it
// will count twice) and after it: the breakdown, every kind with its count and rule,
// each person with the fix, the date and the sources.
// Refresh with go test -run TestReportGolden -update.
func TestReportGolden(t *testing.T) {
	t.Parallel()
	for _, synced := range []bool{false, true} {
		t.Run(map[bool]string{false: "before-sync", true: "after-sync"}[synced], func(t *testing.T) {
			at := time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)
			s, err := sim.New(sim.Options{Seed: 3, Users: 60, CloudUsers: 45, LicenseSyncEnabled: synced, Now: func() time.Time { return at }})
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(s.Handler())
			t.Cleanup(srv.Close)
			c, err := client.New(client.Config{ServerURL: srv.URL, ServerToken: sim.ServerAdminToken, Enterprise: "acme",
				CloudURL: srv.URL + "/cloud/", CloudToken: sim.CloudAdminToken, CloudEnterprise: "acme-cloud", Snapshots: snapshot.NewStore(t.TempDir())})
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			r := status.New(c, nil)
			st, err := r.Status(ctx)
			if err != nil {
				t.Fatal(err)
			}
			rec, _, _, err := readReconcile(ctx, r, st, true)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			writeReport(&buf, reportData{At: at, UsersAt: at, Version: "v1.0.0-test", Status: st, R: rec})
			findings := rec.Findings
			if !synced {
				findings = rec.ProjectedFindings
			}
			for _, kind := range seats.FindingKinds {
				if !slices.ContainsFunc(findings, func(f seats.Finding) bool { return f.Kind == kind }) {
					t.Errorf("the seeded world shows no %s", kind)
				}
			}
			golden.RequireEqual(t, buf.Bytes())
		})
	}
}

// A login cannot format the report: Markdown characters in API strings are escaped.
func TestReportEscapesMarkdown(t *testing.T) {
	t.Parallel()
	users := []client.ConsumedUser{{GithubComLogin: "x|y*[z](http://a)", GithubComUser: client.FlexBool{V: new(bool)}}}
	*users[0].GithubComUser.V = true
	r := seats.NewReconcile(seats.ReconcileInput{Licenses: &client.ConsumedLicenses{TotalSeatsConsumed: 1, TotalSeatsPurchased: 1, Users: users}})
	r.Findings = []seats.Finding{{Kind: seats.KindLookalike, Confidence: seats.ConfidenceGuess, CloudLogin: users[0].GithubComLogin,
		Why: "`code` <b>", Fix: "# heading"}}
	var buf bytes.Buffer
	writeReport(&buf, reportData{At: time.Unix(0, 0), Version: "dev", Status: &status.Status{}, R: r})
	out := buf.String()
	for _, want := range []string{`x\|y\*\[z\](http://a)`, "\\`code\\` \\<b\\>", `Fix: \# heading`} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}
