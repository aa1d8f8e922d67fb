package metrics

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/status"
)

// fleetPicture is one appliance of a fleet syncing into acme-cloud.
func fleetPicture(host string, used int) *status.Status {
	st := picture()
	st.Server.Hostname = host
	st.Server.License.SeatsUsed = used
	st.Cloud.Servers = []status.CloudServerSync{{Hostname: host, LastSync: client.LastSync{Date: "2026-12-01T10:00:00Z", Status: client.SyncSuccess}}}
	return st
}

// TestFleetFailingServerMarksOnlyItsOwnSeries: with three appliances, the one that
// cannot be read is down under its own server label; the others keep every series, and
// the cloud they share is served once.
func TestFleetFailingServerMarksOnlyItsOwnSeries(t *testing.T) {
	down := Source{Server: "ghes-2.acme.test", Read: func(context.Context) (*Picture, error) {
		return nil, &client.Error{Kind: client.KindUnreachable, Op: "GET /api/v3/meta", Err: errors.New("connection refused")}
	}}
	r := NewRefresher("test", fixed("ghes.acme.test", fleetPicture("ghes.acme.test", 100)), down,
		fixed("ghes-3.acme.test", fleetPicture("ghes-3.acme.test", 300)))
	if err := r.Refresh(context.Background()); err == nil || !strings.Contains(err.Error(), "ghes-2.acme.test") {
		t.Fatalf("the refresh's error should name the server that failed: %v", err)
	}
	text := scrape(t, r)["text"]
	for _, want := range []string{
		`licensesync_up{server="ghes.acme.test",source="server"} 1`,
		`licensesync_up{server="ghes-2.acme.test",source="server"} 0`,
		`licensesync_up{server="ghes-3.acme.test",source="server"} 1`,
		`licensesync_server_seats_used{server="ghes.acme.test"} 100`,
		`licensesync_server_seats_used{server="ghes-3.acme.test"} 300`,
		`licensesync_refresh_errors_total{cause="unreachable",server="ghes-2.acme.test"} 1`,
		`licensesync_last_sync_timestamp_seconds{server="ghes-3.acme.test"} 1.7961192e+09`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("want %q in:\n%s", want, text)
		}
	}
	for _, absent := range []string{`seats_used{server="ghes-2.acme.test"}`, `licensesync_last_refresh_timestamp_seconds{server="ghes-2.acme.test"}`} {
		if strings.Contains(text, absent) {
			t.Errorf("the failed server still has %q:\n%s", absent, text)
		}
	}
	if n := strings.Count(text, "licensesync_cloud_seats_consumed{"); n != 1 {
		t.Errorf("the shared cloud enterprise is served %d times:\n%s", n, text)
	}
}

// TestUnknownNumbersAreAbsent: numbers the picture does not know (nil, unlimited,
// unknown use) have no series, never a 0.
func TestUnknownNumbersAreAbsent(t *testing.T) {
	st := picture()
	st.Cloud.SeatsConsumed = nil
	st.Server.License.Seats = client.Seats{Unlimited: true}
	st.Server.License.SeatsUsedUnknown = true
	runOut := time.Unix(1_800_000_000, 0)
	r := NewRefresher("test", Source{Server: "ghes.acme.test", Read: func(context.Context) (*Picture, error) {
		return &Picture{Status: st, RunOut: &runOut}, nil
	}})
	if err := r.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	text := scrape(t, r)["text"]
	for _, absent := range []string{"licensesync_cloud_seats_consumed", "licensesync_cloud_seats_available", "licensesync_server_seats{",
		"licensesync_server_seats_used", "licensesync_server_seats_available", "licensesync_cloud_seats_runout_timestamp_seconds{"} {
		if strings.Contains(text, absent) {
			t.Errorf("%s is served though it is not known:\n%s", absent, text)
		}
	}
	if !strings.Contains(text, `licensesync_cloud_seats_purchased{enterprise="acme-cloud"} 3300`) {
		t.Errorf("the known purchased seats are missing:\n%s", text)
	}
}

// TestImpossibleNumbersAreAbsent: seats the status judged impossible (unknown there)
// have no series; the seats used that are believable still do.
func TestImpossibleNumbersAreAbsent(t *testing.T) {
	st := picture()
	st.Server.License.SeatsUnknown = true
	st.Server.License.SeatsAvailableUnknown = true
	r := NewRefresher("test", Source{Server: "ghes.acme.test", Read: func(context.Context) (*Picture, error) {
		return &Picture{Status: st}, nil
	}})
	if err := r.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	text := scrape(t, r)["text"]
	for _, absent := range []string{"licensesync_server_seats{", "licensesync_server_seats_available"} {
		if strings.Contains(text, absent) {
			t.Errorf("%s is served though it was impossible:\n%s", absent, text)
		}
	}
	if !strings.Contains(text, "licensesync_server_seats_used{") {
		t.Errorf("the believable seats used are missing:\n%s", text)
	}
}

// TestReclaimableSeatsAreServedPerLeverAndSide: each planned lever has a series per
// side; a lever the picture does not carry (it could not be planned) has none.
func TestReclaimableSeatsAreServedPerLeverAndSide(t *testing.T) {
	r := NewRefresher("test", Source{Server: "ghes.acme.test", Read: func(context.Context) (*Picture, error) {
		return &Picture{Status: picture(), Reclaimable: []Reclaimable{{Lever: "dormant", ServerSeats: 302, CloudSeats: 17}}}, nil
	}})
	if err := r.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	text := scrape(t, r)["text"]
	for _, want := range []string{
		`licensesync_reclaimable_seats{lever="dormant",server="ghes.acme.test",side="server"} 302`,
		`licensesync_reclaimable_seats{lever="dormant",server="ghes.acme.test",side="cloud"} 17`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %s:\n%s", want, text)
		}
	}
	if strings.Count(text, "licensesync_reclaimable_seats{") != 2 {
		t.Errorf("want exactly the two series of the one lever:\n%s", text)
	}
}

// TestRunOutAndRateLimitsAreServed: the trend's run-out and the rate-limit budgets the
// connection saw are series of their own.
func TestRunOutAndRateLimitsAreServed(t *testing.T) {
	runOut := time.Unix(1_800_000_000, 0)
	r := NewRefresher("test", Source{Server: "ghes.acme.test", Read: func(context.Context) (*Picture, error) {
		return &Picture{Status: picture(), RunOut: &runOut, Rates: []client.RateRemaining{
			{Side: "cloud", Resource: "core", Remaining: 4990, Limit: 5000},
			{Side: "cloud", Resource: "graphql", Remaining: 4999, Limit: 5000}}}, nil
	}})
	if err := r.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	text := scrape(t, r)["text"]
	for _, want := range []string{
		`licensesync_cloud_seats_runout_timestamp_seconds{enterprise="acme-cloud"} 1.8e+09`,
		`licensesync_rate_limit_remaining{resource="core",server="ghes.acme.test",side="cloud"} 4990`,
		`licensesync_rate_limit_remaining{resource="graphql",server="ghes.acme.test",side="cloud"} 4999`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("want %q in:\n%s", want, text)
		}
	}
}
