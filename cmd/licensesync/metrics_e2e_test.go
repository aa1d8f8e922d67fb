package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/licensesync/licensesync/client/sim"
)

// exposition parses a text exposition into "name{l="v",…}" → value, labels in order.
func exposition(t *testing.T, text string) map[string]float64 {
	t.Helper()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(strings.NewReader(text))
	if err != nil {
		t.Fatalf("the exposition does not parse: %v\n%s", err, text)
	}
	out := map[string]float64{}
	for name, f := range families {
		for _, m := range f.GetMetric() {
			var labels []string
			for _, l := range m.GetLabel() {
				labels = append(labels, l.GetName()+"="+l.GetValue())
			}
			key := name + "{" + strings.Join(labels, ",") + "}"
			switch f.GetType() {
			case dto.MetricType_COUNTER:
				out[key] = m.GetCounter().GetValue()
			default:
				out[key] = m.GetGauge().GetValue()
			}
		}
	}
	return out
}

// The "values equal status --json on the same sim": seats, consumed, purchased,
// the last sync, matched / server-only / cloud-only and counted twice, each read from
// both outputs of one in-process simulator.
func TestMetricsEqualStatusJSON(t *testing.T) {
	t.Parallel()
	p := startInProcSim(t, baseEnv(t), sim.Options{LicenseSyncEnabled: true}, nil)
	r := runBin(t, p.env, "status", "--json")
	if r.code != 0 {
		t.Fatalf("status --json: %s", r)
	}
	var st struct {
		Server struct {
			Hostname string
			License  struct {
				Seats          int    `json:"seats"`
				SeatsUsed      int    `json:"seats_used"`
				SeatsAvailable int    `json:"seats_available"`
				ExpiresAt      string `json:"expires_at"`
			}
		}
		Cloud struct {
			Enterprise     string
			SeatsPurchased int `json:"seats_purchased"`
			SeatsConsumed  int `json:"seats_consumed"`
			Servers        []struct {
				Hostname string
				LastSync struct{ Date, Status string } `json:"last_sync"`
			}
		}
		Reconcile struct {
			Both         int            `json:"both"`
			ServerOnly   int            `json:"server_only"`
			CloudOnly    int            `json:"cloud_only"`
			CountedTwice map[string]int `json:"counted_twice"`
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
		t.Fatal(err)
	}
	m := runBin(t, p.env, "metrics")
	if m.code != 0 {
		t.Fatalf("metrics: %s", m)
	}
	got := exposition(t, m.stdout)
	host, ent := "server="+st.Server.Hostname, "enterprise="+st.Cloud.Enterprise
	if len(st.Cloud.Servers) != 1 || st.Cloud.Servers[0].LastSync.Status != "success" {
		t.Fatalf("the sim should list this server's successful sync: %+v", st.Cloud.Servers)
	}
	lastSync, err := time.Parse(time.RFC3339, st.Cloud.Servers[0].LastSync.Date)
	if err != nil {
		t.Fatal(err)
	}
	expires, err := time.Parse(time.RFC3339, st.Server.License.ExpiresAt)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{
		"licensesync_server_seats{" + host + "}":                                               float64(st.Server.License.Seats),
		"licensesync_server_seats_used{" + host + "}":                                          float64(st.Server.License.SeatsUsed),
		"licensesync_server_seats_available{" + host + "}":                                     float64(st.Server.License.SeatsAvailable),
		"licensesync_license_expiry_timestamp_seconds{" + host + "}":                           float64(expires.Unix()),
		"licensesync_cloud_seats_consumed{" + ent + "}":                                        float64(st.Cloud.SeatsConsumed),
		"licensesync_cloud_seats_purchased{" + ent + "}":                                       float64(st.Cloud.SeatsPurchased),
		"licensesync_cloud_seats_available{" + ent + "}":                                       float64(st.Cloud.SeatsPurchased - st.Cloud.SeatsConsumed),
		"licensesync_last_sync_timestamp_seconds{server=" + st.Cloud.Servers[0].Hostname + "}": float64(lastSync.Unix()),
		"licensesync_last_sync_success{server=" + st.Cloud.Servers[0].Hostname + "}":           1,
		"licensesync_people{kind=matched," + host + "}":                                        float64(st.Reconcile.Both),
		"licensesync_people{kind=server_only," + host + "}":                                    float64(st.Reconcile.ServerOnly),
		"licensesync_people{kind=cloud_only," + host + "}":                                     float64(st.Reconcile.CloudOnly),
		"licensesync_up{" + host + ",source=server}":                                           1,
		"licensesync_up{" + host + ",source=cloud}":                                            1,
	}
	for kind, n := range st.Reconcile.CountedTwice {
		if kind != "people" {
			want["licensesync_counted_twice_people{kind="+kind+","+host+"}"] = float64(n)
		}
	}
	if st.Reconcile.Both == 0 || st.Cloud.SeatsConsumed == 0 {
		t.Fatalf("the sim should give numbers to compare: %s", r.stdout)
	}
	for key, v := range want {
		if g, ok := got[key]; !ok || g != v {
			t.Errorf("%s = %v (present %v), status --json says %v", key, g, ok, v)
		}
	}
	if t.Failed() {
		t.Logf("metrics:\n%s", m.stdout)
	}
	// The reclaimable seats are the totals of the plan `reclaim --json` prints.
	rc := runBin(t, p.env, "reclaim", "--json")
	if rc.code != 0 {
		t.Fatalf("reclaim --json: %s", rc)
	}
	var plan struct {
		Totals []struct {
			Lever      string `json:"lever"`
			ServerSeat int    `json:"server_seats_freed"`
			CloudSeat  int    `json:"cloud_seats_freed"`
		} `json:"totals"`
	}
	if err := json.Unmarshal([]byte(rc.stdout), &plan); err != nil || len(plan.Totals) == 0 {
		t.Fatalf("reclaim --json plans nothing to compare (%v): %s", err, rc.stdout)
	}
	for _, tot := range plan.Totals {
		for side, v := range map[string]int{"server": tot.ServerSeat, "cloud": tot.CloudSeat} {
			key := "licensesync_reclaimable_seats{lever=" + tot.Lever + "," + host + ",side=" + side + "}"
			if g, ok := got[key]; !ok || g != float64(v) {
				t.Errorf("%s = %v (present %v), reclaim --json says %v", key, g, ok, v)
			}
		}
	}
}

// A fleet with one appliance that cannot be reached: one exporter serves the three
// that can, each under its own server label, and only the fourth is down.
func TestMetricsFleetOneServerDown(t *testing.T) {
	t.Parallel()
	env := startSim(t, baseEnv(t), "--servers", "3")
	fleet, err := os.ReadFile(envValue(env, "LICENSESYNC_CONFIG"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "fleet.yml")
	gone := string(fleet) + "  - {name: gone, url: \"http://127.0.0.1:1\", hostname: ghes-gone.acme.test, enterprise: acme}\n"
	if err := os.WriteFile(path, []byte(gone), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runBin(t, withEnv(env, "LICENSESYNC_CONFIG", path), "metrics")
	if r.code != 1 || !strings.Contains(r.stderr, "ghes-gone.acme.test") {
		t.Fatalf("want exit 1 naming the server that could not be read:\n%s", r)
	}
	got := exposition(t, r.stdout)
	for _, host := range []string{"ghes.acme.test", "ghes-2.acme.test", "ghes-3.acme.test"} {
		if got["licensesync_up{server="+host+",source=server}"] != 1 || got["licensesync_server_seats_used{server="+host+"}"] == 0 {
			t.Errorf("%s should be up with its seats:\n%s", host, r.stdout)
		}
	}
	if v, ok := got["licensesync_up{server=ghes-gone.acme.test,source=server}"]; !ok || v != 0 {
		t.Errorf("the unreachable server should be down:\n%s", r.stdout)
	}
	for key := range got {
		if strings.Contains(key, "ghes-gone") && !strings.HasPrefix(key, "licensesync_up{") && !strings.HasPrefix(key, "licensesync_refresh_errors_total{") {
			t.Errorf("the unreachable server has a series %s", key)
		}
	}
	if got["licensesync_refresh_errors_total{cause=unreachable,server=ghes-gone.acme.test}"] != 1 {
		t.Errorf("the failure should be counted by cause:\n%s", r.stdout)
	}
}

// servedLine is what the exporter says on stderr once /metrics is served.
var servedLine = regexp.MustCompile(`serving http://(127\.0\.0\.1:\d+)/metrics`)

// `metrics --listen` and `serve --metrics` (alone, or beside the SSH consoles) serve
// the same /metrics, OpenMetrics to a scraper that asks for it, and stop on SIGTERM
// with exit 0 as serve and sim do.
func TestMetricsServedAndStoppedBySIGTERM(t *testing.T) {
	t.Parallel()
	p := startInProcSim(t, baseEnv(t), sim.Options{LicenseSyncEnabled: true}, nil)
	for _, args := range [][]string{{"metrics", "--listen", "127.0.0.1:0"}, {"serve", "--metrics", "127.0.0.1:0"},
		{"serve", "--ssh", "127.0.0.1:0", "--insecure-no-auth", "--metrics", "127.0.0.1:0"}} {
		t.Run(strings.Join(args[:2], " "), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, binary, args...)
			cmd.Env = p.env
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			var log bytes.Buffer
			addr := make(chan string, 1)
			copied := make(chan struct{})
			go func() {
				defer close(copied)
				sc := bufio.NewScanner(stderr)
				for sc.Scan() {
					log.WriteString(sc.Text() + "\n")
					if m := servedLine.FindStringSubmatch(sc.Text()); m != nil {
						addr <- m[1]
					}
				}
			}()
			var at string
			select {
			case at = <-addr:
			case <-copied:
				_ = cmd.Wait()
				t.Fatalf("%v ended before serving:\n%s", args, log.String())
			}
			req, _ := http.NewRequest(http.MethodGet, "http://"+at+"/metrics", nil)
			req.Header.Set("Accept", "application/openmetrics-text; version=1.0.0")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/openmetrics-text") ||
				!strings.Contains(string(body), `licensesync_up{server="ghes.acme.test",source="cloud"} 1`) || !strings.HasSuffix(string(body), "# EOF\n") {
				t.Fatalf("%v: %s\n%s", args, resp.Header.Get("Content-Type"), body)
			}
			if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			<-copied
			err = cmd.Wait()
			if err != nil || !strings.Contains(log.String(), "metrics: shutting down") {
				t.Fatalf("%v after SIGTERM: %v (want exit 0)\n%s", args, err, log.String())
			}
		})
	}
}

// Mistakes in the exporter's flags are refused with exit 2 and what to do, before
// anything is read or served.
func TestMetricsFlagMistakesAreSaid(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"metrics", "--listen", "0.0.0.0:9790", "--demo"}, "--listen 0.0.0.0:9790 is not a loopback address: give --web.config.file"},
		{[]string{"serve", "--metrics", "0.0.0.0:9790", "--demo"}, "--metrics 0.0.0.0:9790 is not a loopback address"},
		{[]string{"metrics", "--listen", "127.0.0.1:0", "--out", "x.prom", "--demo"}, "pick one"},
		{[]string{"metrics", "--interval", "0", "--demo"}, "the interval must be above 0"},
		{[]string{"serve", "--metrics", "127.0.0.1:0", "--metrics-interval", "-1m", "--demo"}, "the interval must be above 0"},
		{[]string{"metrics", "--web.config.file", "web.yml", "--demo"}, "--web.config.file goes with --listen"},
		{[]string{"serve", "--demo"}, "serve needs --ssh ADDR (the console over SSH, e.g. --ssh :2222) or --metrics ADDR"},
	} {
		r := runBin(t, env, tc.args...)
		if r.code != exitCancelled || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: want exit 2 and %q:\n%s", tc.args, tc.want, r)
		}
	}
}
