package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestUsersTableTravelInTmux: on the demo after a sync, G goes to the last of the 3,340
// users and says so; enter on a row opens everything the API says about that person,
// the emails of both sides and the server ids included; the toast of a copy goes by itself after its few seconds.
func TestUsersTableTravelInTmux(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "TERM=xterm-256color", "LANG=C.UTF-8",
		"XDG_STATE_HOME=" + filepath.Join(home, "state"), "XDG_CONFIG_HOME=" + filepath.Join(home, "config")}
	p := newTmuxPane(t, 100, 30, env, "--demo", "--demo-reset")
	p.waitFor("All checks passed")
	p.keys("Enter")
	p.waitFor("step 2 of 4")
	p.keys("Enter")
	p.waitFor("Connected to")
	p.keys("Enter")
	p.waitFor("Server can sync user license count and usage")
	p.keys("Up", "Enter")
	p.waitFor("from Disabled to Enabled?")
	p.keys("Enter")
	p.waitFor("Disabled → Enabled")
	p.keys("Enter")
	p.waitFor("updated")
	p.keys("s")
	p.waitFor("Sync now succeeded")
	p.waitFor("1 of 3,340")
	p.keys("G")
	p.waitFor("3,340 of 3,340")

	// A person on both sides, found by the filter alone: the detail shows every email
	// of both sides and the server ids, which the table does not.
	var users []struct {
		Login    string   `json:"github_com_login"`
		Server   []string `json:"enterprise_server_emails"`
		Verified []string `json:"github_com_verified_domain_emails"`
		IDs      []string `json:"enterprise_server_user_ids"`
	}
	res := runBin(t, env, "users", "--demo", "--json")
	if err := json.Unmarshal([]byte(res.stdout), &users); err != nil {
		t.Fatalf("users --json: %v\n%s", err, res.stderr)
	}
	tried, found := 0, false
	for _, u := range users {
		emails := distinctFold(append(append([]string{}, u.Server...), u.Verified...))
		if u.Login == "" || len(u.Server) == 0 || len(u.Verified) == 0 || len(u.IDs) == 0 {
			continue
		}
		if tried++; tried > 5 {
			t.Fatal("no person on both sides could be found alone by the filter")
		}
		p.keys("/")
		p.waitFor("keep filter") // the filter has the keys before they are typed
		p.tmux("send-keys", "-l", u.Login)
		p.keys("Enter")
		if s := p.waitFor("filter " + u.Login); !strings.Contains(s, "Users 1 of 1 ") {
			p.keys("Escape")
			// esc and the next key sent at once would read as alt+key.
			p.waitGone("filter "+u.Login, 20*time.Second)
			continue
		}
		p.keys("Enter")
		s := p.waitFor("Dashboard › " + u.Login)
		for _, want := range append(emails, u.IDs...) {
			if !strings.Contains(s, want) {
				t.Errorf("the detail lacks %q:\n%s", want, s)
			}
		}
		p.keys("c")
		p.waitFor("Copied \"")
		p.waitGone("Copied \"", 20*time.Second)
		found = true
		break
	}
	if !found {
		t.Fatalf("the demo's %d users have nobody on both sides to look at", len(users))
	}
	p.keys("q")
}

// distinctFold is each string once, whatever its case.
func distinctFold(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if k := strings.ToLower(s); s != "" && !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}

// waitGone polls until the screen no longer shows text.
func (p *tmuxPane) waitGone(text string, within time.Duration) {
	p.t.Helper()
	deadline := time.Now().Add(within)
	for strings.Contains(p.screen(), text) {
		if time.Now().After(deadline) {
			p.t.Fatalf("the screen still shows %q after %s:\n%s", text, within, p.screen())
		}
		time.Sleep(100 * time.Millisecond)
	}
}
