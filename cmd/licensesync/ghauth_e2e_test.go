package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client/replay"
)

// ghStubEnv is env with no token variables, LICENSESYNC_ASK_GH=1 and a `gh` first on
// PATH that answers `gh auth token --hostname H` from tokens (by host).
func ghStubEnv(t *testing.T, env []string, tokens map[string]string) []string {
	t.Helper()
	dir := t.TempDir()
	script := "#!/bin/sh\n[ \"$1 $2 $3\" = \"auth token --hostname\" ] || exit 1\ncase \"$4\" in\n"
	for host, tok := range tokens {
		script += host + ") printf '%s\\n' '" + tok + "' ;;\n"
	}
	script += "*) exit 1 ;;\nesac\n"
	if err := os.WriteFile(filepath.Join(dir, "gh"), []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, name := range tokenVariables {
		env = withEnv(env, name, "")
	}
	env = withEnv(env, "PATH", dir+string(os.PathListSeparator)+envValue(env, "PATH"))
	return append(env, "LICENSESYNC_ASK_GH=1")
}

// TestTokensFromGHAuthToken: with LICENSESYNC_ASK_GH=1 and no token in the environment
// or gh's hosts.yml, `gh auth token` gives both tokens, and says so.
func TestTokensFromGHAuthToken(t *testing.T) {
	t.Parallel()
	_, env := replayEnv(t, replay.Options{})
	env = ghStubEnv(t, env, map[string]string{"127.0.0.1": replay.ServerToken, "github.com": replay.CloudToken})
	r := runBin(t, env, "status")
	if r.code != 0 || strings.Count(r.stdout, "from gh auth token") != 2 {
		t.Fatalf("want both tokens from gh auth token:\n%s", r)
	}
	assertNoTokenFragment(t, "status", r)

	// A token gh gives with an invisible character is refused before it is sent.
	env = ghStubEnv(t, env, map[string]string{"127.0.0.1": "ghp_copied\u00a0fromAPage0123", "github.com": replay.CloudToken})
	r = runBin(t, env, "status")
	assertOneLineError(t, r)
	if r.code != 2 || !strings.Contains(r.stderr, "gh auth token") || !strings.Contains(r.stderr, "U+00A0") || strings.Contains(r.stderr, "fromAPage") {
		t.Errorf("want exit 2 naming the source and the character, not the token:\n%s", r)
	}
}
