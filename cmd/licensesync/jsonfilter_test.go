package main

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// TestJQPrintsOneLogin: --jq filters the JSON as gh's does, a string printed raw.
func TestJQPrintsOneLogin(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	all := runBin(t, env, "users", "--demo", "--json")
	var users []map[string]any
	if err := json.Unmarshal([]byte(all.stdout), &users); err != nil || len(users) == 0 {
		t.Fatalf("users --json: %v\n%s", err, all)
	}
	r := runBin(t, env, "users", "--demo", "--json", "--jq", ".[0].github_com_login")
	if r.code != 0 || r.stdout != users[0]["github_com_login"].(string)+"\n" {
		t.Fatalf("want the first login alone on one line, got:\n%s", r)
	}
	n := runBin(t, env, "status", "--demo", "--jq", ".cloud.seats_consumed")
	if n.code != 0 || !regexp.MustCompile(`^\d+\n$`).MatchString(n.stdout) {
		t.Fatalf("--jq implies --json and prints a number as JSON:\n%s", n)
	}
}

// TestTemplateRendersEveryJSONCommand: --template is Go's text/template over the JSON.
func TestTemplateRendersEveryJSONCommand(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	r := runBin(t, env, "users", "--demo", "--template", `{{range .}}{{.github_com_login}}|{{join ";" .enterprise_server_emails}}{{"\n"}}{{end}}`)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if r.code != 0 || len(lines) < 2 || !strings.Contains(lines[0], "|") {
		t.Fatalf("want one line per user:\n%s", r)
	}
	s := runBin(t, env, "status", "--demo", "--template", `{{thousands .cloud.seats_purchased}}`)
	if s.code != 0 || !regexp.MustCompile(`^\d{1,3}(,\d{3})+$`).MatchString(s.stdout) {
		t.Fatalf("want the purchased seats with separators:\n%s", s)
	}
}

// TestBadJQOrTemplateIsAUsageErrorBeforeAnyRequest: no server is given, so only a check
// made before connecting can name the expression.
func TestBadJQOrTemplateIsAUsageErrorBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"status", "--jq", ".["},
		{"users", "--template", "{{range}"},
		{"sync", "--jq", "nosuchfunction(1)"},
	} {
		r := runBin(t, baseEnv(t), args...)
		assertOneLineError(t, r)
		if r.code != 2 || !strings.Contains(r.stderr, "--"+strings.TrimPrefix(args[1], "--")) || r.stdout != "" {
			t.Errorf("%v: want exit 2 naming %s:\n%s", args, args[1], r)
		}
	}
}

// TestJQAndTemplateOutputIsSanitized: strings printed raw cannot act on the terminal.
func TestJQAndTemplateOutputIsSanitized(t *testing.T) {
	t.Parallel()
	data := []map[string]string{{"login": "evil\x1b]52;c;aGk=\x07\u202e\nnext"}}
	for _, o := range []jsonOutput{{jq: ".[0].login"}, {template: "{{(index . 0).login}}"}} {
		if err := o.compile(); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := o.write(&buf, data); err != nil {
			t.Fatal(err)
		}
		if strings.ContainsAny(buf.String(), "\x1b\x07\u202e") || !strings.Contains(buf.String(), "evil") {
			t.Errorf("%+v: want the text without its escapes, got %q", o, buf.String())
		}
	}
}

// TestHumanOutputMatchesTheConsole: thousands separators, the summary on stderr, and a
// sentence instead of a bare header when nobody matches.
func TestHumanOutputMatchesTheConsole(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	st := runBin(t, env, "status", "--demo")
	if st.code != 0 || !regexp.MustCompile(`\d,\d{3} consumed of \d,\d{3} purchased`).MatchString(st.stdout) {
		t.Fatalf("status: want thousands separators:\n%s", st)
	}
	u := runBin(t, env, "users", "--demo")
	if u.code != 0 || strings.Contains(u.stdout, "shown;") || !strings.Contains(u.stderr, "shown;") {
		t.Fatalf("users: want the table on stdout and the summary on stderr:\n%s", u)
	}
	none := runBin(t, env, "users", "--demo", "--filter", "no-such-person-anywhere")
	if none.code != 0 || none.stdout != "" || !strings.Contains(none.stderr, `no users match "no-such-person-anywhere"`) {
		t.Fatalf("users --filter: want no header, a sentence on stderr:\n%s", none)
	}
}

// TestUnknownCommandSuggestsHelp: a usage error says where the usage is, in one line.
func TestUnknownCommandSuggestsHelp(t *testing.T) {
	t.Parallel()
	for args, want := range map[string]string{"frob": "'licensesync --help'", "users --bogus": "'licensesync users --help'"} {
		r := runBin(t, baseEnv(t), strings.Fields(args)...)
		assertOneLineError(t, r)
		if r.code != 2 || !strings.Contains(r.stderr, want) {
			t.Errorf("%s: want exit 2 pointing at %s:\n%s", args, want, r)
		}
	}
}
