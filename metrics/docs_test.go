package metrics

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"gopkg.in/yaml.v3"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/sim"
	"github.com/licensesync/licensesync/client/status"
)

// simSource reads a simulated appliance as `licensesync metrics` does: the status,
// then where the seats go, and the rate limits seen; the history's run-out estimate is
// given as runOut (the history is the command's, not this package's).
func simSource(t *testing.T, srv *sim.Server, runOut *time.Time) Source {
	t.Helper()
	c, err := client.New(client.Config{ServerURL: srv.ServerURL(), ServerToken: sim.ServerAdminToken, Enterprise: srv.Enterprise(),
		CloudURL: srv.CloudURL(), CloudToken: sim.CloudAdminToken, CloudEnterprise: srv.CloudEnterprise()})
	if err != nil {
		t.Fatal(err)
	}
	r := status.New(c, nil)
	return Source{Server: srv.Hostname(), Read: func(ctx context.Context) (*Picture, error) {
		st, err := r.Status(ctx)
		if err != nil {
			return nil, err
		}
		cl, err := r.ConsumedLicenses(ctx, nil)
		if err != nil {
			return nil, err
		}
		st.Reconcile = r.ReconcileFrom(ctx, cl)
		// The reclaim plan is the command's too (cmd/licensesync, metrics_source.go): a
		// lever's totals stand in for it.
		reclaimable := []Reclaimable{{Lever: "dormant", ServerSeats: 3, CloudSeats: 1}}
		return &Picture{Status: st, RunOut: runOut, Rates: r.RatesRemaining(), Reclaimable: reclaimable}, nil
	}}
}

// servedOnSims is every metric name a collector serves when it reads, at once, an
// appliance that has synced, one that has not (its projection) and one that cannot be
// reached (up 0, the error counter).
func servedOnSims(t *testing.T) map[string]bool {
	t.Helper()
	fleet, err := sim.StartFleet(sim.Options{}, 1, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fleet.Close() })
	unsynced, err := sim.Start(sim.Options{Hostname: "ghes-new.acme.test", CloudEnterprise: "acme-new"}, "127.0.0.1:0", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unsynced.Close() })
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	gone := "http://" + closed.Addr().String()
	closed.Close() // nothing listens there any more: unreachable
	c, err := client.New(client.Config{ServerURL: gone, ServerToken: sim.ServerAdminToken, Enterprise: "acme",
		CloudURL: gone + "/cloud/", CloudToken: sim.CloudAdminToken, CloudEnterprise: "acme-cloud"})
	if err != nil {
		t.Fatal(err)
	}
	down := Source{Server: "ghes-down.acme.test", Read: func(ctx context.Context) (*Picture, error) {
		st, err := status.New(c, nil).Status(ctx)
		if err != nil {
			return nil, err
		}
		return &Picture{Status: st}, nil
	}}
	runOut := time.Now().Add(90 * 24 * time.Hour)
	r := NewRefresher("test", simSource(t, fleet.Servers[0], &runOut), simSource(t, unsynced, nil), down)
	_ = r.Refresh(context.Background()) // the unreachable one fails: that is the point
	families, err := Registry(r).Gather()
	if err != nil {
		t.Fatal(err)
	}
	served := map[string]bool{}
	for _, f := range families {
		served[f.GetName()] = true
	}
	return served
}

// described is every metric name the collector can serve.
func described() []string {
	ch := make(chan *prometheus.Desc, len(descriptions))
	(&Refresher{}).Describe(ch)
	close(ch)
	var names []string
	fqName := regexp.MustCompile(`fqName: "([^"]+)"`)
	for d := range ch {
		names = append(names, fqName.FindStringSubmatch(d.String())[1])
	}
	sort.Strings(names)
	return names
}

