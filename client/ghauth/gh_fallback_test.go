package ghauth

import (
	"os"
	"path/filepath"
	"testing"
)

// stubGH puts a `gh` on PATH that answers `gh auth token --hostname H` with out (for
// every host), and records that it ran in the file it returns.
func stubGH(t *testing.T, out string) (ran string) {
	t.Helper()
	dir := t.TempDir()
	ran = filepath.Join(dir, "ran")
	script := "#!/bin/sh\n" +
		"echo \"$@\" >> '" + ran + "'\n" +
		"[ \"$1 $2 $3\" = \"auth token --hostname\" ] || exit 1\n" +
		"printf '%s' '" + out + "'\n"
	if err := os.WriteFile(filepath.Join(dir, "gh"), []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	return ran
}

func TestGHAuthTokenIsTheLastResort(t *testing.T) {
	ran := stubGH(t, "gho_fromGHcli0123\n")
	empty := mapEnv(map[string]string{"GH_CONFIG_DIR": t.TempDir()})
	got := Lookup{Getenv: empty, AskGH: true}.ForHost("api.GHES.acme.test:443")
	if got.Value != "gho_fromGHcli0123" || got.Source != "gh auth token" {
		t.Fatalf("token = %+v", got)
	}
	if args, _ := os.ReadFile(ran); string(args) != "auth token --hostname ghes.acme.test\n" {
		t.Errorf("gh ran with %q", args)
	}
	// The environment still comes first: gh is not asked.
	os.Remove(ran)
	env := mapEnv(map[string]string{"GH_CONFIG_DIR": t.TempDir(), "GH_ENTERPRISE_TOKEN": "ghp_env"})
	if got := (Lookup{Getenv: env, AskGH: true}).ForHost("ghes.acme.test"); got.Source != "GH_ENTERPRISE_TOKEN" {
		t.Errorf("token = %+v", got)
	}
	if _, err := os.Stat(ran); err == nil {
		t.Error("gh was asked although the environment had a token")
	}
	// Without AskGH, gh is never run.
	if got := (Lookup{Getenv: empty}).ForHost("ghes.acme.test"); got.Value != "" {
		t.Errorf("token = %+v without AskGH", got)
	}
	if _, err := os.Stat(ran); err == nil {
		t.Error("gh was run without AskGH")
	}
}

func TestGHAuthTokenOddAnswersGiveNoToken(t *testing.T) {
	for _, out := range []string{"", "two words", "line one\nline two", "   \n"} {
		stubGH(t, out)
		got := Lookup{Getenv: mapEnv(map[string]string{"GH_CONFIG_DIR": t.TempDir()}), AskGH: true}.ForHost("ghes.acme.test")
		if got.Value != "" {
			t.Errorf("gh answered %q: token = %+v", out, got)
		}
	}
}
