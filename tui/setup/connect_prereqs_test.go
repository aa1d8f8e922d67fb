package setup

import (
	"strings"
	"testing"

	"github.com/licensesync/licensesync/client"
)

// TestConnectPrerequisitesChecked: what the cloud probe learnt marks the IP allow list
// and the way out; GHE.com needs GHES 3.15; the invoice is listed, never guessed.
func TestConnectPrerequisitesChecked(t *testing.T) {
	t.Parallel()
	sh := testShared()
	p := NewGitHubConnectPage(sh)
	ipErr := &client.Error{Kind: client.KindMissingScope, Hint: `The enterprise "acme-cloud" has an IP allow list that does not include 203.0.113.7; ask an owner to add it.`}
	unreachable := &client.Error{Kind: client.KindUnreachable, Hint: "Could not reach https://api.github.com; check --cloud and the network."}
	for name, tc := range map[string]struct {
		probed bool
		err    error
		want   []string
	}{
		"not probed":      {false, nil, []string{"· An invoiced", "· This appliance's address", "· A proxy"}},
		"allowed":         {true, nil, []string{"· An invoiced", "✓ The cloud answers"}},
		"IP allow list":   {true, ipErr, []string{"✗ IP allow list: ", "203.0.113.7"}},
		"no way out":      {true, unreachable, []string{"✗ The cloud cannot be reached", "uploads.github.com"}},
		"other refusal ✓": {true, &client.Error{Kind: client.KindNotFound, Hint: "not an owner"}, []string{"✓ The cloud answers"}},
	} {
		var lines []string
		for _, r := range p.connectPrerequisites(tc.probed, tc.err) {
			lines = append(lines, r.mark+" "+r.text)
		}
		got := strings.Join(lines, "\n")
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", name, got, w)
			}
		}
	}
	sh.Session.Settings = &client.ConnectSettings{Connected: true, CloudURL: "https://acme.ghe.com"}
	for version, mark := range map[string]string{"3.14.7": "✗", "3.15.0": "✓", "4.0.1": "✓", "odd": "✗"} {
		sh.Session.Meta = &client.Meta{InstalledVersion: version}
		if r := p.gheComPrereq(); r.mark != mark || !strings.Contains(r.text, "3.15") {
			t.Errorf("GHES %s on GHE.com: %+v, want %s", version, r, mark)
		}
	}
	for u, want := range map[string]bool{"https://acme.ghe.com": true, "https://github.com": false, "https://api.acme.ghe.com/": true, "https://ghe.com.evil.test": false} {
		if isGHEcom(u) != want {
			t.Errorf("isGHEcom(%q) != %v", u, want)
		}
	}
}
