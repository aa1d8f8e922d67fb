package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestItemsPastBoundFollowsPaths(t *testing.T) {
	users := []itemBound{{path: "users", max: 2, what: "users", asked: "the per_page=2 asked for"}}
	top := []itemBound{{path: "", max: 2, what: "records", asked: "two"}}
	nested := []itemBound{{path: "a.b", max: 1, what: "bs", asked: "one"}, {path: "a.b[].c", max: 1, what: "cs", asked: "one"}}
	for _, c := range []struct {
		name, body string
		bounds     []itemBound
		want       string
	}{
		{"within", `{"users": [{}, {}], "total": 3}`, users, ""},
		{"past", `{"users": [{}, {}, {}]}`, users, "more than 2 users, the per_page=2 asked for"},
		{"keys match in any case, as decoding does", `{"USERS": [1, 2, 3]}`, users, "more than 2 users, the per_page=2 asked for"},
		{"an escaped key", `{"us\u0065rs": ["a", "b", "c"]}`, users, "more than 2 users, the per_page=2 asked for"},
		{"another list of the same name deeper down is not the one", `{"x": {"users": [1, 2, 3]}}`, users, ""},
		{"brackets and quotes inside strings are text", `{"users": ["[[[", "]\"],", "{"]}`, users, "more than 2 users, the per_page=2 asked for"},
		{"strings with brackets within", `{"users": ["[1,2,3,4]", "}"]}`, users, ""},
		{"a top-level list", `[{"a": [1, 2, 3]}, {}]`, top, ""},
		{"a top-level list past", `[true, false, null]`, top, "more than 2 records, two"},
		{"a list in each element of a list", `{"a": {"b": [{"c": [1]}]}}`, nested, ""},
		{"a list in each element of a list, past", `{"a": {"b": [{"c": [1]}, {"c": [1, 2]}]}}`, nested, "more than 1 bs, one"},
		{"the nested one past", `{"a": {"b": [{"c": [{}, {}]}]}}`, nested, "more than 1 cs, one"},
		{"not JSON passes, for decoding to say", `]]]`, users, ""},
		{"an unclosed string passes", `{"users": ["abc`, users, ""},
		{"other lists in all", "[" + strings.Repeat("0,", maxOtherItems) + "0]", nil, fmt.Sprintf("more than %d elements in its lists", maxOtherItems)},
		{"other lists within", "[" + strings.Repeat("0,", maxOtherItems-1) + "0]", nil, ""},
		{"nesting deeper than decoding takes", strings.Repeat("[", 20000) + strings.Repeat("]", 20000), users, ""},
	} {
		if got := itemsPastBound([]byte(c.body), c.bounds); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

// elementBomb is a list of n empty objects: 2,000,000 of them are 6 MB, well inside
// the body limit, and as Go values gigabytes.
func elementBomb(n int) string {
	return "[" + strings.Repeat("{},", n-1) + "{}]"
}

// Every list endpoint refuses a list longer than what was asked for, naming the
// endpoint, before decoding it: the memory a 2,000,000-element bomb costs stays far
// below what decoding it would (measured with runtime.MemStats: allocated in all, and
// the heap in use after).
func TestElementBombsAreRefusedPerEndpoint(t *testing.T) {
	const elements = 2_000_000
	const maxAlloc = 300 << 20
	bomb := elementBomb(elements)
	for _, c := range []struct {
		name, path, body string
		call             func(context.Context, *Client) error
		want             string
	}{
		{
			name: "consumed licenses", path: "/cloud/enterprises/acme-cloud/consumed-licenses",
			body: `{"total_seats_consumed": 100, "total_seats_purchased": 100, "users": ` + bomb + `}`,
			call: func(ctx context.Context, c *Client) error { _, err := c.ConsumedLicenses(ctx, nil); return err },
			want: "read the cloud's consumed licenses (page 1): more items than were asked for: GET /enterprises/acme-cloud/consumed-licenses holds more than 100 users, the per_page=100 asked for",
		},
		{
			name: "license sync status", path: "/cloud/enterprises/acme-cloud/license-sync-status",
			body: `{"server_instances": ` + bomb + `}`,
			call: func(ctx context.Context, c *Client) error { _, err := c.LicenseSyncStatus(ctx); return err },
			want: "GET /enterprises/acme-cloud/license-sync-status holds more than 1000 server instances, the most one enterprise is taken to have",
		},
		{
			name: "GraphQL installations", path: "/cloud/graphql",
			body: `{"data": {"enterprise": {"ownerInfo": {"enterpriseServerInstallations": {"nodes": ` + bomb + `}}}}}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Installation(ctx, "ghes.acme.test")
				return err
			},
			want: "POST /graphql holds more than 100 server installations, the first: 100 asked for",
		},
		{
			name: "GraphQL uploads of one installation", path: "/cloud/graphql",
			body: `{"data": {"enterprise": {"ownerInfo": {"enterpriseServerInstallations": {"nodes": [{"hostName": "ghes.acme.test", "userAccountsUploads": {"nodes": ` + bomb + `}}]}}}}}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Installation(ctx, "ghes.acme.test")
				return err
			},
			want: "POST /graphql holds more than 1 uploads of one installation, the first: 1 asked for",
		},
		{
			name: "Server Statistics", path: "/cloud/enterprise-installation/acme-cloud/server-statistics",
			body: bomb,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.ServerStatistics(ctx, time.Now().Add(-8*24*time.Hour))
				return err
			},
			want: "GET /enterprise-installation/acme-cloud/server-statistics holds more than 10000 records, one a day for 10 days of at most 1000 servers",
		},
		{
			name: "Server Statistics, the cloud's default span", path: "/cloud/enterprise-installation/acme-cloud/server-statistics",
			body: elementBomb(400_000),
			call: func(ctx context.Context, c *Client) error { _, err := c.ServerStatistics(ctx, time.Time{}); return err },
			want: "holds more than 365000 records, one a day for 365 days of at most 1000 servers",
		},
		{
			name: "the server license", path: "/api/v3/enterprise/settings/license",
			body: `{"seats": 10, "seats_used": 1, "kind": ` + bomb + `}`,
			call: func(ctx context.Context, c *Client) error { _, err := c.License(ctx); return err },
			want: "GET /enterprise/settings/license holds more than 100000 elements in its lists",
		},
		{
			name: "the server's user counts", path: "/api/v3/enterprise/stats/users",
			body: `{"total_users": ` + bomb + `}`,
			call: func(ctx context.Context, c *Client) error { _, err := c.ServerUserCounts(ctx); return err },
			want: "GET /enterprise/stats/users holds more than 100000 elements in its lists",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			cl, _ := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != c.path {
					http.NotFound(w, r)
					return
				}
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(c.body))
			})
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			err := c.call(context.Background(), cl)
			runtime.ReadMemStats(&after)
			var e *Error
			if !errors.As(err, &e) || e.Kind != KindBadResponse || !errors.Is(err, ErrTooManyItems) {
				t.Fatalf("want a KindBadResponse wrapping ErrTooManyItems, got %v", err)
			}
			if !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "Nothing of this answer was kept.") {
				t.Errorf("error:\n%s\nwant it to contain\n%s", err, c.want)
			}
			assertNoToken(t, "the error", err.Error())
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%d bytes of body; allocated %.1f MiB in all, heap in use %+.1f MiB", len(c.body), float64(alloc)/(1<<20), (float64(after.HeapInuse)-float64(before.HeapInuse))/(1<<20))
			if alloc > maxAlloc {
				t.Errorf("refusing the bomb allocated %d MiB, more than %d MiB", alloc>>20, maxAlloc>>20)
			}
		})
	}
}

// The counting pass itself allocates nothing per element.
func BenchmarkItemsPastBound(b *testing.B) {
	body := []byte(`{"users": ` + elementBomb(2_000_000) + `}`)
	bounds := []itemBound{{path: "users", max: 2_000_000, what: "users", asked: "all"}}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if got := itemsPastBound(body, bounds); got != "" {
			b.Fatal(got)
		}
	}
}

// Any body is counted without a panic, and a list that decodes with more users than
// the bound is never let through.
func FuzzItemsPastBound(f *testing.F) {
	for _, s := range []string{`{"users": [{}, {}, {}]}`, `[1, "a", [2], {"b": [3]}]`, `{"us\u0065rs": ["]", "\\"]}`, `"[[["`, `]`, `{"users": [`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		got := itemsPastBound([]byte(body), []itemBound{{path: "users", max: 2, what: "users", asked: "two"}})
		var v struct{ Users []json.RawMessage }
		if json.Unmarshal([]byte(body), &v) == nil && len(v.Users) > 2 && got == "" {
			t.Errorf("%q: %d users decoded, count says %q", body, len(v.Users), got)
		}
	})
}
