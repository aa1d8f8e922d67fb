package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/sim"
	"github.com/licensesync/licensesync/client/transport"
	"github.com/licensesync/licensesync/cmd/licensesync/output"
)

func TestParsePace(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]transport.Pace{
		"":       {},
		"off":    {Points: -1},
		"0":      {Points: -1},
		"900/1m": {Points: 900, Window: time.Minute},
		"90/6s":  {Points: 90, Window: 6 * time.Second},
		"900/m":  {Points: 900, Window: time.Minute},
		"500":    {Points: 500, Window: time.Minute},
	} {
		got, err := parsePace(in)
		if err != nil || got != want {
			t.Errorf("parsePace(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, bad := range []string{"fast", "-1/1m", "90/", "90/0s", "90/x"} {
		if _, err := parsePace(bad); err == nil {
			t.Errorf("parsePace(%q) accepted", bad)
		}
	}
}

func TestWriteJSONArrayMatchesWriteJSON(t *testing.T) {
	t.Parallel()
	name, yes := "<Ada & co>\u202e\u009b31m", true
	for _, users := range [][]client.ConsumedUser{nil, {{GithubComLogin: "a"}},
		{{GithubComLogin: "a", GithubComName: &name, GithubComUser: client.FlexBool{V: &yes}}, {EnterpriseServerEmails: []string{"x@y"}}}} {
		var want, got bytes.Buffer
		v := users
		if v == nil {
			v = []client.ConsumedUser{}
		}
		if err := output.WriteJSON(&want, v); err != nil {
			t.Fatal(err)
		}
		if err := writeJSONArray(&got, users); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("got\n%s\nwant\n%s", got.String(), want.String())
		}
	}
}

// TestUsersKeepsASnapshotAndRevalidates: the second users run gets every page as a
// 304 and prints the same list; status then revalidates page 1 only.
func TestUsersKeepsASnapshotAndRevalidates(t *testing.T) {
	t.Parallel()
	srv, err := sim.Start(sim.Options{Seed: 5, CloudUsers: 750}, "127.0.0.1:0", "")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	env := baseEnv(t)
	for _, line := range srv.Env() {
		env = append(env, strings.ReplaceAll(strings.TrimPrefix(line, "export "), "'", ""))
	}
	cache := filepath.Join(t.TempDir(), "cache")
	env = append(env, "XDG_CACHE_HOME="+cache)

	first := runBin(t, env, "users", "--json")
	if first.code != 0 {
		t.Fatalf("users:\n%s", first)
	}
	files, _ := filepath.Glob(filepath.Join(cache, "licensesync", "*.snap"))
	if len(files) != 1 {
		t.Fatalf("snapshot files: %v", files)
	}
	if info, err := os.Stat(files[0]); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("snapshot mode: %v %v", info.Mode(), err)
	}
	// Fresh: page 1 unchanged, the other pages trusted, and the user told how old.
	before := srv.Stats().NotModified
	second := runBin(t, env, "users", "--json")
	if second.code != 0 || second.stdout != first.stdout {
		t.Fatalf("second users run differs:\n%s", second)
	}
	if got := srv.Stats().NotModified - before; got != 1 || !strings.Contains(second.stderr, "7 of 8 pages from the snapshot confirmed") {
		t.Fatalf("%d pages answered 304, want page 1 only, and a note:\n%s", got, second)
	}
	// --max-age 0: every page revalidated.
	before = srv.Stats().NotModified
	if r := runBin(t, env, "users", "--json", "--max-age", "0"); r.code != 0 || r.stdout != first.stdout || srv.Stats().NotModified-before != 8 {
		t.Fatalf("%d pages answered 304 with --max-age 0, want all 8:\n%s", srv.Stats().NotModified-before, r)
	}
	if r := runBin(t, env, "users", "--max-age", "soon"); r.code != 2 || !strings.Contains(r.stderr, "--max-age") {
		t.Fatalf("a bad --max-age:\n%s", r)
	}
	var users []json.RawMessage
	if err := json.Unmarshal([]byte(second.stdout), &users); err != nil || len(users) != 750 {
		t.Fatalf("%d users, %v", len(users), err)
	}
	// The breakdown counts the kept users while the cloud's totals are unchanged: page 1
	// alone is asked; --fresh revalidates every page, each answered "not modified".
	before = srv.Stats().NotModified
	if st := runBin(t, env, "status", "--json"); st.code != 0 || srv.Stats().NotModified-before != 1 || !strings.Contains(st.stdout, `"both":`) {
		t.Fatalf("status: %d 304s\n%s", srv.Stats().NotModified-before, st)
	}
	before = srv.Stats().NotModified
	if st := runBin(t, env, "status", "--json", "--fresh"); st.code != 0 || srv.Stats().NotModified-before != 1+8 {
		t.Fatalf("status --fresh: %d 304s\n%s", srv.Stats().NotModified-before, st)
	}
	before = srv.Stats().NotModified
	if r := runBin(t, env, "users", "--json", "--no-snapshot"); r.code != 0 || srv.Stats().NotModified != before {
		t.Fatalf("--no-snapshot revalidated:\n%s", r)
	}
	if r := runBin(t, env, "users", "--pace", "fast"); r.code != 2 {
		t.Fatalf("a bad --pace:\n%s", r)
	}
}

func TestParseMaxAge(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]time.Duration{"": 0, "0": -1, "off": -1, "0s": -1, "10m": 10 * time.Minute, " 90s ": 90 * time.Second} {
		if got, err := parseMaxAge(in); err != nil || got != want {
			t.Errorf("parseMaxAge(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"soon", "-5m", "10"} {
		if _, err := parseMaxAge(bad); err == nil {
			t.Errorf("parseMaxAge(%q) accepted", bad)
		}
	}
}
