package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The "done when" for the fleet: with `sim --servers 3`, status lists the three
// appliances under cloud.servers, status --all returns three status objects, and
// --server NAME picks one by its fleet name.
func TestFleetSimStatusAllAndServerByName(t *testing.T) {
	t.Parallel()
	env := startSim(t, baseEnv(t), "--servers", "3")
	var one statusJSON
	r := runBin(t, env, "status", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &one); err != nil || r.code != 0 || len(one.Cloud.Servers) != 3 {
		t.Fatalf("status --json (%v):\n%s", err, r)
	}
	r = runBin(t, env, "status", "--all", "--json")
	var all []statusJSON
	if err := json.Unmarshal([]byte(r.stdout), &all); err != nil || r.code != 0 || len(all) != 3 {
		t.Fatalf("status --all --json (%v):\n%s", err, r)
	}
	for i, host := range []string{"ghes.acme.test", "ghes-2.acme.test", "ghes-3.acme.test"} {
		if all[i].Server.Hostname != host || all[i].Cloud.SeatsConsumed == nil || *all[i].Cloud.SeatsConsumed != *one.Cloud.SeatsConsumed {
			t.Errorf("status --all [%d]: %+v", i, all[i].Server)
		}
	}
	r = runBin(t, env, "status", "--server", "ghes-3", "--json")
	var third statusJSON
	if err := json.Unmarshal([]byte(r.stdout), &third); err != nil || third.Server.Hostname != "ghes-3.acme.test" {
		t.Fatalf("status --server ghes-3 (%v):\n%s", err, r)
	}
}

func TestFleetConfigMistakesAreSaidPrecisely(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	dir := t.TempDir()
	for body, want := range map[string]string{
		"servers:\n  - {name: prod}\n":                                                  "servers[0] (prod): url is missing",
		"servers:\n  - {name: a, url: x}\n  - {name: A, url: y}\n":                      `the name "A" is used twice`,
		"servers:\n  - {name: 'a b', url: x}\n":                                         `name "a b": give a short name`,
		"servers:\n  - {name: a, url: x, token_env: 'GH TOKEN'}\n":                      `token_env "GH TOKEN" is not`,
		"servers:\n  - {name: a, url: https://a.example, enterprise: e, colour: red}\n": `unknown field "colour"`,
	} {
		path := filepath.Join(dir, "c.yml")
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		r := runBin(t, env, "status", "--config", path)
		if r.code != exitCancelled || !strings.Contains(r.stderr, want) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%q: want exit 2 and %q:\n%s", body, want, r)
		}
	}
	// One line, whose example is valid YAML to paste (the error printer flattens line breaks).
	if r := runBin(t, env, "status", "--all"); r.code != exitCancelled || !strings.Contains(r.stderr, "lists no servers") ||
		!strings.Contains(r.stderr, "servers: [{name: prod, url: https://ghes.example.com, enterprise: acme}]") {
		t.Errorf("status --all without a fleet:\n%s", r)
	}
}

// A fleet server's token_env is where its token comes from, and status says so.
func TestFleetTokenEnvIsTheServersToken(t *testing.T) {
	t.Parallel()
	env := startSim(t, baseEnv(t))
	path := filepath.Join(t.TempDir(), "c.yml")
	body := "servers:\n  - {name: lab, url: '" + envValue(env, "LICENSESYNC_SERVER") + "', enterprise: acme, token_env: LAB_TOKEN}\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	env = withEnv(withEnv(env, "LICENSESYNC_SERVER", ""), "LAB_TOKEN", envValue(env, "GH_ENTERPRISE_TOKEN"))
	env = withEnv(env, "GH_ENTERPRISE_TOKEN", "")
	r := runBin(t, env, "status", "--config", path, "--server", "lab")
	if r.code != 0 || !strings.Contains(r.stdout, "from LAB_TOKEN") {
		t.Fatalf("%s", r)
	}
}