// promqlMetrics are the metric names a PromQL expression selects: its identifiers
// less strings, label matchers, grouping clauses, ranges, functions and keywords.
func promqlMetrics(expr string) []string {
	for _, strip := range []*regexp.Regexp{
		regexp.MustCompile(`"(\\.|[^"\\])*"`),
		regexp.MustCompile(`\{[^}]*\}`),
		regexp.MustCompile(`\[[^\]]*\]`),
		regexp.MustCompile(`\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)`),
	} {
		expr = strip.ReplaceAllString(expr, " ")
	}
	keywords := map[string]bool{"and": true, "or": true, "unless": true, "bool": true, "offset": true, "by": true, "without": true,
		"on": true, "ignoring": true, "group_left": true, "group_right": true}
	var out []string
	ident := regexp.MustCompile(`[A-Za-z_:][A-Za-z0-9_:]*(\s*\()?`)
	for _, m := range ident.FindAllString(expr, -1) {
		if strings.HasSuffix(m, "(") || keywords[m] {
			continue // a function or aggregation, or an operator
		}
		out = append(out, m)
	}
	return out
}

// TestRulesAndDashboardUseOnlyServedMetrics: every metric the example alerting rules
// and the Grafana dashboard query is one the exporter serves on the simulator, and
// docs/METRICS.md names every metric the exporter can serve, with nothing it does not.
func TestRulesAndDashboardUseOnlyServedMetrics(t *testing.T) {
	served := servedOnSims(t)
	all := described()
	for _, name := range all {
		if !served[name] {
			t.Errorf("%s was not served on the simulators: this test's sims should show every metric", name)
		}
	}

	var rules struct {
		Groups []struct {
			Rules []struct {
				Alert string `yaml:"alert"`
				Expr  string `yaml:"expr"`
			} `yaml:"rules"`
		} `yaml:"groups"`
	}
	data, err := os.ReadFile("../docs/metrics/alerts.yml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &rules); err != nil {
		t.Fatalf("alerts.yml: %v", err)
	}
	exprs := map[string]string{}
	for _, g := range rules.Groups {
		for _, r := range g.Rules {
			exprs["alert "+r.Alert] = r.Expr
		}
	}
	var dashboard struct {
		Panels []struct {
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	data, err = os.ReadFile("../docs/metrics/dashboard.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &dashboard); err != nil {
		t.Fatalf("dashboard.json: %v", err)
	}
	for _, p := range dashboard.Panels {
		for i, tg := range p.Targets {
			exprs["panel "+p.Title+" #"+string(rune('A'+i))] = tg.Expr
		}
	}
	if len(exprs) < 10 {
		t.Fatalf("found only %d expressions in the rules and the dashboard", len(exprs))
	}
	for where, expr := range exprs {
		names := promqlMetrics(expr)
		if len(names) == 0 {
			t.Errorf("%s: %q selects no metric", where, expr)
		}
		for _, name := range names {
			if !served[name] {
				t.Errorf("%s: %q uses %s, which the exporter does not serve", where, expr, name)
			}
		}
	}

	doc, err := os.ReadFile("../docs/METRICS.md")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `(licensesync_[a-z_]+)` \\|").FindAllSubmatch(doc, -1) {
		listed[string(m[1])] = true
	}
	for _, name := range all {
		if !listed[name] {
			t.Errorf("docs/METRICS.md does not list %s", name)
		}
	}
	for name := range listed {
		if !slices.Contains(all, name) {
			t.Errorf("docs/METRICS.md lists %s, which the exporter does not serve", name)
		}
	}
}

// TestPromqlMetricsFindsTheSelectedNames: the name finder the test above relies on.
func TestPromqlMetricsFindsTheSelectedNames(t *testing.T) {
	got := promqlMetrics(`sum by (server) (increase(licensesync_refresh_errors_total{cause!="x{"}[30m])) / on(server) group_left licensesync_up > bool 0 or absent(licensesync_typo_metric)`)
	want := []string{"licensesync_refresh_errors_total", "licensesync_up", "licensesync_typo_metric"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}
