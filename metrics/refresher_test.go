package metrics

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil/promlint"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/status"
)

func ptr[T any](v T) *T { return &v }

// picture is a status as status --json carries it: both sides read.
func picture() *status.Status {
	return &status.Status{
		Server: status.ServerStatus{Hostname: "ghes.acme.test", License: &client.License{SeatsUsed: 2426,
			Seats: client.Seats{N: 2750}, SeatsAvailable: client.Seats{N: 324}}},
		Cloud: status.CloudStatus{Enterprise: "acme-cloud", SeatsPurchased: ptr(3300), SeatsConsumed: ptr(1800)},
	}
}

// fixed is a source that reads st every time.
func fixed(server string, st *status.Status) Source {
	return Source{Server: server, Read: func(context.Context) (*Picture, error) { return &Picture{Status: st}, nil }}
}

// scrape is the text exposition of r, linted and parsed.
func scrape(t *testing.T, r *Refresher) map[string]string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteText(&b, Registry(r)); err != nil {
		t.Fatal(err)
	}
	problems, err := promlint.New(bytes.NewReader(b.Bytes())).Lint()
	if err != nil || len(problems) > 0 {
		t.Fatalf("promlint: %v %+v\n%s", err, problems, b.String())
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatalf("the exposition does not parse: %v\n%s", err, b.String())
	}
	out := map[string]string{}
	for name := range families {
		out[name] = name
	}
	out["text"] = b.String()
	return out
}

// TestExpositionLintsAndCarriesThePicture: the exposition parses, passes promlint and
// carries the picture's numbers.
func TestExpositionLintsAndCarriesThePicture(t *testing.T) {
	r := NewRefresher("test", fixed("ghes.acme.test", picture()))
	if err := r.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := scrape(t, r)["text"]
	for _, want := range []string{`licensesync_server_seats{server="ghes.acme.test"} 2750`, `licensesync_server_seats_used{server="ghes.acme.test"} 2426`,
		`licensesync_cloud_seats_consumed{enterprise="acme-cloud"} 1800`, `licensesync_cloud_seats_purchased{enterprise="acme-cloud"} 3300`,
		`licensesync_server_seats_available{server="ghes.acme.test"} 324`, `licensesync_cloud_seats_available{enterprise="acme-cloud"} 1500`, `licensesync_build_info{`} {
		if !strings.Contains(got, want) {
			t.Errorf("want %q in:\n%s", want, got)
		}
	}
}

// TestConcurrentRefreshesReadOnce: 50 callers during one slow read cause one read.
func TestConcurrentRefreshesReadOnce(t *testing.T) {
	var reads atomic.Int32
	release := make(chan struct{})
	r := NewRefresher("test", Source{Server: "ghes.acme.test", Read: func(context.Context) (*Picture, error) {
		reads.Add(1)
		<-release
		return &Picture{Status: picture()}, nil
	}})
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() { defer wg.Done(); _ = r.Refresh(context.Background()) }()
	}
	for reads.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond) // let the other 49 arrive while the read is in flight
	close(release)
	wg.Wait()
	if n := reads.Load(); n != 1 {
		t.Fatalf("50 concurrent refreshes made %d reads", n)
	}
}

// TestFailingSourceLeavesSeriesAbsent: a failed read shows no seat series (never 0),
// marks the source down and counts the error.
func TestFailingSourceLeavesSeriesAbsent(t *testing.T) {
	r := NewRefresher("test", Source{Server: "ghes.acme.test", Read: func(context.Context) (*Picture, error) {
		return nil, errors.New("unreachable")
	}})
	_ = r.Refresh(context.Background())
	got := scrape(t, r)
	if _, ok := got["licensesync_server_seats"]; ok {
		t.Errorf("a failed read still shows seats:\n%s", got["text"])
	}
	for _, want := range []string{`licensesync_up{server="ghes.acme.test",source="server"} 0`, "licensesync_refresh_errors_total{"} {
		if !strings.Contains(got["text"], want) {
			t.Errorf("want %q in:\n%s", want, got["text"])
		}
	}
}
